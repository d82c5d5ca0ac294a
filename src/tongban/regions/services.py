"""Writes for divisions, organisations, halls, windows, opening hours and closures.

Every function is keyword-only, checks the actor's scope, validates (``full_clean``), saves and
appends an audit row in one transaction.
"""

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from tongban.core.permissions import Perm, require
from tongban.core.services import audit_record
from tongban.core.snapshots import changes_between, snapshot
from tongban.core.validators import validate_uscc
from tongban.regions import selectors as region_selectors
from tongban.regions.domain import divisions as division_rules
from tongban.regions.domain import duty, hours
from tongban.regions.models import (
    Division,
    DutyShift,
    Hall,
    HallClosure,
    OpeningSession,
    Organisation,
    Window,
)

DIVISION_CODE_MESSAGES = {
    "format": _(
        "A division code has 6 digits (county and above), 9 (township) or 12 (village)."
    ),
    "province": _("The first two digits are not a province-level code of GB/T 2260."),
    "segment": _(
        "The code's segments are inconsistent (a zero segment above a non-zero one)."
    ),
}
ORGANISATION_FIELDS = (
    "name_zh_hans",
    "name_bo",
    "name_en",
    "uscc",
    "division",
    "exercise_level",
    "nature",
    "parent",
    "is_active",
)
HALL_FIELDS = (
    "name_zh_hans",
    "name_bo",
    "name_en",
    "kind",
    "division",
    "organisation",
    "address_zh_hans",
    "address_bo",
    "address_en",
    "phone",
    "is_active",
)


def _org_scope(organisation: Organisation | None) -> dict[str, str]:
    if organisation is None:
        return {"organisation_path": "", "division_prefix": ""}
    return {
        "organisation_path": organisation.path,
        "division_prefix": organisation.division.prefix,
    }


@transaction.atomic
def division_create(
    *, actor: Any, code: str, name: str, name_bo: str = "", name_en: str = ""
) -> Division:
    """Add a division (usually a township or village); its parent is derived from the code."""
    try:
        parsed = division_rules.parse(code)
    except division_rules.DivisionCodeError as error:
        raise ValidationError(
            {
                "code": ValidationError(
                    DIVISION_CODE_MESSAGES[error.code], code=f"division_{error.code}"
                )
            }
        ) from error
    if Division.objects.filter(code=parsed.code).exists():
        raise ValidationError(
            {
                "code": ValidationError(
                    _("This division code already exists."), code="unique"
                )
            }
        )
    parent = None
    if parsed.parent_candidates:
        parent = (
            Division.objects.filter(code__in=parsed.parent_candidates)
            .order_by("-level")
            .first()
        )
        if parent is None:
            raise ValidationError(
                {
                    "code": ValidationError(
                        _(
                            "The parent division {code} does not exist; add it first."
                        ).format(code=parsed.parent_candidates[0]),
                        code="division_parent_missing",
                    )
                }
            )
    require(
        actor, Perm.DIVISION_MANAGE, division_prefix=parent.prefix if parent else ""
    )
    division = Division(
        code=parsed.code,
        prefix=parsed.prefix,
        level=int(parsed.level),
        parent=parent,
        name=name,
        name_zh_hans=name,
        name_bo=name_bo or None,
        name_en=name_en or None,
    )
    division.full_clean()
    division.save()
    # The queue's scope reads the ids under a prefix from the process's memory: this
    # process sees the new division at once, and again after commit (a read in between
    # may have held the ids without it).
    region_selectors.division_ids_forget()
    transaction.on_commit(region_selectors.division_ids_forget)
    audit_record(
        actor=actor,
        action="division.create",
        instance=division,
        changes=changes_between(
            {}, snapshot(division, ("code", "name_zh_hans", "parent"))
        ),
        division_prefix=division.prefix,
    )
    return division


def _clean_uscc(value: str) -> str:
    uscc = "".join((value or "").split()).upper()
    try:
        validate_uscc(uscc)
    except ValidationError as error:
        raise ValidationError({"uscc": error.error_list}) from error
    return uscc


def _division(code: str, field: str = "division_code") -> Division:
    division = Division.objects.filter(code=code, is_active=True).first()
    if division is None:
        raise ValidationError(
            {
                field: ValidationError(
                    _("Unknown division code {code}.").format(code=code),
                    code="unknown_division",
                )
            }
        )
    return division


