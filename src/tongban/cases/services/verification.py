"""``case_material_verify``: a clerk records that a material the applicant is not asked
for — one obtained by data sharing or from an e-certificate (来源渠道, DOMAIN §7; R4.3 no
re-submission) — was checked at its source: who, when and with what reference (the query
number of the sharing platform, the certificate's number). Acceptance and 容缺 count such a
material as present (``guards.supplied_material_ids``).

Known limit: until data sharing is connected (its own issue) the check is the clerk's
record of a look-up made elsewhere; nothing is fetched here.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.cases.domain.workflow import Actor, State
from tongban.cases.models import Case, CaseMaterial
from tongban.cases.services.transition import actor_roles, case_scope
from tongban.catalog.choices import MaterialSource
from tongban.core import actors
from tongban.core.services import audit_record

# Material sources (catalogue 来源渠道) a clerk checks at the source instead of asking.
SOURCE_CHECKED = frozenset({MaterialSource.SHARED_DATA, MaterialSource.E_CERTIFICATE})
# Before acceptance: what the acceptance guards read.
OPEN_FOR_CHECKS = frozenset({State.SUBMITTED, State.SUPPLEMENT_REQUESTED})


def _invalid(field: str, code: str, message: Any) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


@transaction.atomic
def case_material_verify(
    *, case: Case, material_id: int, reference: str, actor: actors.Actor
) -> CaseMaterial:
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("division", "organisation", "version")
        .get(pk=case.pk)
    )
    if Actor.COUNTER_CLERK not in actor_roles(case, actor):
        raise PermissionDenied(_("Only a counter clerk of this case may record this."))
    if State(case.state) not in OPEN_FOR_CHECKS:
        raise _invalid(
            "event",
            "transition_not_allowed",
            _("Materials are checked before the case is accepted."),
        )
    material = case.version.materials.filter(pk=material_id).first()
    if material is None:
        raise _invalid(
            "material",
            "unknown_material",
            _("This material is not on the checklist of this service."),
        )
    if material.source not in SOURCE_CHECKED:
        raise _invalid(
            "material",
            "not_checked_at_source",
            _("Only shared-data and e-certificate materials are checked at a source."),
        )
    reference = reference.strip()
    if not reference:
        raise _invalid(
            "reference",
            "required",
            _("Enter the reference of the check (query or certificate number)."),
        )
    row = CaseMaterial(
        case=case,
        material=material,
        name=material.name,
        source=CaseMaterial.Source.SOURCE_CHECK,
        provenance=(
            CaseMaterial.Provenance.CERTIFICATE
            if material.source == "e_certificate"
            else CaseMaterial.Provenance.SHARED_DATA
        ),
        trust_level=CaseMaterial.TrustLevel.A,
        source_reference=reference[:200],
        verified_by_id=actor.pk,
        verified_at=timezone.now(),
        verified_reference=reference,
        supplement_round=case.supplement_rounds,
    )
    row.full_clean(exclude=["file", "case", "material", "verified_by"])
    row.save()
    audit_record(
        actor=actor,
        action="case.verify_material",
        instance=case,
        changes={
            "material": [None, material.name],
            "source": [None, material.source],
            "reference": [None, reference],
        },
        **case_scope(case),
    )
    return row
