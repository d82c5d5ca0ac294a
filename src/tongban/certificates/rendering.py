"""A certificate as a PDF (WeasyPrint, Chinese and Tibetan fonts) with its 2-D code.

The layout template is the type's (``CertificateType.layout``); the 2-D code is a QR code
(segno, error level M) of the verification address with the identifier and the current
state's check value, so a printout can be checked by any phone without logging in.
GB/T 36905 asks for OFD files and a grid-matrix code (GB/T 27766); neither has a
well-kept Python library, so Tongban renders PDF and QR (known limit, docs/certificates.md).
"""

from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils.translation import get_language

from tongban.core.pdf import html_to_pdf

from . import presentation
from .models import Certificate
from .selectors import current_check

HTML_LANG = {"zh-hans": "zh-Hans", "bo": "bo", "en": "en"}


def qr_data_uri(certificate: Certificate) -> str:
    url = presentation.verify_url(certificate, current_check(certificate))
    return str(segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2))


def context(certificate: Certificate) -> dict[str, Any]:
    return {
        "certificate": certificate,
        "rows": presentation.data_rows(certificate),
        "check": current_check(certificate),
        "html_lang": HTML_LANG.get(get_language() or "zh-hans", "zh-Hans"),
    }


def certificate_pdf(certificate: Certificate) -> bytes:
    html = render_to_string(
        certificate.certificate_type.layout,
        {**context(certificate), "qr": qr_data_uri(certificate)},
    )
    return html_to_pdf(html, title=certificate.identifier)