@transaction.atomic
def organisation_create(
    *,
    actor: Any,
    name: str,
    uscc: str,
    division_code: str,
    exercise_level: int,
    nature: int = Organisation.Nature.STATUTORY,
    name_bo: str = "",
    name_en: str = "",
    parent: Organisation | None = None,
) -> Organisation:
    uscc = _clean_uscc(uscc)
    division = _division(division_code)
    require(
        actor,
        Perm.ORGANISATION_MANAGE,
        division_prefix=division.prefix,
        organisation_path=parent.path if parent else "",
    )
    if Organisation.objects.filter(uscc=uscc).exists():
        raise ValidationError(
            {
                "uscc": ValidationError(
                    _("An organisation with this code already exists."), code="unique"
                )
            }
        )
    organisation = Organisation(
        name=name,
        name_zh_hans=name,
        name_bo=name_bo or None,
        name_en=name_en or None,
        uscc=uscc,
        division=division,
        exercise_level=exercise_level,
        nature=nature,
        parent=parent,
    )
    organisation.full_clean(exclude=["path"])
    try:
        organisation.save()
    except IntegrityError as error:  # a concurrent create with the same code
        raise ValidationError(
            {
                "uscc": ValidationError(
                    _("An organisation with this code already exists."), code="unique"
                )
            }
        ) from error
    organisation.path = f"{parent.path if parent else '/'}{organisation.pk}/"
    organisation.save(update_fields=["path"])
    audit_record(
        actor=actor,
        action="organisation.create",
        instance=organisation,
        changes=changes_between({}, snapshot(organisation, ORGANISATION_FIELDS)),
        **_org_scope(organisation),
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: Any, organisation: Organisation, **changes: Any
) -> Organisation:
    """Change names, code, levels, division or active flag; moving under another parent is
    not offered here (it would re-scope a whole subtree)."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    require(actor, Perm.ORGANISATION_MANAGE, **_org_scope(organisation))
    before = snapshot(organisation, ORGANISATION_FIELDS)
    if "uscc" in changes:
        changes["uscc"] = _clean_uscc(changes["uscc"])
        if (
            Organisation.objects.filter(uscc=changes["uscc"])
            .exclude(pk=organisation.pk)
            .exists()
        ):
            raise ValidationError(
                {
                    "uscc": ValidationError(
                        _("An organisation with this code already exists."),
                        code="unique",
                    )
                }
            )
    if "division_code" in changes:
        division = _division(changes.pop("division_code"))
        require(
            actor,
            Perm.ORGANISATION_MANAGE,
            division_prefix=division.prefix,
            organisation_path=organisation.path,
        )
        organisation.division = division
    for field in (
        "name",
        "name_bo",
        "name_en",
        "uscc",
        "exercise_level",
        "nature",
        "is_active",
    ):
        if field in changes:
            value = changes[field]
            setattr(
                organisation,
                "name_zh_hans" if field == "name" else field,
                (value or None) if field in ("name_bo", "name_en") else value,
            )
    organisation.full_clean()
    organisation.save()
    audit_record(
        actor=actor,
        action="organisation.update",
        instance=organisation,
        changes=changes_between(before, snapshot(organisation, ORGANISATION_FIELDS)),
        **_org_scope(organisation),
    )
    return organisation


@transaction.atomic
def hall_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    division_code: str,
    organisation: Organisation,
    address: str = "",
    phone: str = "",
    name_bo: str = "",
    name_en: str = "",
) -> Hall:
    division = _division(division_code)
    require(
        actor,
        Perm.HALL_MANAGE,
        division_prefix=division.prefix,
        organisation_path=organisation.path,
    )
    hall = Hall(
        name=name,
        name_zh_hans=name,
        name_bo=name_bo or None,
        name_en=name_en or None,
        kind=kind,
        division=division,
        organisation=organisation,
        address=address,
        address_zh_hans=address,
        phone=phone,
    )
    hall.full_clean()
    hall.save()
    audit_record(
        actor=actor,
        action="hall.create",
        instance=hall,
        changes=changes_between({}, snapshot(hall, HALL_FIELDS)),
        division_prefix=division.prefix,
        organisation_path=organisation.path,
    )
    return hall


def _hall_scope(hall: Hall) -> dict[str, str]:
    return {
        "division_prefix": hall.division.prefix,
        "organisation_path": hall.organisation.path,
    }


@transaction.atomic
def hall_set_sessions(
    *,
    actor: Any,
    hall: Hall,
    sessions: Sequence[tuple[int, datetime.time, datetime.time]],
) -> list[OpeningSession]:
    """Replace the weekly opening sessions of a hall (e.g. two sessions a day in Lhasa)."""
    hall = (
        Hall.objects.select_for_update()
        .select_related("division", "organisation")
        .get(pk=hall.pk)
    )
    require(actor, Perm.HALL_MANAGE, **_hall_scope(hall))
    errors = hours.session_errors(hours.Session(*s) for s in sessions)
    if errors:
        messages = {
            "weekday": _("Weekday must be 0 (Monday) to 6 (Sunday)."),
            "order": _("A session must close after it opens."),
            "overlap": _("This session overlaps another session on the same day."),
        }
        raise ValidationError(
            {
                f"sessions[{index}]": ValidationError(
                    messages[code], code=f"session_{code}"
                )
                for index, code in errors
            }
        )
    before = [str(s) for s in hall.sessions.all()]
    hall.sessions.all().delete()
    created = OpeningSession.objects.bulk_create(
        [
            OpeningSession(hall=hall, weekday=w, opens=o, closes=c)
            for w, o, c in sessions
        ]
    )
    audit_record(
        actor=actor,
        action="hall.set_sessions",
        instance=hall,
        changes={"sessions": [before, [str(s) for s in created]]},
        **_hall_scope(hall),
    )
    return created


@transaction.atomic
def hall_closure_add(
    *,
    actor: Any,
    hall: Hall,
    start_date: datetime.date,
    end_date: datetime.date,
    reason: str,
) -> HallClosure:
    require(actor, Perm.HALL_MANAGE, **_hall_scope(hall))
    if end_date < start_date:
        raise ValidationError(
            {
                "end_date": ValidationError(
                    _("The closure must end on or after its first day."),
                    code="closure_order",
                )
            }
        )
    closure = HallClosure(
        hall=hall,
        start_date=start_date,
        end_date=end_date,
        reason=reason,
        reason_zh_hans=reason,
    )
    closure.full_clean()
    closure.save()
    audit_record(
        actor=actor,
        action="hall.add_closure",
        instance=hall,
        changes={"closure": [None, str(closure)]},
        **_hall_scope(hall),
    )
    return closure


@transaction.atomic
def window_create(
    *,
    actor: Any,
    hall: Hall,
    number: str,
    name: str,
    kind: str = Window.Kind.INTEGRATED,
    organisation: Organisation | None = None,
) -> Window:
    require(actor, Perm.HALL_MANAGE, **_hall_scope(hall))
    if Window.objects.filter(hall=hall, number=number).exists():
        raise ValidationError(
            {
                "number": ValidationError(
                    _("This hall already has a window with this number."), code="unique"
                )
            }
        )
    window = Window(
        hall=hall,
        number=number,
        name=name,
        name_zh_hans=name,
        kind=kind,
        organisation=organisation,
    )
    window.full_clean()
    window.save()
    audit_record(
        actor=actor,
        action="hall.add_window",
        instance=hall,
        changes={"window": [None, str(window)]},
        **_hall_scope(hall),
    )
    return window


@transaction.atomic
def hall_duty_set(
    *,
    actor: Any,
    hall: Hall,
    day: datetime.date,
    rosters: Mapping[int, list[str]],
) -> list[DutyShift]:
    """Replace the day's roster (在岗人员) of the windows named in ``rosters`` (window id
    → the names as published, in order; an empty list clears a window's day)."""
    require(actor, Perm.HALL_MANAGE, **_hall_scope(hall))
    windows = {w.pk: w for w in Window.objects.filter(hall=hall, pk__in=list(rosters))}
    errors = {}
    for window_id, names in rosters.items():
        problem = "unknown" if window_id not in windows else duty.duty_problem(names)
        if problem:
            errors[f"window_{window_id}"] = ValidationError(
                _duty_message(problem), code=f"duty_{problem}"
            )
    if errors:
        raise ValidationError(errors)
    shifts = DutyShift.objects.filter(window_id__in=list(windows), day=day)
    before = sorted(str(s) for s in shifts)
    shifts.delete()
    created = DutyShift.objects.bulk_create(
        [
            DutyShift(window_id=window_id, day=day, position=i, shown_name=name)
            for window_id, names in rosters.items()
            for i, name in enumerate(names)
        ]
    )
    audit_record(
        actor=actor,
        action="hall.set_duty",
        instance=hall,
        changes={"duty": [before, sorted(str(s) for s in created)]},
        **_hall_scope(hall),
    )
    return created


def _duty_message(problem: str) -> str:
    if problem == "too_long":
        return _("A name may have at most {count} characters.").format(
            count=duty.MAX_NAME
        )
    if problem == "too_many":
        return _("At most {count} people can be on duty at one window.").format(
            count=duty.MAX_PER_WINDOW
        )
    return str(_("This window is not in this hall."))
