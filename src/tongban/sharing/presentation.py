"""Rows of the access log as pages show them: the source's name and field labels in the
reader's language, the outcome's label, the purpose as a case number or a declared
sentence."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tongban.sharing.domain.purpose import CASE
from tongban.sharing.domain.registry import source_get
from tongban.sharing.models import AccessLog

FIELD_LABELS = {
    "name": _("name"),
    "gender": _("gender"),
    "ethnicity": _("ethnicity"),
    "birth_date": _("date of birth"),
    "address": _("address"),
    "household_number": _("household number"),
    "head_of_household": _("head of household"),
    "relation_to_head": _("relation to the head of household"),
    "registered_address": _("registered address"),
    "legal_representative": _("legal representative"),
    "registered_capital": _("registered capital"),
    "established_on": _("established on"),
    "business_scope": _("business scope"),
    "insured": _("insured"),
    "insurance_types": _("kinds of insurance"),
    "employer": _("employer"),
    "insured_since": _("insured since"),
    "certificate_number": _("certificate number"),
    "property_address": _("address of the property"),
    "floor_area": _("floor area"),
    "registered_on": _("registered on"),
    "marital_status": _("marital status"),
    "registry_office": _("registry office"),
}


@dataclass(frozen=True)
class AccessRow:
    access: AccessLog
    source: str
    fields: str
    purpose: str
    outcome: str


def source_name(code: str) -> str:
    source = source_get(code)
    return source.name_in(get_language() or "zh-hans") if source else code


def access_rows(accesses: Any) -> list[AccessRow]:
    rows = []
    for access in accesses:
        purpose = (
            str(_("case {number}")).format(number=access.purpose)
            if access.purpose_kind == CASE
            else access.purpose
        )
        rows.append(
            AccessRow(
                access=access,
                source=source_name(access.source),
                fields="、".join(str(FIELD_LABELS.get(f, f)) for f in access.fields),
                purpose=purpose,
                outcome=str(access.get_outcome_display()),
            )
        )
    return rows
