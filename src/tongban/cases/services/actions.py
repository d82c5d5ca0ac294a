"""Named case actions that need more than a transition: supplying materials (for a
supplement notice or for 容缺 materials) before the event fires. Everything else is
``case_transition`` with the event's data.

A supplement's form values go through ``form_values.form_check``, the check of a
submission, on the whole form as it would be; only the fields the open notice names may
change (any field when an item names neither a material nor a field), and each change is
audited old → new with identity numbers masked. A paper original is recorded as seen only
by a counter clerk, with their name and the time.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.cases.domain.workflow import Actor, Event
from tongban.cases.models import Case, CaseMaterial
from tongban.cases.services import form_values
from tongban.cases.services.transition import actor_roles, case_scope, case_transition
from tongban.core import actors
from tongban.core.services import audit_record
from tongban.documents.services import document_check, document_store


def _store(
    case: Case, actor: actors.Actor, uploads: Mapping[int, Any], round_: int
) -> set[int]:
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
    actor: actors.Actor,
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
    form_data = dict(form_data or {})
    form_changes = _supplement_form(case, form_data) if form_data else {}
    supplied = _store(case, actor, uploads or {}, case.supplement_rounds)
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
    case = case_transition(case=case, event=Event.SUPPLEMENT, actor=actor)
    if form_changes:
        audit_record(
            actor=actor,
            action="case.supplement_form",
            instance=case,
            changes=form_changes,
            **case_scope(case),
        )
    return case


def _supplement_form(case: Case, supplied: Mapping[str, Any]) -> dict[str, list[str]]:
    """Check the form as the supplement would leave it, store it sealed, and return the
    changes ``{"form.<key>": [old, new]}`` as the audit shows them (identities masked)."""
    current = form_values.reveal(case.form_data)
    clean, errors = form_values.form_check(case.version, {**current, **supplied})
    items = case.supplement_items.filter(round=case.supplement_rounds, resolved=False)
    named = {i.field_key for i in items if i.field_key}
    open_ended = any(not i.field_key and not i.material_id for i in items)
    kinds = {f.key: f.field_type for f in case.version.form_fields.all()}
    for key in supplied:
        if key in kinds and key not in named and not open_ended:
            errors[f"form.{key}"] = [
                ValidationError(
                    _("The supplement notice does not ask for this field."),
                    code="not_requested",
                )
            ]
    if errors:
        raise ValidationError(errors)
    changes = {
        f"form.{key}": [
            form_values.shown_value(kinds.get(key), str(current.get(key) or "")),
            form_values.shown_value(kinds.get(key), clean.get(key, "")),
        ]
        for key in sorted(supplied)
        if clean.get(key) != current.get(key)
    }
    case.form_data = form_values.seal(case.version, clean)
    case.save(update_fields=["form_data"])
    return changes


@transaction.atomic
def case_complete_tolerated(
    *,
    case: Case,
    actor: actors.Actor,
    uploads: Mapping[int, Any] | None = None,
    originals_seen: Sequence[int] = (),
) -> Case:
    """The materials accepted as missing (容缺) arrive: uploaded, or seen on paper (by a
    counter clerk only)."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("version", "division", "organisation", "applicant")
        .get(pk=case.pk)
    )
    if originals_seen and Actor.COUNTER_CLERK not in actor_roles(case, actor):
        raise PermissionDenied(
            _("Only a counter clerk can record that a paper original was seen.")
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
        if material.material_id in originals_seen:
            material.original_seen = True
            material.original_seen_by_id = actor.pk
            material.original_seen_at = timezone.now()
            material.provenance = CaseMaterial.Provenance.PAPER_ORIGINAL
            material.trust_level = CaseMaterial.TrustLevel.B
        material.save(
            update_fields=[
                "file",
                "original_seen",
                "original_seen_by",
                "original_seen_at",
                "provenance",
                "trust_level",
            ]
        )
    return case_transition(case=case, event=Event.COMPLETE_TOLERATED, actor=actor)
