"""Render a statutory notice as HTML (preview, tests) and as a PDF (what is issued).

One template per kind under ``cases/notices/``, all extending ``base.html``, which lays the
notice out as Chinese administrative documents are: authority, title, number (文号) at the
right, salutation, body with the legal basis, particulars, remedies where required, the seal
area with the authority and date, and a QR code leading to ``verify_url``.

Everything is rendered inside ``translation.override(data.language)``, so labels, the legal
text and dates are in the applicant's language while names, numbers and the caller's facts
stay as given. Templates are loaded by a private engine over this app's template directory,
so rendering does not depend on the app's place in ``INSTALLED_APPS`` and no project context
processor (request, user) can leak into a notice.

Limits: the electronic seal (电子印章) is not applied here; the seal area marks where the
physical or electronic seal goes.
"""

import datetime
from functools import cache
from pathlib import Path
from typing import Any

import segno
from django.template import Context, Engine
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tongban.core.pdf import html_to_pdf

from .data import (
    WITH_REMEDIES,
    NoticeData,
    NoticeKind,
    check_notice,
    fact_date,
    parse_items,
)

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"

TITLES: dict[NoticeKind, Promise] = {
    NoticeKind.ACCEPTANCE: _("Notice of acceptance"),
    NoticeKind.REFUSAL: _("Notice of non-acceptance"),
    NoticeKind.SUPPLEMENT: _("Notice to supplement materials (one-time notice)"),
    NoticeKind.SPECIAL_PROCEDURE: _("Notice of special procedure"),
    NoticeKind.EXTENSION: _("Notice of extension"),
    NoticeKind.APPROVAL: _("Decision to grant the administrative licence"),
    NoticeKind.DENIAL: _("Decision not to grant the administrative licence"),
    NoticeKind.COMPLETION: _("Notice of completion"),
    NoticeKind.SERVICE_RECEIPT: _("Proof of service"),
}

# The lang attribute picks the font stack in notice.css and tells Pango which CJK glyph
# variants to use (SC, not JP).
HTML_LANG = {"zh-hans": "zh-Hans", "bo": "bo", "en": "en"}


@cache
def _engine() -> Engine:
    return Engine(
        dirs=[str(TEMPLATE_DIR)],
        libraries={"i18n": "django.templatetags.i18n"},
        autoescape=True,
    )


def format_date(value: datetime.date) -> str:
    # Translators: the date on a notice. Chinese: {year}年{month}月{day}日 (GB/T 9704: month
    # and day without leading zeros).
    pattern = gettext("{year}-{month}-{day}")
    return pattern.format(year=value.year, month=value.month, day=value.day)


def _facts(data: NoticeData) -> dict[str, str]:
    shown = {}
    for key, value in data.facts.items():
        date = fact_date(key, value)
        shown[key] = format_date(date) if date else value
    return shown


def _qr_data_uri(url: str) -> str:
    # Error level M survives a fold or a stamp over a corner of the code.
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2)


def _context(data: NoticeData) -> dict[str, Any]:
    return {
        "notice": data,
        "title": str(TITLES[data.kind]),
        "html_lang": HTML_LANG[data.language],
        "issued_on": format_date(data.issued_on),
        "facts": _facts(data),
        "items": parse_items(data.facts.get("items", "")),
        "with_remedies": data.kind in WITH_REMEDIES,
        "qr": _qr_data_uri(data.verify_url),
        "evaluate_qr": _qr_data_uri(data.evaluate_url) if data.evaluate_url else "",
    }


def render_notice_html(data: NoticeData) -> str:
    """The notice as one self-contained HTML page (styles inline, QR code as data: URI)."""
    check_notice(data)  # again: the caller's facts mapping may have changed since
    with translation.override(data.language):
        template = _engine().get_template(f"cases/notices/{data.kind.value}.html")
        return template.render(Context(_context(data)))


def render_notice_pdf(data: NoticeData) -> bytes:
    """The notice as an A4 PDF; fetches nothing from the network."""
    html = render_notice_html(data)
    with translation.override(data.language):
        title = f"{TITLES[data.kind]} {data.number}"
    return html_to_pdf(html, title=title)
