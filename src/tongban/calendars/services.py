"""Writes: entering or correcting an official holiday notice, and importing notice
files.

``calendar_notice_apply`` is the one writer of calendar rows. A notice is identified by
its scope and document number, so entering the same notice again changes nothing (no
save, no audit row). When it does change the days, the year is newly published, or both,
the registered recompute hooks (``hooks.py``) run in the same transaction and the audit
row records what changed and how many deadlines were recomputed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.calendars import hooks, selectors
from tongban.calendars.domain import notices as notice_rules
from tongban.calendars.domain.notices import DayInput, NoticeInput
from tongban.calendars.models import CalendarDay, CalendarNotice, CalendarYear
from tongban.core.permissions import Perm, require
from tongban.core.services import audit_record
from tongban.core.snapshots import changes_between, snapshot
from tongban.regions import selectors as region_selectors
from tongban.regions.domain.divisions import Level

if TYPE_CHECKING:
    from tongban.regions.models import Division

NOTICE_FIELDS = (
    "year",
    "number",
    "title_zh_hans",
    "title_bo",
    "title_en",
    "issued_on",
    "url",
    "source",
)
MESSAGES = {
    "required": _("This value is required."),
    "invalid": _("This value is not valid."),
    "invalid_date": _("Not a date: write it as YYYY-MM-DD."),
    "invalid_year": _("Not a year between 1949 and 2100."),
    "invalid_json": _("The file is not valid JSON."),
    "invalid_scope": _("Write a division code (6, 9 or 12 digits) or 'national'."),
    "missing_column": _("The header row lacks this column."),
    "notice_mismatch": _("The rows of one notice disagree on this value."),
    "unknown_division": _("There is no division with this code."),
    "calendar_scope_level": _(
        "Calendars are kept for the region, prefectures and counties."
    ),
    "calendar_day_kind": _(
        "Write 'off' for a day off or 'work' for a make-up workday."
    ),
    "calendar_day_outside_year": _("This date is too far from the year of the notice."),
    "calendar_day_conflict": _(
        "This date is listed both as a day off and as a workday."
    ),
    "calendar_day_duplicate": _("This date is listed twice."),
    "calendar_day_taken": _(
        "Another notice of this region ({number}) already arranges this date."
    ),
    "calendar_concurrent_change": _(
        "Someone entered a notice for these days at the same moment; try again."
    ),
    "calendar_notice_year_fixed": _(
        "This notice was entered for {year}; its year cannot change."
    ),
    "calendar_notice_repeated": _(
        "This notice (same scope and document number) is already in the file at "
        "{where}; list each notice once."
    ),
}


@dataclass(frozen=True)
class NoticeResult:
    notice: CalendarNotice
    created: bool
    changed: bool
    change: hooks.CalendarChange | None = None
    recomputed: dict[str, int] = field(default_factory=dict)

    @property
    def changed_dates(self) -> tuple[dt.date, ...]:
        return self.change.dates if self.change else ()

    @property
    def recomputed_total(self) -> int:
        return sum(self.recomputed.values())


def _error(key: str, code: str, **params: Any) -> ValidationError:
    message = str(MESSAGES[code]).format(**params) if params else MESSAGES[code]
    return ValidationError({key: ValidationError(message, code=code)})


def _check_days(
    *,
    division: Division | None,
    year: int,
    days: Sequence[DayInput],
    notice: CalendarNotice | None,
) -> None:
    problems = notice_rules.day_problems(year, days)
    if problems:
        raise ValidationError(
            {
                f"days[{i}].{column}": ValidationError(MESSAGES[code], code=code)
                for i, column, code in problems
            }
        )
    taken = (
        CalendarDay.objects.filter(division=division, date__in=[d.date for d in days])
        .exclude(notice=notice)
        .select_related("notice")
    )
    by_date = {day.date: day.notice.number for day in taken}
    for i, day in enumerate(days):
        if day.date in by_date:
            raise _error(
                f"days[{i}].date", "calendar_day_taken", number=by_date[day.date]
            )


def _day_state(days: Sequence[Any]) -> dict[str, list[str | None]]:
    return {
        day.date.isoformat(): [
            day.kind,
            day.name_zh_hans,
            day.name_bo or None,
            day.name_en or None,
        ]
        for day in days
    }


def _input_state(days: Sequence[DayInput]) -> dict[str, list[str | None]]:
    return {
        day.date.isoformat(): [
            day.kind,
            day.name,
            day.name_bo or None,
            day.name_en or None,
        ]
        for day in days
    }


def _change(
    division: Division | None,
    year: int,
    before: dict[str, Any],
    after: dict[str, Any],
    newly_published: bool,
) -> hooks.CalendarChange | None:
    flipped = tuple(
        sorted(
            dt.date.fromisoformat(d)
            for d in set(before) | set(after)
            if (before.get(d) or [None])[0] != (after.get(d) or [None])[0]
        )
    )
    if not flipped and not newly_published:
        return None
    span = list(flipped)
    if newly_published:
        span += [dt.date(year, 1, 1), dt.date(year, 12, 31)]
    return hooks.CalendarChange(
        division_code=division.code if division else "",
        division_prefix=division.prefix if division else "",
        year=year,
        dates=flipped,
        first=min(span),
        last=max(span),
        newly_published=newly_published,
    )


@transaction.atomic
def calendar_notice_apply(
    *,
    actor: Any,
    division: Division | None,
    year: int,
    number: str,
    title: str,
    issued_on: dt.date,
    days: Sequence[DayInput],
    url: str = "",
    title_bo: str = "",
    title_en: str = "",
    source: str = "",
) -> NoticeResult:
    """Enter a notice for ``division`` (``None``: national), or correct the one with the
    same document number; the year becomes published for that scope."""
    require(
        actor, Perm.CALENDAR_MANAGE, division_prefix=division.prefix if division else ""
    )
    if division is not None and division.level > Level.COUNTY:
        raise _error("scope", "calendar_scope_level")
    notice = (
        # Ordered by pk: the default ordering joins the (nullable) division, and
        # PostgreSQL cannot lock the nullable side of an outer join.
        CalendarNotice.objects.select_for_update()
        .filter(division=division, number=number)
        .order_by("pk")
        .first()
    )
    if notice is not None and notice.year != year:
        raise _error("year", "calendar_notice_year_fixed", year=notice.year)
    _check_days(division=division, year=year, days=days, notice=notice)
    created = notice is None
    before = snapshot(notice, NOTICE_FIELDS) if notice else {}
    before_days = _day_state(list(notice.days.all())) if notice else {}
    notice = notice or CalendarNotice(division=division, number=number)
    notice.year, notice.issued_on, notice.url = year, issued_on, url
    notice.source = source
    # modeltranslation's per-language columns are invisible to the type checker.
    for name, value in (("title", title), ("title_zh_hans", title)):
        setattr(notice, name, value)
    for name, value in (("title_bo", title_bo), ("title_en", title_en)):
        setattr(notice, name, value or None)
    notice.full_clean()
    after_days = _input_state(days)
    meta = changes_between(before, snapshot(notice, NOTICE_FIELDS))
    if not created and not meta and before_days == after_days:
        return NoticeResult(notice=notice, created=False, changed=False)
    rows = [
        CalendarDay(
            notice=notice,
            division=division,
            date=d.date,
            kind=d.kind,
            name=d.name,
            name_zh_hans=d.name,
            name_bo=d.name_bo or None,
            name_en=d.name_en or None,
        )
        for d in days
    ]
    for row in rows:
        # Uniqueness of (scope, date) was checked above (calendar_day_taken) and the
        # database enforces it; the notice's own old days are replaced below.
        row.full_clean(exclude=["notice"], validate_constraints=False)
    try:
        # A concurrent entry of the same notice or date loses on the unique
        # constraints; answer it as a validation error, not a server error.
        with transaction.atomic():
            notice.save()
            for row in rows:
                row.notice = notice
            notice.days.all().delete()
            CalendarDay.objects.bulk_create(rows)
    except IntegrityError as error:
        raise _error("__all__", "calendar_concurrent_change") from error
    # The hooks below count in the new calendar; every process reads the new revision
    # once this commits (this one at once, the others within CALENDAR_REVISION_SECONDS).
    selectors.calendar_revision_forget()
    transaction.on_commit(selectors.calendar_revision_forget)
    newly_published = not CalendarYear.objects.filter(
        division=division, year=year
    ).exists()
    if newly_published:
        CalendarYear.objects.create(
            division=division, year=year, notice=notice, published_at=timezone.now()
        )
    change = _change(division, year, before_days, after_days, newly_published)
    recomputed = hooks.run(change, actor) if change else {}
    audit_record(
        actor=actor,
        action="calendar.notice_create" if created else "calendar.notice_update",
        instance=notice,
        division_prefix=division.prefix if division else "",
        changes={
            **meta,
            "days": changes_between(before_days, after_days),
            "published": newly_published,
            "recomputed": recomputed,
        },
    )
    return NoticeResult(
        notice=notice,
        created=created,
        changed=True,
        change=change,
        recomputed=recomputed,
    )


def _scope(code: str, where: str) -> Division | None:
    if code == notice_rules.NATIONAL:
        return None
    division = region_selectors.division_get(code=code)
    if division is None:
        raise _error(f"{where}, scope", "unknown_division")
    return division


def problems_error(problems: Sequence[notice_rules.Problem]) -> ValidationError:
    """A file's problems as one ``ValidationError`` keyed ``"line 7, date"``."""
    errors: dict[str, list[ValidationError]] = {}
    for p in problems:
        message = MESSAGES.get(p.code, MESSAGES["invalid"])
        errors.setdefault(f"{p.where}, {p.column}", []).append(
            ValidationError(message, code=p.code)
        )
    return ValidationError(errors)


