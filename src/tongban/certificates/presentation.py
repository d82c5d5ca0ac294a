"""What pages, the API and the PDF show of a certificate, in the reader's language.

The public (verification) view masks a person's name to its first character and shows
only the masked identity number; an organisation's name stays, as on its licence. Field
labels come from the type, per language, Chinese as the fallback.
"""

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .domain.status import Verdict
from .models import Certificate
from .selectors import Verification

VERDICT_LABELS = {
    Verdict.VALID: _("Genuine and valid"),
    Verdict.EXPIRED: _("Genuine, but expired"),
    Verdict.NOT_YET_VALID: _("Genuine, but not valid yet"),
    Verdict.REVOKED: _("Genuine, but revoked"),
    Verdict.ANNULLED: _("Genuine, but annulled"),
    Verdict.REPLACED: _("Genuine, but replaced by a newer certificate"),
    Verdict.FORGED: _("Not genuine: the data or the signature was altered"),
    Verdict.CODE_MISMATCH: _(
        "Not genuine: this 2-D code does not belong to this certificate"
    ),
    Verdict.NOT_FOUND: _("No certificate has this identifier"),
}


def _suffix() -> str:
    language = (get_language() or "zh-hans").split("-")[0]
    return {"bo": "_bo", "en": "_en"}.get(language, "")


def masked_name(certificate: Certificate) -> str:
    if certificate.holder.applicant_type == "organisation":
        return certificate.holder_name
    name = certificate.holder_name
    return name[:1] + "*" * max(len(name) - 1, 1)


def data_rows(certificate: Certificate) -> list[dict[str, str]]:
    suffix = _suffix()
    rows = []
    for field in certificate.certificate_type.fields:
        label = field.get(f"label{suffix}") or field.get("label") or field["key"]
        rows.append(
            {
                "key": field["key"],
                "label": label,
                "value": str(certificate.data.get(field["key"], "")),
            }
        )
    return rows


def verify_url(certificate: Certificate, check: str, *, absolute: bool = True) -> str:
    """The address the 2-D code carries: identifier and check value."""
    path = (
        reverse("certificates:verify")
        + "?"
        + urlencode({"id": certificate.identifier, "c": check})
    )
    return settings.PUBLIC_BASE_URL.rstrip("/") + path if absolute else path


def public_view(checked: Verification) -> dict[str, Any]:
    """The verification answer: the same fields on the page and in the API."""
    certificate = checked.certificate
    shown = certificate is not None and checked.verdict not in (
        Verdict.FORGED,
        Verdict.CODE_MISMATCH,
    )
    view: dict[str, Any] = {
        "identifier": checked.identifier,
        "verdict": checked.verdict.value,
        "verdict_label": str(VERDICT_LABELS[checked.verdict]),
        "genuine": checked.genuine,
        "signature_check": checked.signature_check,
        "replaced_by": checked.replaced_by,
        "certificate_type": None,
        "issuer": None,
        "holder": None,
        "holder_id_masked": None,
        "valid_from": None,
        "valid_until": None,
        "status_reason": "",
        "data": [],
    }
    if shown and certificate is not None:
        view.update(
            certificate_type=str(certificate.certificate_type.name),
            issuer=certificate.organisation.name,
            holder=masked_name(certificate),
            holder_id_masked=certificate.holder_id_masked,
            valid_from=certificate.valid_from,
            valid_until=certificate.valid_until,
            status_reason=checked.state.reason if checked.state else "",
            data=data_rows(certificate),
        )
    return view
