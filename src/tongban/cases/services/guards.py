"""Guards of the transition table: each returns the errors that stop an edge, keyed by the
request field they concern, with a stable code and a message the user can act on."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.cases.domain.workflow import Event
from tongban.cases.models import Case, CaseMaterial
from tongban.cases.services.deadlines import tolerance_max_days
from tongban.catalog.choices import CaseType, Necessity, SpecialProcedureKind
from tongban.core import actors

Errors = list[tuple[str, str, Any]]  # (field, code, message)


def review_steps() -> list[str]:
    return list(settings.CASE_REVIEW_STEPS)


# The default ``CASE_REVIEW_STEPS`` are kept (and recorded on each case event) in Chinese;
# pages name them in the reader's language. A step a deployment configures otherwise is
# shown as configured.
STEP_LABELS = {
    "承办": _("handling"),
    "审核": _("checking"),
    "批准": _("approval"),
}


def step_label(step: str) -> Any:
    """A review step's name in the active language."""
    return STEP_LABELS.get(step, step)


def supplied_material_ids(case: Case) -> set[int]:
    """Checklist materials present on the case: uploaded, seen on paper, or (shared data,
    e-certificates) checked by a clerk at their source."""
    return {
        m.material_id
        for m in case.materials.all()
        if m.material_id is not None and (m.file_id or m.original_seen or m.verified_at)
    }


def missing_required(case: Case) -> list[Any]:
    """Required checklist materials not present on the case (``accept`` refuses them,
    ``accept_tolerated`` records them as materials to follow)."""
    supplied = supplied_material_ids(case)
    return [
        m
        for m in case.version.materials.all()
        if m.necessity == Necessity.REQUIRED and m.pk not in supplied
    ]


