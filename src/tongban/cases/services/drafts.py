"""Application drafts (草稿): an online applicant saves the form and attaches materials
before submitting, and submits from the draft later.

A draft is not a case: it gets no number and no row in ``Case``; submitting it goes through
``case_submit`` like any application and deletes the draft in the same transaction. Saving
does not check required fields or formats (``case_submit`` does, at submission), but the
values' types and lengths are checked as at submission, identity numbers are sealed like a
case's (``form_values``), every file is judged by ``documents`` before any is stored, and a file picked instead of an upload
must be one the applicant uploaded. Audit rows name the form fields that changed, not their
values: drafts hold identity numbers, which the audit chain need not copy.
"""

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tongban.cases.models import ApplicationDraft, Case
from tongban.cases.services import form_values
from tongban.cases.services.submit import case_submit, live_version
from tongban.cases.services.uploads import uploads_check
from tongban.core import actors
from tongban.core.services import audit_record
from tongban.documents import selectors as document_selectors
from tongban.documents.services import document_store


def _require_applicant(actor: actors.Actor) -> None:
    if not getattr(actor, "is_applicant", False):
        raise PermissionDenied(_("Only applicants keep application drafts."))


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _own_files(actor: actors.Actor, picked: Mapping[int, str]) -> dict[str, str]:
    """Picked files as ``{material id: uuid}``, each checked to be the actor's upload."""
    errors: dict[str, list[ValidationError]] = {}
    wellformed = [str(u) for u in picked.values() if _is_uuid(u)]
    owned = {
        str(u)
        for u in document_selectors.stored_files_of(
            user_id=getattr(actor, "pk", None), uuids=wellformed
        ).values_list("uuid", flat=True)
    }
    for material_id, file_uuid in picked.items():
        if str(file_uuid) not in owned:
            errors[f"materials.{material_id}"] = [
                ValidationError(
                    _("You can reuse only files you uploaded yourself."),
                    code="not_yours",
                )
            ]
    if errors:
        raise ValidationError(errors)
    return {str(m): str(u) for m, u in picked.items()}


def _consents(
    version: Any, consents: Mapping[int, Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """The reuse choices kept in a draft, only where the material offers them; the
    certificate itself is checked at submission (it may expire meanwhile)."""
    by_id = {m.pk: m for m in version.materials.all()}
    kept: dict[str, dict[str, Any]] = {}
    for material_id, choice in consents.items():
        material = by_id[material_id]
        item: dict[str, Any] = {}
        if choice.get("shared") and material.data_source:
            item["shared"] = True
        certificate = str(choice.get("certificate") or "")[:100]
        if certificate and material.e_certificate_type:
            item["certificate"] = certificate
            item["consent"] = bool(choice.get("consent"))
        if item:
            kept[str(material_id)] = item
    return kept


@transaction.atomic
def draft_save(
    *,
    actor: actors.Actor,
    implementation_code: str,
    form_data: Mapping[str, Any],
    uploads: Mapping[int, UploadedFile],
    stored_files: Mapping[int, str] | None = None,
    consents: Mapping[int, Mapping[str, Any]] | None = None,
) -> ApplicationDraft:
    """Create or replace the actor's draft for a service: the page posts the whole
    application each time, so a material neither uploaded (``uploads``) nor picked
    (``stored_files``: a file uploaded before, e.g. the one already in the draft), both
    keyed by checklist material id, is no longer attached. Unknown form fields are dropped,
    partial values kept (but not over-long ones or ones of the wrong type)."""
    _require_applicant(actor)
    version = live_version(implementation_code)
    checklist = {m.pk for m in version.materials.all()}
    unknown = (set(uploads) | set(stored_files or {}) | set(consents or {})) - checklist
    if unknown:
        raise ValidationError(
            {
                f"materials.{pk}": ValidationError(
                    _("This material is not on the checklist of this service."),
                    code="unknown_material",
                )
                for pk in sorted(unknown)
            }
        )
    keys = {f.key for f in version.form_fields.all()}
    clean, errors = form_values.form_check(
        version, {k: v for k, v in form_data.items() if k in keys}, complete=False
    )
    if errors:
        raise ValidationError(errors)
    form = form_values.seal(version, clean)
    picked = _own_files(actor, stored_files or {})
    # every file judged before any is stored
    uploads_check({f"materials.{mid}": upload for mid, upload in uploads.items()})
    for material_id, upload in uploads.items():
        stored = document_store(
            actor=actor,
            upload=upload,
            max_bytes=settings.CASE_MATERIAL_MAX_BYTES,
            field=f"materials.{material_id}",
        )
        picked[str(material_id)] = str(stored.uuid)
    draft, created = ApplicationDraft.objects.select_for_update().get_or_create(
        user=actor, implementation=version.implementation
    )
    old_fields, old_files = sorted(draft.form_data), dict(draft.files)
    old_consents = dict(draft.consents)
    draft.form_data = form
    draft.files = picked
    draft.consents = _consents(version, consents or {})
    draft.full_clean()
    draft.save()
    audit_record(
        actor=actor,
        action="application_draft.create" if created else "application_draft.save",
        instance=draft,
        changes={
            "form_fields": [None if created else old_fields, sorted(form)],
            "files": [None if created else old_files, draft.files],
            "consents": [None if created else old_consents, draft.consents],
        },
    )
    return draft


def _delete(*, actor: actors.Actor, draft: ApplicationDraft, action: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        instance=draft,
        changes={"files": [draft.files, None]},
    )
    draft.delete()


@transaction.atomic
def draft_discard(*, actor: actors.Actor, implementation_code: str) -> bool:
    """Delete the actor's draft for a service; ``False`` when there was none. The stored
    files stay: they are the applicant's uploads and may be reused."""
    draft = (
        ApplicationDraft.objects.select_for_update()
        .filter(user_id=actor.pk, implementation__code=implementation_code)
        .first()
    )
    if draft is None:
        return False
    _delete(actor=actor, draft=draft, action="application_draft.discard")
    return True


@transaction.atomic
def draft_submit(
    *,
    actor: actors.Actor,
    implementation_code: str,
    client_key: str,
    form_data: Mapping[str, Any],
    materials: Sequence[Mapping[str, Any]],
    language: str | None = None,
    channel: str | None = None,
) -> tuple[Case, str]:
    """Submit an online application through ``case_submit`` and delete the actor's draft
    for the service in the same transaction: a refused submission keeps the draft."""
    case, query_code = case_submit(
        actor=actor,
        implementation_code=implementation_code,
        client_key=client_key,
        form_data=form_data,
        materials=materials,
        language=language,
        channel=channel,
    )
    draft = (
        ApplicationDraft.objects.select_for_update()
        .filter(user_id=actor.pk, implementation__code=implementation_code)
        .first()
    )
    if draft is not None:
        _delete(actor=actor, draft=draft, action="application_draft.submit")
    return case, query_code
