"""Public catalogue pages: search, guide, short guide, printable PDF."""

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tongban.catalog import guide_cache, presentation, printing, selectors
from tongban.catalog.domain import tables
from tongban.catalog.models import ImplementationVersion
from tongban.catalog.search import CappedPaginator, get_search
from tongban.core import pagecache
from tongban.core.api.throttling import ScopedThrottle
from tongban.core.context_processors import LARGE_TEXT_COOKIE
from tongban.core.pdf import PdfUnavailable
from tongban.documents.http import download_response


@require_GET
def item_search(request: HttpRequest) -> HttpResponse:
    """Search results are cached whole for ``SEARCH_CACHE_SECONDS`` per (query string,
    language, text size, reader variant): a popular query is answered from the cache,
    and a publication shows in the results within that time."""
    variant = pagecache.variant(request, query=True)
    if variant is None or settings.SEARCH_CACHE_SECONDS <= 0:
        return render(request, "catalog/item_search.html", _search_context(request))
    large = int(request.COOKIES.get(LARGE_TEXT_COOKIE) == "1")
    asked = sorted(request.GET.lists())
    parts = ("search", get_language(), large, variant, asked)
    key = "catalog:search-page:" + pagecache.etag(parts).strip('"')
    page = cache.get(key)
    if page is None:
        html = pagecache.render(
            request, "catalog/item_search.html", _search_context(request)
        )
        page = pagecache.Page(html, last_modified=int(time.time()))
        cache.set(key, page, timeout=settings.SEARCH_CACHE_SECONDS)
    # the entry's render time is in the ETag: a revalidation gets a 304 only while
    # that entry lives
    etag = pagecache.etag_for(request, page, (*parts, page.last_modified))
    return pagecache.respond(
        request, page, etag=etag, max_age=settings.SEARCH_CACHE_SECONDS
    )


def _search_context(request: HttpRequest) -> dict[str, Any]:
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("list", "")
    results = get_search().search(query)
    if kind in selectors.SPECIAL_LISTS:
        results = results.filter(selectors.SPECIAL_LISTS[kind])
    theme = request.GET.get("theme", "")
    theme_filter = selectors.theme_condition(theme)
    if theme_filter is not None:
        results = results.filter(theme_filter)
    paginator = CappedPaginator(results, 20, cap=settings.SEARCH_COUNT_CAP)
    page = paginator.get_page(request.GET.get("page"))
    # The 通办 lists say beside each item where it may be handed in.
    where = (
        [presentation.where_to_apply(v) for v in page]
        if kind in ("in_region", "cross_province")
        else []
    )
    return {
        "query": query,
        "page": page,
        "where": dict(zip([v.pk for v in page], where, strict=False)),
        "list": kind,
        "lists": selectors.SPECIAL_LISTS,
        "theme": theme if theme_filter is not None else "",
        "person_themes": presentation.theme_links(tables.PERSON_THEMES),
        "organisation_themes": presentation.theme_links(tables.ORGANISATION_THEMES),
    }


def _guide(
    request: HttpRequest, code: str, *, short: bool, status: int = 200
) -> HttpResponse:
    """A published guide never changes. Its whole page is kept in the shared cache per
    (publication stamp, day, language, text size, full or short, reader variant) and
    served from there in one cache round trip (the stamp and the page together,
    ``guide_cache.read``) and no query: to anonymous readers as it is
    (``public``, a CDN may keep it), to signed-in readers with their own CSRF token put
    in (``core.pagecache``). The article inside is cached on its own, so each variant's
    page costs one shell render. A request with flash messages or a query string gets
    the shell rendered for it around the cached article."""
    normal = guide_cache.normal_code(code)
    variant = pagecache.variant(request) if status == 200 and normal else None
    large = int(request.COOKIES.get(LARGE_TEXT_COOKIE) == "1")
    language = get_language() or settings.LANGUAGE_CODE
    parts = (language, int(short), large, variant)
    before, page = (
        guide_cache.read(normal, "page", *parts, local=True) if normal else (None, None)
    )
    if normal and before is not None and page is not None and variant is not None:
        return _page_response(request, page, normal, before, parts)
    stamp = selectors.public_guide_stamp(code=code)
    guide_stamp, keep = guide_cache.settled(normal, before)
    title, article = _article(normal, guide_stamp if keep else None, stamp, short)
    # the service desk's answers for the item load by its code
    context = {"title": title, "body": mark_safe(article), "code": normal or code}  # noqa: S308 - our own template's output
    if variant is None or not keep or normal is None:
        # a page with something of this request alone, or read without a stamp
        response = render(request, "catalog/guide.html", context, status=status)
        response["Cache-Control"] = "private, no-cache"
        return response
    published = int(stamp.published_at.timestamp()) if stamp.published_at else None
    page = pagecache.Page(
        pagecache.render(request, "catalog/guide.html", context), published
    )
    guide_cache.keep(
        normal,
        guide_stamp,
        "page",
        *parts,
        value=page,
        timeout=settings.GUIDE_CACHE_SECONDS,
    )
    return _page_response(request, page, normal, guide_stamp, parts)