def materials_complete(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    missing = missing_required(case)
    if missing:
        names = "、".join(m.name for m in missing)
        return [
            (
                "materials",
                "materials_missing",
                _("Required materials are missing: {names}.").format(names=names),
            )
        ]
    return []


def only_tolerable_missing(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    blocking = [m for m in missing_required(case) if not m.tolerance_allowed]
    if blocking:
        names = "、".join(m.name for m in blocking)
        return [
            (
                "materials",
                "key_materials_missing",
                _("These key materials cannot be supplied later: {names}.").format(
                    names=names
                ),
            )
        ]
    if not missing_required(case):
        return [
            (
                "materials",
                "nothing_tolerated",
                _("All materials are present; accept the case normally."),
            )
        ]
    return []


def item_allows_tolerance(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    if not case.version.tolerance_acceptance:
        return [
            (
                "event",
                "tolerance_not_allowed",
                _("This service does not allow acceptance with materials to follow."),
            )
        ]
    days = data.get("due_days", settings.CASE_TOLERANCE_WORKING_DAYS)
    if (
        not isinstance(days, int)
        or not 1 <= days <= settings.CASE_TOLERANCE_MAX_WORKING_DAYS
    ):
        return [
            (
                "due_days",
                "out_of_range",
                _("Give between 1 and {max} working days.").format(
                    max=settings.CASE_TOLERANCE_MAX_WORKING_DAYS
                ),
            )
        ]
    return []


def tolerance_within_promise(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    """DOMAIN §6: the materials to follow are due at least N working days (a setting,
    default 2) before the promised limit (the statutory one if none is promised) ends."""
    latest = tolerance_max_days(case)
    days = data.get("due_days")
    if latest < 1 or (isinstance(days, int) and days > latest):
        return [
            (
                "due_days",
                "tolerance_too_late",
                _(
                    "The materials must be due at least {margin} working days before the "
                    "time limit ends: give at most {latest} working days."
                ).format(
                    margin=settings.CASE_TOLERANCE_MARGIN_WORKING_DAYS,
                    latest=max(latest, 0),
                ),
            )
        ]
    return []


def acceptance_period_passed(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    # 行政许可法 32 deems acceptance only where no supplement notice was sent in time.
    if case.supplement_rounds or not _deadline_passed(case.acceptance_due):
        return [("event", "not_due", _("The period to answer the application runs."))]
    return []


def item_allows_pledge(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    if not case.version.notification_pledge:
        return [
            (
                "event",
                "pledge_not_allowed",
                _("This service is not handled on the applicant's pledge."),
            )
        ]
    return []


def pledge_signed(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> Errors:
    if data.get("pledge_signed") is not True:
        return [
            (
                "pledge_signed",
                "required",
                _("The applicant must sign the written pledge first."),
            )
        ]
    return []


def item_is_on_the_spot(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    if case.version.case_type != CaseType.INSTANT:
        return [
            (
                "event",
                "not_on_the_spot",
                _("Only on-the-spot services are decided at once."),
            )
        ]
    return []


def decision_given(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> Errors:
    decision = data.get("decision")
    if decision not in (Case.Decision.APPROVE, Case.Decision.DENY):
        return [("decision", "required", _("Choose approve or deny."))]
    if decision == Case.Decision.DENY and not str(data.get("reasons", "")).strip():
        return [("reasons", "required", _("A denial must state its reasons."))]
    return []


def reasons_given(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> Errors:
    if not str(data.get("reasons", "")).strip():
        return [("reasons", "required", _("State the reasons."))]
    return []


def supplement_items_named(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    items = data.get("items") or []
    if not items:
        return [
            (
                "items",
                "required",
                _("Name every missing material or field and why, all at once."),
            )
        ]
    errors: Errors = []
    # A named material must be one of this case's checklist: any other id would point the
    # notice at nothing (and break the foreign key at commit).
    checklist = {m.pk for m in case.version.materials.all()}
    for index, item in enumerate(items):
        material = item.get("material")
        if material is not None and material not in checklist:
            errors.append(
                (
                    f"items[{index}].material",
                    "unknown_material",
                    _("This material is not on the checklist of this service."),
                )
            )
        if (
            not str(item.get("description", "")).strip()
            or not str(item.get("reason", "")).strip()
        ):
            errors.append(
                (
                    f"items[{index}]",
                    "incomplete",
                    _("Each item needs what is needed and why."),
                )
            )
    return errors


def supplement_items_provided(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    open_items = case.supplement_items.filter(
        round=case.supplement_rounds, resolved=False
    )
    if open_items.exists():
        names = "、".join(i.description for i in open_items)
        return [
            (
                "items",
                "supplement_incomplete",
                _("Still missing: {names}.").format(names=names),
            )
        ]
    return []


def _deadline_passed(day: datetime.date | None) -> bool:
    return day is not None and timezone.localdate() > day


def supplement_deadline_passed(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    if not _deadline_passed(case.supplement_due):
        return [("event", "not_due", _("The supplement period has not ended."))]
    return []


def tolerance_deadline_passed(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    if case.acceptance_mode != "tolerated" or not _deadline_passed(case.tolerance_due):
        return [
            (
                "event",
                "not_due",
                _("The period for the missing materials has not ended."),
            )
        ]
    return []


def tolerated_items_provided(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    if CaseMaterial.objects.filter(
        case=case, tolerated=True, file__isnull=True, original_seen=False
    ).exists():
        return [
            (
                "materials",
                "materials_missing",
                _("The materials accepted as missing have not all arrived."),
            )
        ]
    return []


def no_tolerated_items_missing(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    if case.acceptance_mode == "tolerated" and tolerated_items_provided(
        case, data, actor
    ):
        return [
            (
                "materials",
                "materials_missing",
                _("Decide only after the materials accepted as missing have arrived."),
            )
        ]
    return []


def step_role(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> Errors:
    # The same officer may not approve two consecutive steps (four-eyes principle).
    last = case.events.filter(event=Event.APPROVE_STEP).order_by("-id").first()
    if (
        data.get("_event") == "approve_step"
        and last
        and last.actor_id == getattr(actor, "pk", None)
    ):
        return [
            (
                "event",
                "same_officer",
                _(
                    "Needs another officer: the four-eyes rule forbids one officer "
                    "approving two steps in a row."
                ),
            )
        ]
    return []


def step_pending(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> Errors:
    if case.review_step >= len(review_steps()):
        return [
            (
                "event",
                "steps_done",
                _("All review steps are approved; decide the case."),
            )
        ]
    return []


def review_steps_done(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    if case.review_step < len(review_steps()):
        step = step_label(review_steps()[case.review_step])
        return [
            (
                "event",
                "steps_pending",
                _("The review step {step} is not approved yet.").format(step=step),
            )
        ]
    return []


def catalogue_procedure(case: Case, name: str) -> Any:
    """The special procedure of the frozen version that ``name`` names (by name, or by id),
    or ``None``. Extensions (A.7 code 1) are the ``extend`` action, not a pause."""
    for entry in case.version.special_procedures.all():
        if entry.kind != SpecialProcedureKind.EXTENSION and name.strip() in (
            str(entry.name),
            str(entry.pk),
        ):
            return entry
    return None


def procedure_named(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> Errors:
    errors: Errors = []
    name = str(data.get("procedure", "")).strip()
    if not name:
        errors.append(("procedure", "required", _("Name the special procedure.")))
    elif (
        case.version.special_procedures.exclude(kind="1").exists()
        and catalogue_procedure(case, name) is None
    ):
        # A version that lists its special procedures allows only those (a version
        # imported without them keeps the free name, counted outside the limit).
        errors.append(
            (
                "procedure",
                "unknown_procedure",
                _("Choose one of the special procedures this service lists."),
            )
        )
    if not str(data.get("reasons", "")).strip():
        errors.append(("reasons", "required", _("State the reasons.")))
    return errors


def expected_duration_given(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    days = data.get("expected_days")
    entry = catalogue_procedure(case, str(data.get("procedure", "")))
    if days is None and entry is not None and entry.time_limit:
        days = entry.time_limit  # the catalogue states how long it takes
    if not isinstance(days, int) or not 1 <= days <= 365:
        return [
            (
                "expected_days",
                "out_of_range",
                _("Tell the applicant how long it will take: 1 to 365 days."),
            )
        ]
    return []


def not_extended_before(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    if case.extension_days:
        return [("event", "already_extended", _("A case can be extended only once."))]
    return []


def extension_within_maximum(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    days = data.get("days")
    if not isinstance(days, int) or not 1 <= days <= settings.CASE_EXTENSION_MAX_DAYS:
        return [
            (
                "days",
                "out_of_range",
                _("Extend by 1 to {max} days.").format(
                    max=settings.CASE_EXTENSION_MAX_DAYS
                ),
            )
        ]
    return []


def approver_given(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> Errors:
    if not str(data.get("approver", "")).strip():
        return [("approver", "required", _("Name who approved the extension."))]
    return []


def result_recorded(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> Errors:
    if case.decision == Case.Decision.APPROVE and not (
        str(data.get("result_name", "")).strip() or case.result_name
    ):
        return [
            (
                "result_name",
                "required",
                _("Record the result (certificate or document)."),
            )
        ]
    return []


def delivery_recorded(
    case: Case, data: Mapping[str, Any], actor: actors.Actor
) -> Errors:
    method = data.get("method")
    if method not in ("pickup", "post", "electronic"):
        return [
            (
                "method",
                "invalid_choice",
                _("Choose pickup, post or electronic delivery."),
            )
        ]
    if method == "post" and not str(data.get("reference", "")).strip():
        return [("reference", "required", _("Enter the courier's tracking number."))]
    return []


def fees_paid(case: Case, data: Mapping[str, Any], actor: actors.Actor) -> Errors:
    from tongban.cases.services.fees import fee_outstanding  # fees imports this package

    owed = fee_outstanding(case) if case.decision == Case.Decision.APPROVE else 0
    if owed:
        return [
            (
                "fees",
                "fee_unpaid",
                _(
                    "A fee of {amount} yuan is not paid yet; the case cannot close."
                ).format(amount=owed),
            )
        ]
    return []
