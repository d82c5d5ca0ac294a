"""Materials fetched from a data-sharing source instead of uploaded (免提交, R4.3).

A catalogue material names its source by code (``Material.data_source``). At submission
the applicant may agree that the office fetch it (``shared: true`` on the material): the
consent is recorded in ``sharing`` for this case's number, the case material is marked
``pending``, and after commit ``case_shared_materials_fetch`` asks the source with the case
number as the purpose. A record received makes the material present: provenance
``shared_data``, trust level A, the provider's reference, and the check time that the
acceptance guards count. A source that does not answer changes nothing the applicant
gave: a file uploaded beside the consent stays the material, the case keeps
``source_down`` with the time, and a later ask — a clerk's button or the periodic
``case_shared_materials_sweep`` — replaces the upload by the record (the file stays on
the row and in the audit, so nothing is lost). ``shared_prefill`` fills form fields the
item marks (``FormField.shared_field``) for the declared purpose of the application form.

A material from the e-certificate source (``data_source = e_certificate`` and an
``e_certificate_type``) asks for the applicant's certificates of that type only, and is
present only if one of them verifies (``certificates.shared``: the issuer key the operator
installed, the validity dates, the status the source reports, the applicant as holder):
provenance e-certificate, trust A, its identifier as ``source_reference``. Otherwise the
material is ``refused`` with the reason (``shared_refusal``) shown to applicant and clerk,
and an upload beside the consent stays the material.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.cases.domain.workflow import OPEN_STATES, State
from tongban.cases.models import Case, CaseMaterial
from tongban.certificates.shared import shared_certificate_choose
from tongban.core.permissions import SYSTEM, Perm, scope_for
from tongban.core.services import audit_record
from tongban.sharing import services as sharing
from tongban.sharing.adapters import Subject
from tongban.sharing.domain.purpose import CASE, DECLARED, Purpose
from tongban.sharing.domain.registry import (
    E_CERTIFICATE,
    ORGANISATION,
    PERSON,
    SUBJECT_ID_TYPES,
)

if TYPE_CHECKING:
    from tongban.accounts.models import Applicant

logger = logging.getLogger(__name__)

# A fetched record can still count in the open states (before the decision).
TO_FETCH = (CaseMaterial.SharedStatus.PENDING, CaseMaterial.SharedStatus.SOURCE_DOWN)


def subject_of(applicant: Applicant) -> Subject | None:
    """Whose data a source is asked for: a person by resident ID, an organisation by
    credit code; other identity documents are held by no source here."""
    for kind in (PERSON, ORGANISATION):
        if applicant.id_type == SUBJECT_ID_TYPES[kind]:
            return Subject(kind, applicant.id_type, applicant.id_number)
    return None


def _scope(case: Case) -> dict[str, str]:
    return {
        "division_prefix": case.division.prefix,
        "organisation_path": case.organisation.path,
    }


def shared_consent_record(*, case: Case, row: CaseMaterial, actor: Any) -> None:
    """At submission, inside its transaction: the applicant agreed to the fetch."""
    subject = subject_of(case.applicant)
    source = row.material.data_source if row.material else ""
    if subject is None or not source:
        return
    sharing.consent_record(
        source_code=source,
        subject=subject,
        purpose=Purpose(CASE, case.number),
        actor=actor,
    )
    row.shared_consent_at = timezone.now()
    row.shared_status = CaseMaterial.SharedStatus.PENDING
    row.save(update_fields=["shared_consent_at", "shared_status"])


def case_shared_materials_fetch(*, case: Case, actor: Any) -> list[CaseMaterial]:
    """Ask the sources of the case's pending or failed materials; the rows changed."""
    if actor is not SYSTEM and not scope_for(actor, Perm.CASE_INTAKE).covers(
        **_scope(case)
    ):
        raise PermissionDenied(_("Only a counter clerk of this case may ask again."))
    if State(case.state) not in OPEN_STATES:
        return []
    subject = subject_of(case.applicant)
    rows = case.materials.filter(
        shared_status__in=TO_FETCH, material__isnull=False
    ).select_related("material")
    changed = []
    for row in rows:
        if subject is not None and row.material is not None:
            changed.append(
                _fetch_one(case, row, row.material.data_source, subject, actor)
            )
    return changed


def _fetch_one(
    case: Case, row: CaseMaterial, source: str, subject: Subject, actor: Any
) -> CaseMaterial:
    # The source is asked outside any transaction (``shared_record_fetch`` commits its
    # access-log row before it returns, so no rollback here can hide a read); the row is
    # re-read under lock afterwards and a concurrent ask that already got the record
    # wins.
    if row.shared_status not in TO_FETCH:
        return row
    result = sharing.shared_record_fetch(
        source_code=source,
        subject=subject,
        purpose=Purpose(CASE, case.number),
        actor=actor,
        office=str(case.organisation.name),
        division_prefix=case.division.prefix,
        organisation_path=case.organisation.path,
        fields=(_certificate_type(row),) if _certificate_type(row) else (),
    )
    return _fetch_apply(case, row, source, result, actor)


def _certificate_type(row: CaseMaterial) -> str:
    """The certificate type a material of the e-certificate source asks for."""
    material = row.material
    if material is None or material.data_source != E_CERTIFICATE:
        return ""
    return material.e_certificate_type.strip().upper()


