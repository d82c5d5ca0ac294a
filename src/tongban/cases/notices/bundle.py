"""The combined notice of acceptance of a bundle case (一件事 受理通知书): one document for
the applicant listing every sub-case — its number, the organisation handling it, its
promised deadline and its state — with the bundle's deadline and the one pickup code for
collecting every result at once (统一出件), and the verification QR code of the other
notices.

Each sub-case still issues its own statutory notices (行政许可法 32); this notice tells the
applicant, in one place, what became of the one application. It is laid out by the
notices' base template (``cases/notices/bundle_acceptance.html`` extends ``base.html``) and
rendered as they are: inside the notice's language, by the notices' private template
engine, to a PDF that fetches nothing.

Limits: the facts are plain strings chosen by the caller (dates already formatted or ISO,
states already worded in the notice's language).
"""

import datetime
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from django.template import Context
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tongban.core.pdf import html_to_pdf

from .data import LANGUAGES, NoticeDataError, fact_date
from .render import HTML_LANG, _engine, _qr_data_uri, format_date

TITLE = _("Notice of acceptance of a bundle application")


@dataclass(frozen=True)
class BundleNoticePart:
    number: str
    item: str
    organisation: str
    due: str  # a date, or the promised limit in words while it is not accepted
    state: str


@dataclass(frozen=True)
class BundleNoticeData:
    number: str
    language: str
    issued_on: datetime.date
    verify_url: str
    authority_name: str
    applicant_name: str
    bundle_case_number: str
    bundle_name: str
    parts: tuple[BundleNoticePart, ...]
    due_date: datetime.date | None
    estimated: bool
    pickup_code: str
    query_hint: str = ""
    kind: str = field(default="bundle_acceptance", init=False)

    def __post_init__(self) -> None:
        check_bundle_notice(self)

    # The names the notices' base template reads.
    @property
    def item_name(self) -> str:
        return self.bundle_name

    @property
    def case_number(self) -> str:
        return self.bundle_case_number


def check_bundle_notice(data: BundleNoticeData) -> None:
    if data.language not in LANGUAGES:
        raise NoticeDataError(
            f"notices are issued in {LANGUAGES}, not {data.language!r}"
        )
    url = urlsplit(data.verify_url)
    if url.scheme not in ("https", "http") or not url.netloc:
        raise NoticeDataError("verify_url must be an absolute http(s) URL")
    for name in ("number", "authority_name", "applicant_name", "bundle_case_number"):
        if not getattr(data, name).strip():
            raise NoticeDataError(f"a notice needs {name}")
    if not data.parts:
        raise NoticeDataError("a bundle notice lists at least one sub-case")
    if not data.pickup_code.strip():
        raise NoticeDataError("a bundle notice needs the pickup code")


def _shown(part: BundleNoticePart) -> BundleNoticePart:
    """The part with an ISO due date shown in the notice's language."""
    date = fact_date("due_date", part.due)
    return replace(part, due=format_date(date)) if date else part


def render_bundle_notice_html(data: BundleNoticeData) -> str:
    check_bundle_notice(data)
    with translation.override(data.language):
        context = {
            "notice": data,
            "title": str(TITLE),
            "html_lang": HTML_LANG[data.language],
            "issued_on": format_date(data.issued_on),
            "due_date": format_date(data.due_date) if data.due_date else "",
            "with_remedies": False,
            "qr": _qr_data_uri(data.verify_url),
            "parts": [_shown(part) for part in data.parts],
        }
        template = _engine().get_template("cases/notices/bundle_acceptance.html")
        return template.render(Context(context))


def render_bundle_notice_pdf(data: BundleNoticeData) -> bytes:
    html = render_bundle_notice_html(data)
    with translation.override(data.language):
        title = f"{TITLE} {data.number}"
    return html_to_pdf(html, title=title)
