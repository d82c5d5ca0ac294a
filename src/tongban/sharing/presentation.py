"""Rows of the access log as pages show them: the source's name and field labels in the
reader's language, the outcome's label, the purpose as a case number or a declared
sentence."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tongban.sharing.domain.purpose import CASE
from tongban.sharing.domain.registry import source_get
from tongban.sharing.models import AccessLog

FIELD = "shared data field"  # context: a label that another catalogue may use otherwise
FIELD_LABELS = {
    "name": pgettext_lazy(FIELD, "name"),
    "gender": pgettext_lazy(FIELD, "gender"),
    "ethnicity": pgettext_lazy(FIELD, "ethnicity"),
    "birth_date": pgettext_lazy(FIELD, "date of birth"),
    "address": pgettext_lazy(FIELD, "address"),
    "household_number": pgettext_lazy(FIELD, "household number"),
    "head_of_household": pgettext_lazy(FIELD, "head of household"),
    "relation_to_head": pgettext_lazy(FIELD, "relation to the head of household"),
    "registered_address": pgettext_lazy(FIELD, "registered address"),
    "legal_representative": pgettext_lazy(FIELD, "legal representative"),
    "registered_capital": pgettext_lazy(FIELD, "registered capital"),
    "established_on": pgettext_lazy(FIELD, "established on"),
    "business_scope": pgettext_lazy(FIELD, "business scope"),
    "insured": pgettext_lazy(FIELD, "insured"),
    "insurance_types": pgettext_lazy(FIELD, "kinds of insurance"),
    "employer": pgettext_lazy(FIELD, "employer"),
    "insured_since": pgettext_lazy(FIELD, "insured since"),
    "certificate_number": pgettext_lazy(FIELD, "certificate number"),
    "property_address": pgettext_lazy(FIELD, "address of the property"),
    "floor_area": pgettext_lazy(FIELD, "floor area"),
    "registered_on": pgettext_lazy(FIELD, "registered on"),
    "marital_status": pgettext_lazy(FIELD, "marital status"),
    "registry_office": pgettext_lazy(FIELD, "registry office"),
    "BDCQZ": pgettext_lazy(FIELD, "real estate title certificate"),
}


@dataclass(frozen=True)
class AccessRow:
    access: AccessLog
    source: str
    fields: str
    purpose: str
    outcome: str


def field_label(key: str) -> str:
    return str(FIELD_LABELS.get(key, key))


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
                fields="、".join(field_label(f) for f in access.fields),
                purpose=purpose,
                outcome=str(access.get_outcome_display()),
            )
        )
    return rows
