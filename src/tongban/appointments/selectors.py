"""Reads of appointments and queues: open slots, what to bring, positions, the display."""

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)
from django.utils import timezone

from tongban.appointments import conf
from tongban.appointments.domain import queue
from tongban.appointments.domain.slots import DayType, Session, Slot, opening, slots
from tongban.appointments.models import Appointment, QueueTicket, ServiceGroup, SlotLoad
from tongban.calendars import selectors as calendar_selectors
from tongban.calendars.domain.deadlines import DayKind, YearUnpublished
from tongban.catalog import selectors as catalog_selectors
from tongban.core.permissions import Perm, scope_for
from tongban.regions.models import Hall, Window


@dataclass(frozen=True)
class OpenSlot:
    slot: Slot
    left: int  # places still free

    @property
    def full(self) -> bool:
        return self.left <= 0


def group_list(*, hall: Hall) -> QuerySet[ServiceGroup]:
    return ServiceGroup.objects.filter(hall=hall, is_active=True).order_by("code")


def group_get(*, hall: Hall, code: str) -> ServiceGroup | None:
    return group_list(hall=hall).filter(code=code).first()


def groups_of_window(*, window: Window) -> list[ServiceGroup]:
    return list(
        ServiceGroup.objects.filter(windows=window, is_active=True).select_related(
            "hall"
        )
    )


WINDOW_GROUPS_SECONDS = 60


def _window_groups_key(window_id: int) -> str:
    return f"appointments:window-groups:{window_id}"


# The groups each window was last found to serve in this process, and when (monotonic
# seconds): kept for ``WINDOW_GROUPS_LOCAL_SECONDS``, dropped at once by a regroup made
# in this process.
_local_groups: dict[int, tuple[float, list[ServiceGroup]]] = {}


def groups_of_window_cached(*, window: Window) -> list[ServiceGroup]:
    """The active groups ``window`` serves, with their hall's division and organisation
    (what a call's scope needs), from the cache: "call next" asks on every call and the
    answer changes only when a manager regroups windows (``window_groups_forget``, and
    at most ``WINDOW_GROUPS_SECONDS`` later for a change made another way). The process
    keeps what it read for ``WINDOW_GROUPS_LOCAL_SECONDS`` (no Redis round trip, no
    unpickling): a regroup made in another process reaches it within that time."""
    seconds = float(getattr(settings, "WINDOW_GROUPS_LOCAL_SECONDS", 0))
    now = time.monotonic()
    held = _local_groups.get(window.pk)
    if held is not None and now - held[0] < seconds:
        return held[1]
    key = _window_groups_key(window.pk)
    groups: list[ServiceGroup] | None = cache.get(key)
    if groups is None:
        groups = list(
            ServiceGroup.objects.filter(windows=window, is_active=True)
            .select_related("hall__division", "hall__organisation")
            .order_by("pk")
        )
        cache.set(key, groups, WINDOW_GROUPS_SECONDS)
    if seconds > 0:
        _local_groups[window.pk] = (now, groups)
    return groups


def window_groups_forget(*, window_ids: Iterable[int]) -> None:
    """Drop the cached groups of these windows (their groups or windows changed)."""
    ids = list(window_ids)
    for pk in ids:
        _local_groups.pop(pk, None)
    cache.delete_many([_window_groups_key(pk) for pk in ids])


def day_type(hall: Hall, day: dt.date) -> DayType:
    return _day_types(hall, [day])[day]


def _day_types(hall: Hall, days: list[dt.date]) -> dict[date, DayType]:
    """The kind of each day for the hall: one query for its closures, one calendar."""
    if not days:
        return {}
    closures = [
        (c.start_date, c.end_date)
        for c in hall.closures.filter(
            start_date__lte=max(days), end_date__gte=min(days)
        )
    ]
    calendar = calendar_selectors.calendar_for(division=hall.division)
    kinds = {}
    for day in days:
        kinds[day] = _kind(calendar, closures, day)
    return kinds


def _kind(calendar: Any, closures: list[tuple[date, date]], day: date) -> DayType:
    if any(start <= day <= end for start, end in closures):
        return DayType.CLOSED
    try:
        working = calendar.is_working_day(day)
    except YearUnpublished:
        return DayType.OFF  # unknown years are never guessed
    weekend = day.weekday() >= 5
    if working:
        return DayType.MAKE_UP if weekend else DayType.WORKING
    rule = calendar.rules.get(day)
    if weekend and (rule is None or rule.kind != DayKind.OFF):
        return DayType.WEEKEND
    return DayType.OFF


