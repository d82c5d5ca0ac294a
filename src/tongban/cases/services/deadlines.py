"""Due dates of a case from its frozen limits and its region's calendar.

Counting starts the day after acceptance (the acceptance day is not counted); special
procedures are excluded; the approved extension is added (calendars.domain.deadlines
documents the rules and their legal basis). A deadline that needs a year whose notice is not
yet entered is computed provisionally (weekends and statutory holidays only), flagged on the
case, and recomputed with audit when the notice arrives (the calendar hook below).

``case_clock_columns`` keeps the one denormalised column the workbench queue sorts and
filters on, ``Case.queue_due`` (the date the case's light is measured against, see
``domain.lights.queue_due``): the transition writer calls it on every transition, the
calendar hook after recomputing, and ``cases_clock_columns_sweep`` repairs in one
statement any row written around them (a bulk load, a restore, a manual fix).
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Case as Case_
from django.db.models import DateField, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from tongban.calendars import selectors as calendar_selectors
from tongban.calendars.domain.deadlines import TIME_ZONE, Pause, Unit, local_date
from tongban.calendars.hooks import CalendarChange
from tongban.cases.domain.lights import NO_CLOCK, queue_due
from tongban.cases.domain.workflow import OPEN_STATES
from tongban.cases.models import Case
from tongban.cases.selectors import working_days_until
from tongban.core import actors
from tongban.core.services import audit_record
from tongban.notifications.services import notification_enqueue

UNITS = {"working_days": Unit.WORKING, "natural_days": Unit.NATURAL}


def _pauses(case: Case, today: datetime.date) -> list[Pause]:
    """The paused spans of the limit: special procedures that the catalogue does not count
    toward it (行政许可法 45). One resumed on the day it started removes no day."""
    pauses = []
    for pause in case.pauses.all():
        if pause.counts_toward_limit:
            continue
        if pause.resumed_on is not None:
            if pause.resumed_on <= pause.start_date:
                continue
            end = pause.resumed_on - datetime.timedelta(days=1)
        elif pause.end_date is not None:
            end = pause.end_date
        else:  # still running: assume the announced duration, at least until today
            end = max(
                today, pause.start_date + datetime.timedelta(days=pause.expected_days)
            )
        pauses.append(Pause(pause.start_date, end))
    return pauses


def due_dates(
    case: Case, *, today: datetime.date | None = None
) -> tuple[datetime.date | None, datetime.date | None, bool]:
    """``(statutory_due, promised_due, provisional)`` for an accepted case."""
    if case.accepted_at is None:
        return None, None, False
    today = today or timezone.localdate()
    start = local_date(case.accepted_at)
    pauses = _pauses(case, today)
    results: list[datetime.date | None] = []
    provisional = False
    for limit, unit, extension in (
        (case.statutory_limit, case.statutory_unit, case.extension_days),
        (case.promised_limit, case.promised_unit, case.extension_days),
    ):
        if limit is None:
            results.append(None)
            continue
        deadline = calendar_selectors.calendar_deadline(
            division=case.division,
            start=start,
            days=limit,
            unit=UNITS.get(unit, Unit.WORKING),
            extension=extension,
            pauses=pauses,
            provisional_ok=True,
        )
        provisional = provisional or deadline.provisional
        results.append(deadline.due)
    statutory, promised = results
    if statutory and promised and promised > statutory:
        promised = (
            statutory  # a promise never outlasts the law (extension applies to both)
        )
    return statutory, promised, provisional


def tolerance_max_days(case: Case, *, today: datetime.date | None = None) -> int:
    """The most working days a 容缺 period may run from today: it must end at least
    ``CASE_TOLERANCE_MARGIN_WORKING_DAYS`` before the promised limit (the statutory one if
    none is promised) counted from acceptance today (DOMAIN §6)."""
    today = today or timezone.localdate()
    limit, unit = case.promised_limit, case.promised_unit
    if limit is None:
        limit, unit = case.statutory_limit, case.statutory_unit
    if limit is None:
        return int(settings.CASE_TOLERANCE_MAX_WORKING_DAYS)
    start = local_date(case.accepted_at) if case.accepted_at else today
    due = calendar_selectors.calendar_deadline(
        division=case.division,
        start=start,
        days=limit,
        unit=UNITS.get(unit, Unit.WORKING),
        provisional_ok=True,
    ).due
    available = working_days_until(case, due, today=today) or 0
    return min(
        available - int(settings.CASE_TOLERANCE_MARGIN_WORKING_DAYS),
        int(settings.CASE_TOLERANCE_MAX_WORKING_DAYS),
    )


def case_clock_columns(case: Case) -> None:
    """Set the queue's denormalised column of ``case`` from its state and dates (not
    saved: the caller saves the case)."""
    case.queue_due = queue_due(
        state=case.state,
        supplement_rounds=case.supplement_rounds,
        acceptance_due=case.acceptance_due,
        promised_due=case.promised_due,
        statutory_due=case.statutory_due,
    )


# ``domain.lights.queue_due`` in SQL, for the sweep (a test holds the two to each other).
QUEUE_DUE_SQL = Coalesce(
    Case_(
        When(state="submitted", supplement_rounds=0, then=F("acceptance_due")),
        When(
            state__in=["accepted", "suspended"],
            then=Coalesce(F("promised_due"), F("statutory_due")),
        ),
        default=None,
        output_field=DateField(),
    ),
    Value(NO_CLOCK),
    output_field=DateField(),
)


def cases_clock_columns_sweep() -> int:
    """Repair ``queue_due`` wherever it differs from the case's state and dates; the
    number of rows fixed (0 when every writer kept it)."""
    return Case.objects.exclude(queue_due=QUEUE_DUE_SQL).update(queue_due=QUEUE_DUE_SQL)


def apply_due_dates(case: Case) -> dict[str, list[Any]]:
    """Recompute and set the due dates on ``case`` (not saved); the changes for audit."""
    before = (case.statutory_due, case.promised_due, case.deadline_provisional)
    case.statutory_due, case.promised_due, case.deadline_provisional = due_dates(case)
    after = (case.statutory_due, case.promised_due, case.deadline_provisional)
    names = ("statutory_due", "promised_due", "deadline_provisional")
    return {
        n: [str(b), str(a)]
        for n, b, a in zip(names, before, after, strict=True)
        if b != a
    }


def _tell_moved(case: Case, shown: datetime.date | None) -> None:
    """The due date the applicant was told moved: remember the old one for the case page
    and send the new one by SMS (delivered by the outbox after commit)."""
    new = case.promised_due or case.statutory_due
    if shown is None or new is None or new == shown:
        return
    case.deadline_moved_from = shown
    case.deadline_moved_on = timezone.localdate()
    if case.applicant.phone:
        notification_enqueue(
            channel="sms",
            recipient=case.applicant.phone,
            template="case_deadline_moved",
            language=case.applicant.preferred_language,
            context={
                "number": case.number,
                "item": case.version.implementation.basic_item.name,
                "due_date": str(new),
                "previous_due_date": str(shown),
            },
        )


def case_deadlines_recompute_for_calendar(
    change: CalendarChange, actor: actors.Actor
) -> int:
    """Calendar hook: recompute the open cases counted in the changed region whose span
    touches the changed dates, or that were provisional for a newly published year."""
    # Narrow in SQL to the cases whose counting span can contain a changed date; the
    # exact check below runs on the few that remain.
    after_last_day = datetime.datetime.combine(
        change.last + datetime.timedelta(days=1), datetime.time(), tzinfo=TIME_ZONE
    )
    span = Q(statutory_due__gte=change.first, accepted_at__lt=after_last_day)
    if change.newly_published:
        span |= Q(deadline_provisional=True)
    cases = (
        Case.objects.filter(
            state__in=[s.value for s in OPEN_STATES],
            accepted_at__isnull=False,
            division__prefix__startswith=change.division_prefix,
        )
        .filter(span)
        .select_related(
            "division",
            "organisation",
            "applicant",
            "version__implementation__basic_item",
        )
    )
    changed = 0
    with transaction.atomic():
        for case in cases.select_for_update(of=("self",)):
            start = local_date(case.accepted_at) if case.accepted_at else None
            touches = (
                start is not None
                and case.statutory_due is not None
                and (start <= change.last and change.first <= case.statutory_due)
            )
            if not (touches or (change.newly_published and case.deadline_provisional)):
                continue
            shown = case.promised_due or case.statutory_due
            changes = apply_due_dates(case)
            if changes:
                _tell_moved(case, shown)
                case_clock_columns(case)
                case.save(
                    update_fields=[
                        "statutory_due",
                        "promised_due",
                        "deadline_provisional",
                        "deadline_moved_from",
                        "deadline_moved_on",
                        "queue_due",
                    ]
                )
                audit_record(
                    actor=actor,
                    action="case.recompute_deadlines",
                    instance=case,
                    changes=changes,
                    division_prefix=case.division.prefix,
                    organisation_path=case.organisation.path,
                )
                changed += 1
    return changed
