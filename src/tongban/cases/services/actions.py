"""Named case actions that need more than a transition: supplying materials (for a
supplement notice or for 容缺 materials) before the event fires. Everything else is
``case_transition`` with the event's data."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tongban.cases.domain.workflow import Actor
from tongban.cases.models import Case, CaseMaterial
from tongban.cases.services.transition import actor_roles, case_transition
from tongban.documents.services import document_check, document_store


def _store(case: Case, actor: Any, uploads: Mapping[int, Any], round_: int) -> set[int]:
    errors: dict[str, list[ValidationError]] = {}
    allowed = {m.pk: m for m in case.version.materials.all()}
    for material_id, upload in uploads.items():
        if material_id not in allowed:
            errors[f"materials.{material_id}"] = [
                ValidationError(
                    _("This material is not on the checklist of this service."),
                    code="unknown_material",
                )
            ]
            continue
        try:
            document_check(
                upload=upload,
                max_bytes=settings.CASE_MATERIAL_MAX_BYTES,
                field=f"materials.{material_id}",
            )
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    for material_id, upload in uploads.items():
        stored = document_store(
            actor=actor, upload=upload, max_bytes=settings.CASE_MATERIAL_MAX_BYTES
        )
        CaseMaterial.objects.create(
            case=case,
            material=allowed[material_id],
            name=allowed[material_id].name,
            file=stored,
            supplement_round=round_,
        )
    return set(uploads)


@transaction.atomic
def case_supplement(
    *,
    case: Case,
    actor: Any,
    uploads: Mapping[int, Any] | None = None,
    form_data: Mapping[str, Any] | None = None,
) -> Case:
    """The applicant (or a clerk for them) answers a one-time notice: new files for the
    named materials, corrected values for the named fields."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("version")
        .get(pk=case.pk)
    )
    if not actor_roles(case, actor) & {Actor.APPLICANT, Actor.COUNTER_CLERK}:
        raise PermissionDenied(
            _("Only the applicant or a counter clerk may supplement.")
        )
    supplied = _store(case, actor, uploads or {}, case.supplement_rounds)
    if form_data:
        case.form_data = {**case.form_data, **form_data}
        case.save(update_fields=["form_data"])
    for item in case.supplement_items.filter(
        round=case.supplement_rounds, resolved=False
    ):
        if (
            (item.material_id and item.material_id in supplied)
            or (item.field_key and item.field_key in (form_data or {}))
            or (not item.material_id and not item.field_key and (supplied or form_data))
        ):
            item.resolved = True
            item.save(update_fields=["resolved"])
    return case_transition(case=case, event="supplement", actor=actor)


@transaction.atomic
def case_complete_tolerated(
    *,
    case: Case,
    actor: Any,
    uploads: Mapping[int, Any] | None = None,
    originals_seen: Sequence[int] = (),
) -> Case:
    """The materials accepted as missing (容缺) arrive: uploaded, or seen on paper."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("version")
        .get(pk=case.pk)
    )
    for material in case.materials.filter(
        tolerated=True, file__isnull=True, original_seen=False
    ):
        if material.material_id is None:
            continue
        upload = (uploads or {}).get(material.material_id)
        if upload is not None:
            material.file = document_store(
                actor=actor, upload=upload, max_bytes=settings.CASE_MATERIAL_MAX_BYTES
            )
        material.original_seen = material.material_id in originals_seen
        material.save(update_fields=["file", "original_seen"])
    return case_transition(case=case, event="complete_tolerated", actor=actor)