def _sessions(hall: Hall) -> list[Session]:
    return [Session(s.weekday, s.opens, s.closes) for s in hall.sessions.all()]


def group_slots(
    *, group: ServiceGroup, days: int | None = None, today: dt.date | None = None
) -> list[OpenSlot]:
    """The bookable slots of the next days (from tomorrow; today only for times not yet
    begun), with the places left."""
    now = timezone.localtime()
    today = today or now.date()
    span = min(days or group.book_days_ahead, group.book_days_ahead)
    sessions = _sessions(group.hall)
    dates = [today + dt.timedelta(days=offset) for offset in range(span + 1)]
    kinds = _day_types(group.hall, dates)
    found: list[Slot] = []
    for day in dates:
        for slot in slots(day, kinds[day], sessions, minutes=group.slot_minutes):
            if day == now.date() and slot.start <= now.time():
                continue
            found.append(slot)
    if not found:
        return []
    booked = {
        (row.day, row.start): row.booked
        for row in SlotLoad.objects.filter(
            group=group, day__gte=found[0].day, day__lte=found[-1].day
        )
    }
    return [
        OpenSlot(slot, group.capacity - booked.get((slot.day, slot.start), 0))
        for slot in found
    ]


def slot_find(*, group: ServiceGroup, day: dt.date, start: dt.time) -> Slot | None:
    today = timezone.localdate()
    if not today <= day <= today + dt.timedelta(days=group.book_days_ahead):
        return None
    for slot in slots(
        day,
        day_type(group.hall, day),
        _sessions(group.hall),
        minutes=group.slot_minutes,
    ):
        if slot.start == start:
            if slot.starts_at <= timezone.localtime().replace(tzinfo=None):
                return None
            return slot
    return None


def hall_open_now(*, group: ServiceGroup) -> bool:
    now = timezone.localtime()
    hall = group.hall
    for opens, closes in _opening_today(hall, now.date()):
        if opens <= now.time() < closes:
            return True
    return False


def _opening_today(hall: Hall, day: dt.date) -> list[tuple[dt.time, dt.time]]:
    return opening(day, day_type(hall, day), _sessions(hall))


def what_to_bring(*, appointment: Appointment) -> str:
    """The materials of the booked service's live guide, else a general line."""
    if appointment.item is not None:
        version = catalog_selectors.live_version(implementation=appointment.item)
        if version is not None:
            names = [str(m.name) for m in version.materials.all()]
            if names:
                return "、".join(names)
    return "身份证件 / ངོ་སྤྲོད་ལག་ཁྱེར།"  # an identity document, in both scripts


def appointment_list_for(*, applicant: Any) -> QuerySet[Appointment]:
    return Appointment.objects.filter(applicant=applicant).select_related(
        "group__hall", "item__basic_item"
    )


def appointment_get_for(*, applicant: Any, uuid: Any) -> Appointment | None:
    return appointment_list_for(applicant=applicant).filter(uuid=uuid).first()


def no_show_ban_until(*, applicant: Any) -> dt.date | None:
    """The day booking is possible again after too many no-shows, or ``None``."""
    today = timezone.localdate()
    since = today - dt.timedelta(days=int(conf.get("APPOINTMENT_NO_SHOW_DAYS")))
    missed = list(
        Appointment.objects.filter(
            applicant=applicant, state=Appointment.State.NO_SHOW, day__gte=since
        )
        .order_by("-day")
        .values_list("day", flat=True)
    )
    if len(missed) < int(conf.get("APPOINTMENT_NO_SHOW_LIMIT")):
        return None
    until = missed[0] + dt.timedelta(days=int(conf.get("APPOINTMENT_NO_SHOW_BAN_DAYS")))
    return until if until > today else None


@dataclass(frozen=True)
class Position:
    ahead: int
    wait_minutes: int


def _average_service_minutes(group: ServiceGroup, day: dt.date) -> float:
    served = QueueTicket.objects.filter(
        group=group, day=day, state=QueueTicket.State.DONE, serving_at__isnull=False
    ).aggregate(
        average=Avg(
            ExpressionWrapper(
                F("done_at") - F("serving_at"), output_field=DurationField()
            )
        )
    )["average"]
    if served is None:
        return float(conf.get("QUEUE_DEFAULT_SERVICE_MINUTES"))
    return max(served.total_seconds() / 60, 1.0)


