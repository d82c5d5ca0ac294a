"""Indicator sets (评价指标), versioned. The template is national and uniform: regions do
not add or remove indicators (DOMAIN.md §11.2), so a new template is a new version here and
every evaluation records the version it was given.

Online: 一级 整体满意度; 二级 办事效率, 办事指南精确度, 办事便捷度, 平台操作性.
On site: 一级 整体满意度; 二级 服务效率, 服务水平, 服务态度.
"""

from dataclasses import dataclass
from enum import StrEnum


class SetKind(StrEnum):
    ONLINE = "online"
    ON_SITE = "onsite"


@dataclass(frozen=True)
class IndicatorSet:
    kind: SetKind
    version: int
    overall: str  # 一级 indicator code: the level of the evaluation itself
    secondary: tuple[
        str, ...
    ]  # 二级 indicator codes, each rated on the same five levels


INDICATOR_SETS: dict[tuple[SetKind, int], IndicatorSet] = {
    (SetKind.ONLINE, 1): IndicatorSet(
        SetKind.ONLINE,
        1,
        "overall",
        ("efficiency", "guide_accuracy", "convenience", "platform_usability"),
    ),
    (SetKind.ON_SITE, 1): IndicatorSet(
        SetKind.ON_SITE, 1, "overall", ("efficiency", "service_level", "attitude")
    ),
}


def current_set(kind: SetKind) -> IndicatorSet:
    """The newest version of the set of ``kind``."""
    version = max(v for k, v in INDICATOR_SETS if k == kind)
    return INDICATOR_SETS[(kind, version)]


def check_scores(indicator_set: IndicatorSet, scores: dict[str, int]) -> list[str]:
    """Names of secondary indicators that are unknown or not rated 1–5."""
    wrong = [name for name in scores if name not in indicator_set.secondary]
    wrong += [
        name
        for name, value in scores.items()
        if name in indicator_set.secondary
        and (
            not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5
        )
    ]
    return wrong