@transaction.atomic
def calendar_import(
    *, actor: Any, notices: Sequence[NoticeInput]
) -> list[NoticeResult]:
    """Apply every notice of a parsed file, all or nothing.

    Each notice runs in its own savepoint so that every problem of the file is found
    in one pass, each keyed by the file's row (``"notices[2], year"``); if there is any,
    the whole file is rolled back and one ``ValidationError`` names them all.
    """
    results: list[NoticeResult] = []
    located: dict[str, list[ValidationError]] = {}
    seen: dict[tuple[str, str], str] = {}
    for notice in notices:
        key = (notice.scope, notice.number)
        if key in seen:
            # Two copies of one notice would silently overwrite each other.
            message = str(MESSAGES["calendar_notice_repeated"]).format(where=seen[key])
            located.setdefault(f"{notice.where}, number", []).append(
                ValidationError(message, code="calendar_notice_repeated")
            )
            continue
        seen[key] = notice.where
        try:
            with transaction.atomic():
                results.append(_import_one(actor, notice))
        except ValidationError as error:
            for where, errors in _located(error, notice).items():
                located.setdefault(where, []).extend(errors)
    if located:
        raise ValidationError(located)
    return results


def _import_one(actor: Any, notice: NoticeInput) -> NoticeResult:
    return calendar_notice_apply(
        actor=actor,
        division=_scope(notice.scope, notice.where),
        year=notice.year,
        number=notice.number,
        title=notice.title,
        title_bo=notice.title_bo,
        title_en=notice.title_en,
        issued_on=notice.issued_on,
        url=notice.url,
        source=notice.source,
        days=notice.days,
    )


def _located(
    error: ValidationError, notice: NoticeInput
) -> dict[str, list[ValidationError]]:
    """Re-key a service error (``days[3].date``) by the file row it came from.

    A ``ValidationError`` built from a dict has ``error_dict`` and no ``error_list``,
    one built from a message the reverse: ask which before reading either.
    """
    by_key = (
        error.error_dict
        if hasattr(error, "error_dict")
        else {"__all__": error.error_list}
    )
    located: dict[str, list[ValidationError]] = {}
    for key, errors in by_key.items():
        where, column = notice.where, key
        if key.startswith("days[") and "]." in key:
            index, column = key[5:].split("].", 1)
            where = notice.days[int(index)].where
        elif ", " in key:  # already located, e.g. "notices[0], scope"
            where, column = key.rsplit(", ", 1)
        located.setdefault(f"{where}, {column}", []).extend(errors)
    return located