def ticket_position(*, ticket: QueueTicket) -> Position | None:
    if ticket.state != QueueTicket.State.WAITING:
        return None
    ahead = (
        QueueTicket.objects.filter(
            group=ticket.group, day=ticket.day, state=QueueTicket.State.WAITING
        )
        .filter(
            Q(rank__lt=ticket.rank)
            | Q(rank=ticket.rank, created_at__lt=ticket.created_at)
            | Q(rank=ticket.rank, created_at=ticket.created_at, id__lt=ticket.id)
        )
        .count()
    )
    windows = ticket.group.windows.filter(is_active=True).count()
    minutes = queue.estimated_wait_minutes(
        ahead=ahead,
        average_minutes=_average_service_minutes(ticket.group, ticket.day),
        windows=windows,
    )
    return Position(ahead=ahead, wait_minutes=minutes)


def ticket_get(*, uuid: Any) -> QueueTicket | None:
    return (
        QueueTicket.objects.select_related("group__hall", "window")
        .filter(uuid=uuid)
        .first()
    )


def display_board(*, hall: Hall, today: dt.date | None = None) -> dict[str, Any]:
    """What the hall's screen shows: the latest calls and the waiting count per group."""
    today = today or timezone.localdate()
    calls = list(
        QueueTicket.objects.filter(
            group__hall=hall,
            day=today,
            state__in=[QueueTicket.State.CALLED, QueueTicket.State.SERVING],
        )
        .select_related("window", "group")
        .order_by("-called_at")[:8]
    )
    waiting = dict(
        QueueTicket.objects.filter(
            group__hall=hall, day=today, state=QueueTicket.State.WAITING
        )
        .values_list("group__code")
        .annotate(n=Count("id"))
        .values_list("group__code", "n")
    )
    groups = [(g, waiting.get(g.code, 0)) for g in group_list(hall=hall)]
    latest = calls[0] if calls else None
    stamp = f"{latest.label}:{latest.recalls}:{latest.called_at}" if latest else ""
    return {"calls": calls, "groups": groups, "stamp": stamp}


def waiting_count(*, groups: list[ServiceGroup]) -> int:
    return QueueTicket.objects.filter(
        group__in=groups, day=timezone.localdate(), state=QueueTicket.State.WAITING
    ).count()


def ticket_at_desk_for(*, user: Any, uuid: Any) -> QueueTicket | None:
    """A number called or being served today at a window of ``user``'s intake scope
    (the counter intake started from it), or ``None``."""
    scope = scope_for(user, Perm.CASE_INTAKE)
    return (
        QueueTicket.objects.filter(
            uuid=uuid,
            day=timezone.localdate(),
            state__in=[QueueTicket.State.CALLED, QueueTicket.State.SERVING],
        )
        .filter(
            scope.q(
                organisation_path="group__hall__organisation__path",
                division_prefix="group__hall__division__prefix",
            )
        )
        .select_related("group")
        .first()
    )


def window_current(*, window: Window) -> QueueTicket | None:
    return (
        QueueTicket.objects.filter(
            window=window,
            day=timezone.localdate(),
            state__in=[QueueTicket.State.CALLED, QueueTicket.State.SERVING],
        )
        .select_related("group")
        .order_by("-called_at")
        .first()
    )


def queue_statistics(
    *, hall: Hall, start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    """Per window: tickets served, average wait (taken → called) and service (called →
    done) in minutes."""
    wait = ExpressionWrapper(
        F("called_at") - F("created_at"), output_field=DurationField()
    )
    service = ExpressionWrapper(
        F("done_at") - F("serving_at"), output_field=DurationField()
    )
    rows = (
        QueueTicket.objects.filter(
            group__hall=hall,
            day__gte=start,
            day__lte=end,
            state=QueueTicket.State.DONE,
        )
        .values("window__number", "window__name")
        .annotate(served=Count("id"), wait=Avg(wait), service=Avg(service))
        .order_by("window__number")
    )
    return [
        {
            "window": f"{r['window__number']} {r['window__name']}",
            "served": r["served"],
            "wait_minutes": _minutes(r["wait"]),
            "service_minutes": _minutes(r["service"]),
        }
        for r in rows
    ]


def _minutes(value: dt.timedelta | None) -> float | None:
    return round(value.total_seconds() / 60, 1) if value is not None else None
