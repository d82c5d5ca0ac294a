"""The catalogue search as main had it on 2026-12-02 (commit 077eae8), asked for the
first time (names matched on every call, as with ``SEARCH_MATCH_CACHE_SECONDS=0``), kept
so that ``bench.catalog`` measures it beside the current one in the same run: the names
matched with a case-insensitive lookup whatever the text and read through the translated
manager's values iterator, and the matched ids sent as an ``IN`` list of one parameter
per id, in the count and again in the page. Only those two steps are copied; the results
(``SearchResults``), the count and the page are the application's. Not used by the
application."""

import datetime

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from tongban.catalog.domain.search_keys import normalise_query
from tongban.catalog.models import BasicItem, ImplementationVersion
from tongban.catalog.search import (
    _BODY,
    _ENTRY,
    _ITEM,
    _PREFIXED_ITEM,
    RANK_CODE,
    RANK_CONTAINS,
    RANK_PREFIX,
    _live,
    _live_rows,
    _looks_like_code,
)
from tongban.regions import selectors as region_selectors


class SearchNames:
    def search(
        self,
        query: str,
        *,
        division_prefix: str = "",
        today: datetime.date | None = None,
    ) -> QuerySet[ImplementationVersion]:
        day = today or timezone.localdate()
        versions = _live(day)
        hits = None if division_prefix else _live_rows(day)
        if division_prefix:
            versions = versions.filter(
                implementation__division__prefix__startswith=division_prefix
            )
        text = (query or "").strip()
        if not text:
            return (
                versions.annotate(rank=Value(RANK_CONTAINS))
                .order_by(f"{_ENTRY}sort_key")
                .counted_as(hits)
            )
        code = text.upper()
        items, prefixed, bodies = _matched(text, code)
        found = versions.filter(_candidates(code, items, bodies, _ENTRY))
        if hits is not None:
            hits = hits.filter(_candidates(code, items, bodies, ""))
        if not prefixed and not _looks_like_code(code):
            return (
                found.annotate(rank=Value(RANK_CONTAINS))
                .order_by(f"{_ENTRY}sort_key")
                .counted_as(hits)
            )
        rank = Case(
            When(
                Q(**{f"{_ENTRY}implementation_code": code})
                | Q(**{f"{_ENTRY}basic_code": code}),
                then=Value(RANK_CODE),
            ),
            When(
                Q(**{f"{_ENTRY}basic_item_id__in": prefixed}), then=Value(RANK_PREFIX)
            ),
            default=Value(RANK_CONTAINS),
            output_field=IntegerField(),
        )
        return (
            found.annotate(rank=rank)
            .order_by("rank", f"{_ENTRY}sort_key")
            .counted_as(hits)
        )


def _matched(text: str, code: str) -> tuple[list[int], list[int], list[int]]:
    key = normalise_query(text)
    pinyin = key.isascii() and key.isalnum()
    names = (
        Q(name_zh_hans__icontains=text)
        | Q(name_bo__icontains=text)
        | Q(name_en__icontains=text)
        | Q(code__startswith=code)
    )
    prefix = Q(name_zh_hans__startswith=text) | Q(name_bo__startswith=text)
    if pinyin:
        names |= Q(search_initials__contains=key) | Q(search_pinyin__contains=key)
        prefix |= Q(search_initials__startswith=key) | Q(search_pinyin__startswith=key)
    items = (
        BasicItem.objects.filter(names)
        .annotate(
            kind=Case(When(prefix, then=Value(_PREFIXED_ITEM)), default=Value(_ITEM))
        )
        .order_by()
        .values_list("id", "kind")
    )
    bodies = region_selectors.organisations_named(text=text).annotate(kind=Value(_BODY))
    rows = list(items.union(bodies.order_by().values_list("id", "kind"), all=True))
    return (
        [pk for pk, kind in rows if kind != _BODY],
        [pk for pk, kind in rows if kind == _PREFIXED_ITEM],
        [pk for pk, kind in rows if kind == _BODY],
    )


def _candidates(code: str, items: list[int], bodies: list[int], path: str) -> Q:
    candidates = Q(**{f"{path}basic_item_id__in": items}) | Q(
        **{f"{path}organisation_id__in": bodies}
    )
    if _looks_like_code(code):
        candidates |= Q(**{f"{path}implementation_code__startswith": code})
    return candidates
