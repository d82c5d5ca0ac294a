"""Public catalogue pages: search, guide, short guide, printable PDF."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, quote_etag
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tongban.catalog import presentation, printing, selectors
from tongban.catalog.domain import tables
from tongban.catalog.models import ImplementationVersion
from tongban.catalog.search import get_search
from tongban.core.api.throttling import ScopedThrottle
from tongban.core.context_processors import LARGE_TEXT_COOKIE
from tongban.core.pdf import PdfUnavailable
from tongban.documents.http import download_response


@require_GET
def item_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("list", "")
    results = get_search().search(query)
    if kind in selectors.SPECIAL_LISTS:
        results = results.filter(selectors.SPECIAL_LISTS[kind])
    theme = request.GET.get("theme", "")
    theme_filter = selectors.theme_condition(theme)
    if theme_filter is not None:
        results = results.filter(theme_filter)
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    # The 通办 lists say beside each item where it may be handed in.
    where = (
        [presentation.where_to_apply(v) for v in page]
        if kind in ("in_region", "cross_province")
        else []
    )
    return render(
        request,
        "catalog/item_search.html",
        {
            "query": query,
            "page": page,
            "where": dict(zip([v.pk for v in page], where, strict=False)),
            "list": kind,
            "lists": selectors.SPECIAL_LISTS,
            "theme": theme if theme_filter is not None else "",
            "person_themes": presentation.theme_links(tables.PERSON_THEMES),
            "organisation_themes": presentation.theme_links(tables.ORGANISATION_THEMES),
        },
    )


def _guide(
    request: HttpRequest, code: str, *, short: bool, status: int = 200
) -> HttpResponse:
    """A published guide never changes, so its article is rendered once per (version,
    item version, language, full or short) and kept in the shared cache; a new
    publication is a new key. The page around it (navigation, the user's name, CSRF
    tokens) is rendered per request and never cached. The ETag names the article and
    the viewer, so a browser revalidating its own copy gets a 304 for one narrow query."""
    stamp = selectors.public_guide_stamp(code=code)
    language = get_language() or settings.LANGUAGE_CODE
    key = (
        f"catalog:guide:{stamp.version_id}:{stamp.item_version}:{language}:{int(short)}"
    )
    viewer = f"{request.user.pk or ''}:{request.COOKIES.get(LARGE_TEXT_COOKIE, '')}"
    etag = quote_etag(hashlib.sha256(f"{key}:{viewer}".encode()).hexdigest()[:32])
    if status == 200 and etag in parse_etags(request.headers.get("If-None-Match", "")):
        return _guide_headers(HttpResponseNotModified(), etag, stamp)
    cached = cache.get(key)
    if cached is None:
        version = selectors.public_guide(code=code)
        context = presentation.guide_context(version, short=short)
        article = render_to_string("catalog/_guide_article.html", context)
        cached = (str(context["item"].name), article)
        cache.set(key, cached, timeout=settings.GUIDE_CACHE_SECONDS)
    title, article = cached
    context = {"title": title, "body": mark_safe(article)}  # noqa: S308 - our own template's output
    context["code"] = code  # the service desk's answers for the item load by it
    response = render(request, "catalog/guide.html", context, status=status)
    return _guide_headers(response, etag, stamp) if status == 200 else response


def _guide_headers(
    response: HttpResponse, etag: str, stamp: selectors.GuideStamp
) -> HttpResponse:
    # private: the page carries the viewer's CSRF token and name, so no shared cache
    # (CDN) may keep it; the browser keeps its own copy and revalidates.
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    if stamp.published_at is not None:
        response["Last-Modified"] = http_date(stamp.published_at.timestamp())
    patch_vary_headers(response, ("Cookie",))
    return response


@require_GET
def guide(request: HttpRequest, code: str) -> HttpResponse:
    return _guide(request, code, short=False)


@require_GET
def guide_short(request: HttpRequest, code: str) -> HttpResponse:
    return _guide(request, code, short=True)


@require_GET
def guide_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The full guide as a printable PDF in the request language."""
    # Per client address, signed in or not: rendering a PDF costs a second of CPU, and
    # the cache only helps once a (version, language) has been asked for.
    throttle = ScopedThrottle("guide_pdf")
    if not throttle.allow(request):
        messages.warning(
            request,
            _(
                "Too many printable guides were asked for from your address; wait a minute and try again, or print this page."
            ),
        )
        response = _guide(request, code, short=False, status=429)
        response["Retry-After"] = str(max(1, int(throttle.wait() or 1)))
        return response
    version = selectors.public_guide(code=code)
    try:
        pdf = _guide_pdf_bytes(version)
    except PdfUnavailable:
        messages.warning(
            request,
            _(
                "The printable version is not available right now; print this page instead."
            ),
        )
        return redirect("catalog:guide", version.implementation.code)
    return download_response(
        pdf,
        content_type="application/pdf",
        filename=version.implementation.code,
        kind="pdf",
        inline=True,  # meant to be printed from the browser
        private=False,
    )


def _guide_pdf_bytes(version: ImplementationVersion) -> bytes:
    """Rendered once per (version, language): a published version never changes, so its
    id is the key and a new version is a new key. The time limit only bounds how long a
    change to what the guide shows from outside the version (a hall's address) takes to
    appear. The online page's address comes from ``PUBLIC_BASE_URL``, not the request:
    the bytes are shared by every caller."""
    key = f"catalog:guide-pdf:{version.pk}:{get_language() or 'zh-hans'}"
    pdf = cache.get(key)
    if pdf is None:
        path = reverse("catalog:guide", args=[version.implementation.code])
        page_url = settings.PUBLIC_BASE_URL.rstrip("/") + path
        pdf = printing.render_guide_pdf(version, page_url=page_url)
        cache.set(key, pdf, timeout=settings.GUIDE_PDF_CACHE_SECONDS)
    return bytes(pdf)
