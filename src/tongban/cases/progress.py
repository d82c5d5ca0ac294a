"""The public progress query (办件进度查询) by case number and query code, shared by the page
and the API: one guard, one lookup and one public representation.

Case numbers follow a published rule and are sequential per day, so the query code is all that
protects a case. Every caller, logged in or not, is therefore counted per client address
(``progress_address``) and per case number asked about (``progress_case``), whichever address
asks; after ``PROGRESS_LOCK_FAILURES`` wrong codes for one number that number is locked for
``PROGRESS_LOCK_MINUTES``. Unknown numbers are counted and locked exactly like real ones, so
neither the answer nor the lock says which numbers exist. The counters live in the cache
(Redis in production, so they hold across workers).

The representation holds the state, the dates and the milestone names: never the reasons staff
wrote (supplement, refusal, denial), the applicant, the form, or who acted. Those are for the
applicant's own case page and the workbench.

Limits: a locked number is locked for its owner too; the owner still sees the case in 我的办件
after logging in, and the lock ends by itself.
"""

import datetime
import hashlib
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from tongban.cases import presentation, selectors
from tongban.cases.models import Case
from tongban.core.api.throttling import ScopedThrottle


class ProgressRefused(Exception):
    """The query was not answered: throttled (``locked`` False) or the number is locked."""

    def __init__(self, *, locked: bool, wait: float | None) -> None:
        super().__init__("locked" if locked else "throttled")
        self.locked = locked
        self.wait = wait
        self.minutes = settings.PROGRESS_LOCK_MINUTES


@dataclass(frozen=True)
class Milestone:
    milestone: str
    name: str
    state: str
    at: datetime.datetime


@dataclass(frozen=True)
class PublicProgress:
    number: str
    item_name: str
    state: str
    state_label: str
    submitted_at: datetime.datetime
    accepted_at: datetime.datetime | None
    promised_due: datetime.date | None
    statutory_due: datetime.date | None
    closed_at: datetime.datetime | None
    events: list[Milestone] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: datetimes in the local zone and dates in ISO 8601, as the API."""
        return {
            name: _json(value)
            for name, value in asdict(self).items()
            if name != "events"
        } | {
            "events": [
                {name: _json(value) for name, value in asdict(row).items()}
                for row in self.events
            ]
        }


def _json(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def public_progress(case: Case) -> PublicProgress:
    """What anyone holding the number and the query code may see."""
    return PublicProgress(
        number=case.number,
        item_name=str(case.implementation.basic_item.name),
        state=case.state,
        state_label=str(presentation.state_label(case.state)),
        submitted_at=case.submitted_at,
        accepted_at=case.accepted_at,
        promised_due=case.promised_due,
        statutory_due=case.statutory_due,
        closed_at=case.closed_at,
        events=[
            Milestone(
                milestone=event.event,
                name=str(presentation.EVENT_LABELS.get(event.event, event.event)),
                state=event.to_state,
                at=event.created_at,
            )
            for event in selectors.case_events(case=case)
        ],
    )


def _key(kind: str, number: str) -> str:
    digest = hashlib.sha256(number.encode()).hexdigest()[:32]
    return f"tongban:progress:{kind}:{digest}"


def _count_failure(number: str) -> None:
    window = settings.PROGRESS_LOCK_MINUTES * 60
    failures_key = _key("failures", number)
    cache.add(failures_key, 0, timeout=window)
    try:
        failures = cache.incr(failures_key)
    except ValueError:  # expired between add and incr
        cache.set(failures_key, 1, timeout=window)
        failures = 1
    if failures >= settings.PROGRESS_LOCK_FAILURES:
        # The end of the lock is kept in the value, not only as the entry's lifetime, so
        # every cache backend ends it at the same moment (and tests can move the clock).
        cache.set(_key("lock", number), time.time() + window, timeout=window)
        cache.delete(failures_key)


def progress_lookup(
    *, request: Any, number: str, query_code: str
) -> PublicProgress | None:
    """The public progress of the case, ``None`` when number and code do not match;
    ``ProgressRefused`` when the caller or the number has asked too often."""
    number = number.strip()
    locked_until = cache.get(_key("lock", number))
    if locked_until and locked_until > time.time():
        raise ProgressRefused(locked=True, wait=locked_until - time.time())
    for throttle, key in (
        (ScopedThrottle("progress_address"), None),
        (ScopedThrottle("progress_case"), _key("asked", number)),
    ):
        if not throttle.allow(request, key=key):
            raise ProgressRefused(locked=False, wait=throttle.wait())
    case = selectors.case_by_number_and_code(number=number, query_code=query_code)
    if case is None:
        _count_failure(number)
        return None
    return public_progress(case)