@transaction.atomic
def _fetch_apply(
    case: Case,
    row: CaseMaterial,
    source: str,
    result: sharing.FetchResult,
    actor: Any,
) -> CaseMaterial:
    row = CaseMaterial.objects.select_for_update().get(pk=row.pk)
    if row.shared_status not in TO_FETCH:  # a concurrent ask got there first
        return row
    before = row.shared_status
    now = timezone.now()
    row.shared_checked_at = now
    row.shared_access = result.access.uuid
    certificate = ""
    if result.answered and row.material and row.material.data_source == E_CERTIFICATE:
        certificate = _certificate_apply(case, row, result)
    elif result.answered:
        row.shared_status = CaseMaterial.SharedStatus.RECEIVED
        row.provenance = CaseMaterial.Provenance.SHARED_DATA
        row.trust_level = CaseMaterial.TrustLevel.A
        row.source_reference = result.reference
        row.verified_at = now
        row.verified_reference = result.reference
    elif result.outcome == "not_found":
        row.shared_status = CaseMaterial.SharedStatus.NOT_FOUND
    else:
        row.shared_status = CaseMaterial.SharedStatus.SOURCE_DOWN
    row.save()
    audit_record(
        actor=actor,
        action="case.shared_data",
        instance=case,
        changes={
            "material": [None, row.name],
            "shared_status": [before, row.shared_status],
            "source": [None, source],
            "error": [None, result.access.error],
            "kept_file": [None, str(row.file.uuid) if row.file else None],
            "certificate": [None, certificate or None],
            "refusal": [None, row.shared_refusal or None],
        },
        **_scope(case),
    )
    return row


def _certificate_apply(
    case: Case, row: CaseMaterial, result: sharing.FetchResult
) -> str:
    """Verify the certificates received and take the first usable one: its identifier,
    or "" with the refusal on the row."""
    type_code = _certificate_type(row)
    chosen, refusal = shared_certificate_choose(
        records=result.values.get(type_code),
        type_code=type_code,
        holder_name=case.applicant.name,
        holder_id_masked=case.applicant.id_masked,
    )
    if chosen is None:
        row.shared_status = CaseMaterial.SharedStatus.REFUSED
        row.shared_refusal = refusal
        return ""
    row.shared_status = CaseMaterial.SharedStatus.RECEIVED
    row.shared_refusal = ""
    row.provenance = CaseMaterial.Provenance.CERTIFICATE
    row.trust_level = CaseMaterial.TrustLevel.A
    row.source_reference = chosen.identifier
    row.verified_at = row.shared_checked_at
    row.verified_reference = result.reference
    return chosen.identifier


def case_shared_record_show(
    *, case: Case, row: CaseMaterial, actor: Any
) -> dict[str, Any]:
    """The values a case's shared material received, for staff who may see the case
    (the caller checked): read for the case's number and logged as a look at the
    applicant's data. {} when nothing was received for this case."""
    if row.case_id != case.pk or not row.shared_access:
        return {}
    return sharing.shared_record_show(
        access_uuid=row.shared_access,
        purpose=Purpose(CASE, case.number),
        actor=actor,
        office=str(case.organisation.name),
        **_scope(case),
    )


def case_shared_materials_sweep() -> dict[str, int]:
    """Ask again for every open case whose source was down (the periodic retry)."""
    cases = Case.objects.filter(
        state__in=[s.value for s in OPEN_STATES],
        materials__shared_status=CaseMaterial.SharedStatus.SOURCE_DOWN,
    ).distinct()
    received = 0
    for case in cases.select_related("applicant", "division", "organisation"):
        rows = case_shared_materials_fetch(case=case, actor=SYSTEM)
        received += sum(
            r.shared_status == CaseMaterial.SharedStatus.RECEIVED for r in rows
        )
    return {"received": received}


def shared_prefill(
    *, version: Any, applicant: Applicant | None, actor: Any
) -> dict[str, str]:
    """Form values from shared data where the item says so (``FormField.shared_field``,
    ``source.field``): one access per source, for the declared purpose of filling in this
    application form, before any case exists. A source that does not answer pre-fills
    nothing; the applicant types the value."""
    subject = subject_of(applicant) if applicant is not None else None
    wanted: dict[str, dict[str, str]] = {}  # source → {field: form key}
    for field in version.form_fields.all():
        source, _dot, name = field.shared_field.partition(".")
        if source and name:
            wanted.setdefault(source, {})[name] = field.key
    values: dict[str, str] = {}
    if subject is None:
        return values
    # Stored as written, in the platform's language: the log is a record, not a page.
    purpose = Purpose(DECLARED, "预填申请表 " + version.implementation.code)
    for source, fields in wanted.items():
        try:
            result = sharing.shared_record_fetch(
                source_code=source,
                subject=subject,
                purpose=purpose,
                actor=actor,
                fields=list(fields),
                office=str(version.implementation.organisation.name),
                division_prefix=version.implementation.division.prefix,
                organisation_path=version.implementation.organisation.path,
                reuse_seconds=settings.SHARING_PREFILL_REUSE_SECONDS,
            )
        except ValidationError:  # a catalogue naming a field the source lacks
            logger.warning("shared_field of %s names an unknown field", source)
            continue
        for name, key in fields.items():
            if result.values.get(name) not in (None, ""):
                values[key] = str(result.values[name])
    return values