def _article(
    normal: str | None,
    guide_stamp: str | None,
    stamp: selectors.GuideStamp,
    short: bool,
) -> tuple[str, str]:
    """``(title, article html)`` in the active language, rendered once per stamp
    (every time when there is no stamp to keep it under)."""
    language = get_language() or settings.LANGUAGE_CODE
    parts = (language, int(short), stamp.version_id)
    if normal and guide_stamp:
        cached = guide_cache.kept(normal, guide_stamp, "article", *parts)
        if cached is not None:
            return cached[0], cached[1]
    version = selectors.public_guide(code=normal or "")
    context = presentation.guide_context(version, short=short)
    article = render_to_string("catalog/_guide_article.html", context)
    title = str(context["item"].name)
    if normal and guide_stamp:
        guide_cache.keep(
            normal,
            guide_stamp,
            "article",
            *parts,
            value=(title, article),
            timeout=settings.GUIDE_CACHE_SECONDS,
        )
    return title, article


def _page_response(
    request: HttpRequest,
    page: pagecache.Page,
    normal: str,
    guide_stamp: str,
    parts: tuple[object, ...],
) -> HttpResponse:
    etag = pagecache.etag_for(
        request, page, ("guide", normal, guide_stamp, timezone.localdate(), *parts)
    )
    return pagecache.respond(
        request, page, etag=etag, max_age=settings.GUIDE_MAX_AGE_SECONDS
    )


@require_GET
def guide(request: HttpRequest, code: str) -> HttpResponse:
    return _guide(request, code, short=False)


@require_GET
def guide_short(request: HttpRequest, code: str) -> HttpResponse:
    return _guide(request, code, short=True)


@require_GET
def guide_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The full guide as a printable PDF in the request language, rendered once per
    publication stamp and language and then sent from the cache (``public``: the bytes
    are the same for every reader), held in the process's memory like the page
    (``guide_cache.read(local=True)``).

    Only a render is throttled, per client address, signed in or not: rendering a PDF
    costs a second of CPU, and a new publication (or a new day) is a new render. A PDF
    read from the cache costs no render, so it is sent without counting (and without
    the throttle's round trip to the shared cache)."""
    normal = guide_cache.normal_code(code)
    language = get_language() or settings.LANGUAGE_CODE
    guide_stamp, cached = (
        guide_cache.read(normal, "pdf", language, local=True)
        if normal
        else (None, None)
    )
    if cached is None:
        throttle = ScopedThrottle("guide_pdf")
        if not throttle.allow(request):
            return _pdf_throttled(request, code, throttle)
        version = selectors.public_guide(code=code)
        guide_stamp, keep = guide_cache.settled(normal, guide_stamp)
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
        published = (
            int(version.published_at.timestamp()) if version.published_at else None
        )
        cached = (pdf, published)
        if keep and normal is not None:
            guide_cache.keep(
                normal,
                guide_stamp,
                "pdf",
                language,
                value=cached,
                timeout=settings.GUIDE_PDF_CACHE_SECONDS,
            )
        else:  # read without a stamp: its ETag must match nothing kept
            guide_stamp = f"unkept-{version.pk}-{time.time_ns()}"
    pdf, published = cached
    etag = pagecache.etag(("pdf", normal, guide_stamp, timezone.localdate(), language))
    response = get_conditional_response(
        request, etag=etag, last_modified=published
    ) or download_response(
        pdf,
        content_type="application/pdf",
        filename=normal or code,
        kind="pdf",
        inline=True,  # meant to be printed from the browser
        private=False,
    )
    return pagecache.cache_headers(
        response,
        etag=etag,
        last_modified=published,
        public=True,
        max_age=settings.GUIDE_MAX_AGE_SECONDS,
    )


def _pdf_throttled(
    request: HttpRequest, code: str, throttle: ScopedThrottle
) -> HttpResponse:
    messages.warning(
        request,
        _(
            "Too many printable guides were asked for from your address; wait a minute and try again, or print this page."
        ),
    )
    response = _guide(request, code, short=False, status=429)
    response["Retry-After"] = str(max(1, int(throttle.wait() or 1)))
    return response


def _guide_pdf_bytes(version: ImplementationVersion) -> bytes:
    """The online page's address comes from ``PUBLIC_BASE_URL``, not the request: the
    bytes are shared by every caller."""
    path = reverse("catalog:guide", args=[version.implementation.code])
    page_url = settings.PUBLIC_BASE_URL.rstrip("/") + path
    return bytes(printing.render_guide_pdf(version, page_url=page_url))
