"""What a statutory notice says, without Django: its kind, the data a caller gives, and the
checks that a notice is complete before it is laid out.

The kinds are the written notices that 行政许可法 and DOMAIN.md §8 require of case handling.
Each kind names the facts it cannot go without (``REQUIRED_FACTS``); a notice that lacks one
is refused here rather than printed with a blank, because a 不予受理通知书 without reasons or
a 补正材料通知书 without its list is itself unlawful (行政许可法 32, 38).

Limits: facts are plain strings chosen by the caller; list-valued facts (``items``) are
newline-separated, and a line may carry its reason after a ``|`` (or full-width ``｜``).
Dates in facts whose key ends in ``date`` or ``_on`` may be ISO strings (``2026-03-20``), which
the renderer shows in the notice's language; anything else is shown as given.
"""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from urllib.parse import urlsplit

LANGUAGES = ("zh-hans", "bo", "en")


class NoticeKind(StrEnum):
    ACCEPTANCE = "acceptance"  # 受理通知书, 行政许可法 32
    REFUSAL = "refusal"  # 不予受理通知书, 行政许可法 32 (reasons and remedies)
    SUPPLEMENT = "supplement"  # 补正材料通知书（一次性告知书）, 行政许可法 32(1)(4)
    SPECIAL_PROCEDURE = "special_procedure"  # 特别程序告知书, 行政许可法 45
    EXTENSION = "extension"  # 延期告知书, 行政许可法 42
    APPROVAL = "approval"  # 准予行政许可决定书, 行政许可法 38(1), 39
    DENIAL = "denial"  # 不予行政许可决定书, 行政许可法 38(2) (reasons and remedies)
    COMPLETION = "completion"  # 办结通知书, 行政许可法 44
    SERVICE_RECEIPT = "service_receipt"  # 送达回证


REQUIRED_FACTS: Mapping[NoticeKind, tuple[str, ...]] = MappingProxyType(
    {
        NoticeKind.ACCEPTANCE: ("due_date",),
        NoticeKind.REFUSAL: ("reasons",),
        # 32(1)(4): everything to correct, at once, and by when.
        NoticeKind.SUPPLEMENT: ("items", "due_date"),
        # 45: the applicant must be told the procedure and how long it takes.
        NoticeKind.SPECIAL_PROCEDURE: ("procedure", "reason", "expected_duration"),
        # 42: extension needs the head of the authority's approval and reasons told.
        NoticeKind.EXTENSION: ("reasons", "new_due_date", "approver"),
        NoticeKind.APPROVAL: ("decision_text",),
        NoticeKind.DENIAL: ("reasons",),
        NoticeKind.COMPLETION: ("result_name",),
        NoticeKind.SERVICE_RECEIPT: ("document_name", "document_number"),
    }
)

# Kinds that must tell the applicant of 行政复议 and 行政诉讼 (行政许可法 38(2); the same is
# practised for 不予受理, which is a decision the applicant may contest).
WITH_REMEDIES = frozenset({NoticeKind.REFUSAL, NoticeKind.DENIAL})

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ITEM_SEPARATOR = re.compile(r"\s*[|｜]\s*")


class NoticeDataError(ValueError):
    """The notice cannot be issued as given (missing facts, unknown language, bad URL)."""


@dataclass(frozen=True)
class NoticeItem:
    """One line of a one-time supplement list: what to supply and why."""

    name: str
    reason: str = ""


@dataclass(frozen=True)
class NoticeData:
    kind: NoticeKind
    number: str  # 文号, e.g. 拉市监受〔2026〕第0068号; numbering is the caller's
    language: str  # "zh-hans", "bo" or "en"
    issued_on: datetime.date
    verify_url: str  # absolute URL of the public page that confirms the notice
    authority_name: str
    applicant_name: str
    case_number: str
    item_name: str
    facts: Mapping[str, str] = field(default_factory=dict)
    # Absolute URL of the page where the applicant evaluates the service (好差评), printed
    # with its own QR code; "" for none.
    evaluate_url: str = ""

    def __post_init__(self) -> None:
        check_notice(self)


def check_notice(data: NoticeData) -> None:
    if not isinstance(data.kind, NoticeKind):
        raise NoticeDataError(f"unknown notice kind {data.kind!r}")
    if data.language not in LANGUAGES:
        raise NoticeDataError(
            f"notices are issued in {LANGUAGES}, not {data.language!r}"
        )
    for name in ("verify_url", "evaluate_url"):
        url = urlsplit(getattr(data, name))
        if name == "evaluate_url" and not data.evaluate_url:
            continue
        if url.scheme not in ("https", "http") or not url.netloc:
            raise NoticeDataError(f"{name} must be an absolute http(s) URL")
    for name in ("number", "authority_name", "applicant_name", "case_number"):
        if not getattr(data, name).strip():
            raise NoticeDataError(f"a notice needs {name}")
    missing = [
        key
        for key in REQUIRED_FACTS[data.kind]
        if not str(data.facts.get(key, "")).strip()
    ]
    if missing:
        raise NoticeDataError(f"a {data.kind} notice needs the facts {missing}")


def parse_items(text: str) -> list[NoticeItem]:
    """``items`` as a list: one line per material or field, reason after ``|``."""
    items = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, *reason = _ITEM_SEPARATOR.split(line.strip(), maxsplit=1)
        items.append(NoticeItem(name=name, reason=reason[0] if reason else ""))
    return items


def fact_date(key: str, value: str) -> datetime.date | None:
    """The date a fact holds, when its key names a date and the value is ISO."""
    if not (key.endswith("date") or key.endswith("_on")):
        return None
    if not _ISO_DATE.fullmatch(value.strip()):
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None
