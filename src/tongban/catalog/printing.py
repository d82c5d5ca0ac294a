"""The printable guide (可打印的办事指南): the full guide as an A4 PDF in the active language.

The HTML is rendered by a private template engine over this app's templates, so no
project context processor (request, user, CSRF token) can reach a document that may be
printed and handed out, and laid out by ``core/pdf.py``, which fetches nothing: the print
stylesheet is inlined and the process is listed as text rather than drawn (the SVG
flowchart is a screen aid; on paper numbered steps read better and shape reliably).

Chinese is set in Noto Serif CJK SC and Tibetan in Tibetan Machine Uni, both from
fontconfig (see ``core/pdf.py``). Limits: material templates and samples are named but not
attached; the guide links to the online page for them.
"""

from functools import cache
from pathlib import Path

from django.template import Context, Engine
from django.utils.translation import get_language

from tongban.catalog import presentation
from tongban.catalog.models import ImplementationVersion
from tongban.core.pdf import html_to_pdf

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
# The lang attribute picks the font stack in guide.css and tells Pango which CJK glyph
# variants to use (SC, not JP).
HTML_LANG = {"zh-hans": "zh-Hans", "bo": "bo", "en": "en"}


@cache
def _engine() -> Engine:
    return Engine(
        dirs=[str(TEMPLATE_DIR)],
        libraries={"i18n": "django.templatetags.i18n"},
        autoescape=True,
    )


def render_guide_html(version: ImplementationVersion, *, page_url: str = "") -> str:
    """The full guide as one self-contained HTML page in the active language."""
    language = get_language() or "zh-hans"
    context = presentation.guide_context(version, short=False)
    context |= {"html_lang": HTML_LANG.get(language, "zh-Hans"), "page_url": page_url}
    template = _engine().get_template("catalog/print/guide.html")
    return template.render(Context(context))


def render_guide_pdf(version: ImplementationVersion, *, page_url: str = "") -> bytes:
    """The full guide as an A4 PDF; nothing is fetched from the network."""
    html = render_guide_html(version, page_url=page_url)
    title = str(version.implementation.basic_item.name)
    return html_to_pdf(html, title=title)
