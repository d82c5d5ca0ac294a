"""The catalogue search as main had it before the count and page work of issue 12
(2026-12-02), kept so that ``bench.catalog`` measures it beside the current one in the
same run: the search rows, with the count and the page each one statement joined to
the versions (the page through every ``select_related`` table under the list of matched
item ids). Not used by the application."""

import datetime

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from tongban.catalog.domain.search_keys import normalise_query
from tongban.catalog.models import BasicItem, ImplementationVersion
from tongban.regions import selectors as region_selectors

RANK_CODE, RANK_PREFIX, RANK_CONTAINS = 0, 1, 2
_ENTRY = "search_entry__"
_ITEM, _PREFIXED_ITEM, _BODY = 1, 2, 3


def _live(today: datetime.date) -> QuerySet[ImplementationVersion]:
    """The live guides by their search rows' date windows (the rule of
    ``selectors.live_versions``, kept by the services that publish and withdraw)."""
    return ImplementationVersion.objects.filter(
        Q(search_entry__live_until__isnull=True)
        | Q(search_entry__live_until__gt=today),
        search_entry__live_from__lte=today,
    ).select_related(
        "implementation__basic_item",
        "implementation__organisation",
        "implementation__division",
    )


class SearchJoined:
    def search(
        self,
        query: str,
        *,
        division_prefix: str = "",
        today: datetime.date | None = None,
    ) -> QuerySet[ImplementationVersion]:
        versions = _live(today or timezone.localdate())
        if division_prefix:
            versions = versions.filter(
                implementation__division__prefix__startswith=division_prefix
            )
        text = (query or "").strip()
        if not text:
            return versions.annotate(rank=Value(RANK_CONTAINS)).order_by(
                f"{_ENTRY}sort_key"
            )
        code = text.upper()
        items, prefixed, bodies = _matches(text, code)
        found = versions.filter(_candidates(code, items, bodies))
        if not prefixed and not _looks_like_code(code):
            # Every row ranks "contains": ordered by the sort key alone, the index on it
            # is read in order and stops at a page even when half the catalogue
            # matches (许可证), where ranking would sort every match first.
            return found.annotate(rank=Value(RANK_CONTAINS)).order_by(
                f"{_ENTRY}sort_key"
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
        return found.annotate(rank=rank).order_by("rank", f"{_ENTRY}sort_key")


def _matches(text: str, code: str) -> tuple[list[int], list[int], list[int]]:
    """Ids of the basic items whose names, pinyin keys or code match, of those among
    them whose Chinese or Tibetan name or pinyin key starts with the query (the second
    rank), and of the implementing bodies whose name contains it: one round trip over
    the two small tables. The guides' query then gets literal id lists, which the
    planner turns into index scans (as subqueries it chose sequential scans)."""
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


def _candidates(code: str, items: list[int], bodies: list[int]) -> Q:
    """Search rows of the matched items and bodies, and (for a code-shaped query) of
    the implementations whose code starts with it; each an index on the one table."""
    candidates = Q(**{f"{_ENTRY}basic_item_id__in": items}) | Q(
        **{f"{_ENTRY}organisation_id__in": bodies}
    )
    if _looks_like_code(code):
        candidates |= Q(**{f"{_ENTRY}implementation_code__startswith": code})
    return candidates


def _looks_like_code(text: str) -> bool:
    """Implementation codes are USCC + level + basic code: ASCII letters and digits
    (GB 32100, GB/T 39554.1). Pinyin keys are letters only, names are not ASCII."""
    return (
        len(text) >= 6
        and text.isascii()
        and text.isalnum()
        and any(c.isdigit() for c in text)
    )
