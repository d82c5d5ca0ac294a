"""HTML to PDF with WeasyPrint, offline: nothing is fetched but ``data:`` URIs.

Shared by the statutory notices (cases) and the printable guides (catalog). A notice is
evidence of what the authority told the applicant, and a guide carries text typed by
catalogue managers, so no PDF may depend on the network or on anything a caller's text
could point at (SSRF, local file disclosure). The fetcher therefore refuses every URL except ``data:`` (the QR code), and a refusal stops the
rendering instead of leaving a hole in the document, which is what WeasyPrint does with fetch
errors by default.

Fonts come from fontconfig: Noto Serif CJK SC (Debian fonts-noto-cjk) for Chinese and Tibetan
Machine Uni (fonts-tibetan-machine) for Tibetan; scripts/ensure-system-deps.sh installs both.
The woff2 subset in core/static is not used as a fallback: WeasyPrint decodes an @font-face
on every render (~0.5 s), reads local() fonts through the same fetcher, and a host without
Tibetan Machine Uni lacks the CJK fonts too, which have no fallback either.

WeasyPrint is imported on first use: it loads Pango through cffi, which processes that never
print a PDF should not pay for. Limits: WeasyPrint logs its progress at INFO on the
``weasyprint.progress`` logger.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcherResponse


class PdfRenderError(RuntimeError):
    """The PDF could not be made, e.g. because the HTML asked for a remote resource."""


class PdfUnavailable(PdfRenderError):
    """This machine cannot make PDFs: WeasyPrint or the Pango library it needs is missing
    (``make test`` installs them; a bare ``make run`` machine may lack them)."""


def _local_only_fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Refuses every URL but data: URIs (see the module docstring)."""

        def fetch(
            self, url: str, headers: dict[str, str] | None = None
        ) -> URLFetcherResponse:
            if not url.startswith("data:"):
                raise PdfRenderError(f"PDFs fetch no resources: {url}")
            return super().fetch(url, headers)

    # fail_on_errors: a refused URL aborts the render (FatalURLFetchingError).
    return LocalOnlyFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def html_to_pdf(html: str, *, title: str = "") -> bytes:
    """Lay out ``html`` (self-contained, print CSS inline) as a PDF."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import FatalURLFetchingError
    except (ImportError, OSError) as error:  # OSError: the Pango library cannot load
        raise PdfUnavailable(str(error)) from error

    try:
        document = HTML(string=html, url_fetcher=_local_only_fetcher()).render()
    except FatalURLFetchingError as error:
        raise PdfRenderError(str(error)) from error.__cause__
    if title:
        document.metadata.title = title
    pdf: bytes = document.write_pdf()
    return pdf
