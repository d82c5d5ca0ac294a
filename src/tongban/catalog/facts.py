"""Facts read from stored rows for the pure guide rules; one-language field access."""

from django.db import models

from tongban.catalog.domain.guide import FeeFacts, GuideFacts, MaterialFacts
from tongban.catalog.models import ImplementationVersion


def tr(instance: models.Model, name: str, lang: str = "zh_hans") -> str:
    """One language of a translated field, without fallback ("" when missing)."""
    return str(getattr(instance, f"{name}_{lang}", "") or "")


def guide_facts(version: ImplementationVersion) -> GuideFacts:
    materials = tuple(
        MaterialFacts(tr(m, "name") or str(m.name), m.necessity, m.source)
        for m in version.materials.all()
    )
    fees = tuple(FeeFacts(tr(f, "name"), tr(f, "standard")) for f in version.fees.all())
    item = version.implementation.basic_item
    blocks = {
        "legal_basis": bool(tr(item, "legal_basis")),
        "conditions": bool(tr(version, "conditions")),
        "process": bool(tr(version, "process_description")),
        "service_objects": bool(version.service_objects),
        "location": bool(tr(version, "location")),
        "hours": bool(tr(version, "hours")),
        "consultation": bool(version.consultation_phone or tr(version, "consultation")),
        "complaint": bool(version.complaint_phone or tr(version, "complaint")),
        "result": bool(version.result_type and tr(version, "result_name")),
        "faq": version.faqs.exists(),
        "translation_bo": bool(
            tr(item, "name", "bo") and tr(version, "conditions", "bo")
        ),
    }
    return GuideFacts(
        statutory_limit=version.statutory_limit,
        statutory_unit=version.statutory_unit,
        promised_limit=version.promised_limit,
        promised_unit=version.promised_unit,
        case_type=version.case_type,
        charges_fee=version.charges_fee,
        fee_basis=tr(version, "fee_basis"),
        fees=fees,
        handling_forms=tuple(version.handling_forms),
        online_depth=version.online_depth,
        online_url=version.online_url,
        visits_required=version.visits_required,
        at_most_one_visit=version.at_most_one_visit,
        materials=materials,
        blocks=blocks,
    )
