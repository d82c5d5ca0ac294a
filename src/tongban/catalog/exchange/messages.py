"""What each import error code means, in the user's language.

The importer reports ``(row, field, code)`` with a stable code for machines and the
message here (translated at report time) plus the offending value for people. Codes
from the guide rules reuse their messages (``services.common.ISSUE_MESSAGES``); codes
raised by the catalogue services carry their own translated message.
"""

from django.utils.translation import gettext_lazy as _

from tongban.catalog.domain.codes import BasicCodeError
from tongban.catalog.services.common import ISSUE_MESSAGES
from tongban.catalog.services.items import BASIC_CODE_MESSAGES

ROW_MESSAGES = {
    "required": _("This field is required."),
    "not_a_number": _("Write a whole number."),
    "negative": _("The number may not be negative."),
    "not_a_list": _('Write a list of objects (JSON), e.g. [{"name": "…"}].'),
    "not_a_date": _("Not a date: write it as YYYY-MM-DD."),
    "unknown_item_type": _("Not an item type of GB/T 39046 table A.1."),
    "unknown_case_type": _("Not a case type of GB/T 39046 table A.6."),
    "unknown_service_objects": _("Not a service object of GB/T 39046 table A.4."),
    "unknown_handling_forms": _("Not a handling form of GB/T 39046 table A.5."),
    "unknown_service_scope": _("Not a handling scope (通办范围) of the catalogue."),
    "unknown_theme": _("Not a theme of the catalogue."),
    "unknown_unit": _("Not a time unit: write 工作日 (working days) or 自然日."),
    "item_type_mismatch": _(
        "The item type differs from the type digits of the national basic code."
    ),
    "uscc_length": _("A unified social credit code has 18 characters."),
    "uscc_checksum": _("The check character of this credit code is wrong."),
    "uscc_format": _("This is not a unified social credit code (GB 32100)."),
    "unknown_organisation": _("No implementing body with this credit code exists."),
    "unknown_division": _("There is no division with this code."),
    "uniformity_violation": _(
        "This differs from the basic catalogue, which must be identical at every "
        "level (clause 5.2a): change the basic item instead."
    ),
    "permission_denied": _("You may not manage the catalogue of this body."),
}


def row_message(code: str) -> str:
    if code in ROW_MESSAGES:
        return str(ROW_MESSAGES[code])
    if code.startswith("basic_code_") and code[11:] in set(BasicCodeError):
        return str(BASIC_CODE_MESSAGES[BasicCodeError(code[11:])])
    if code in ISSUE_MESSAGES:
        return str(ISSUE_MESSAGES[code]).format(name="")
    return str(_("This value is not valid."))
