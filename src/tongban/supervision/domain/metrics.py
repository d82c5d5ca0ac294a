"""The 一网通办 metrics (DOMAIN §11.6, clause 6) as pure formulas over counts.

Inputs are plain numbers gathered by the selectors: item counts from the live catalogue,
case counts from the rollups. A rate whose denominator is zero is ``None`` (shown as "—"),
never 0 % or 100 %: nothing was measured. Formulas marked [INF] in DOMAIN are configurable
where the digest says the practice varies (whether 基本满意 counts as good is a setting of
the evaluation metrics once evaluations exist).
"""

from dataclasses import dataclass


def ratio(part: float, whole: float) -> float | None:
    return None if not whole else part / whole


@dataclass(frozen=True)
class ItemCounts:
    """Counts over the live implementations of one scope."""

    items: int = 0  # 依申请 implementations (all live ones)
    online: int = 0  # 是否网办 = 1 (online depth ≥ 2)
    fully_online: int = 0  # 到现场次数 = 0 (depth 4, 全程网办)
    instant: int = 0  # 办件类型 = 1 即办件
    promised_sum: int = 0  # Σ 承诺时限 (items with both limits in working days)
    statutory_sum: int = 0  # Σ 法定时限 of the same items
    visits_sum: int = 0  # Σ 到现场次数
    materials_now: int = 0  # required materials now, items with a baseline
    materials_baseline: int = 0  # required materials in the baseline versions
    visits_baseline: int = 0  # Σ 到现场次数 in the baseline versions
    baseline_items: int = 0


@dataclass(frozen=True)
class CaseCounts:
    """Counts over the cases of one scope and period (from the rollups)."""

    submitted: int = 0
    online: int = 0
    closed: int = 0
    on_time: int = 0
    late: int = 0
    open_overdue: int = 0  # running cases past the promise now (active warnings)


@dataclass(frozen=True)
class ClaimCounts:
    """事项认领: basic items a level should implement in a division, and those it does."""

    should: int = 0
    claimed: int = 0


def item_metrics(c: ItemCounts) -> dict[str, float | None]:
    visits_avg = ratio(c.visits_sum, c.items)
    return {
        "online_rate": ratio(c.online, c.items),  # 网上可办率
        "fully_online_rate": ratio(c.fully_online, c.items),  # 全程网办率
        "instant_share": ratio(c.instant, c.items),  # 即办件占比
        # 承诺时限压缩率 = 1 − Σ承诺 ÷ Σ法定 (same unit)
        "limit_compression": (
            None if not c.statutory_sum else 1 - c.promised_sum / c.statutory_sum
        ),
        "average_visits": visits_avg,  # 平均跑动次数
        # 申请材料精简率 = 1 − current ÷ baseline materials (items with a baseline)
        "material_reduction": (
            None
            if not c.materials_baseline
            else 1 - c.materials_now / c.materials_baseline
        ),
    }


def case_metrics(c: CaseCounts) -> dict[str, float | None]:
    return {
        "online_case_rate": ratio(c.online, c.submitted),  # 网上实际办件率
        "on_time_rate": ratio(c.on_time, c.closed),  # 按时办结率
        "overdue_count": float(c.late + c.open_overdue),  # 超期件数
    }


def claim_rate(c: ClaimCounts) -> float | None:
    return ratio(c.claimed, c.should)  # 事项认领率
