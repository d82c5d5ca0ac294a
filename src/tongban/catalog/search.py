"""Catalogue search behind a small interface, so OpenSearch can replace the database.

``DatabaseSearch`` matches the live guides on implementation and basic codes, Chinese,
Tibetan and English names, the implementing body's name, and the pinyin keys stored on
the basic item (``yyzz`` finds 营业执照). Names are matched on the small tables (basic
items: about a thousand rows; organisations: a few hundred), and the guides are then
read from their denormalised search rows (``models.SearchEntry``: liveness as a date
window, codes, sort key), one narrow table whose every condition has an index, so
neither the live-version anti-join nor a sort of wide joined rows happens per query,
and a Tibetan query costs what a Chinese one does. Ranking happens in SQL: an exact code
first, then names or pinyin keys starting with the query, then anything containing it;
ties by basic and implementation code.

A page of results is read in two steps (``SearchResults``) and counted only as far as
the page says (``CappedPaginator``): planning the one statement that joins the six
tables of a result row under a list of several hundred matched item ids took 10–15 ms
where running it took 0.5 ms, and counting the 53,218 guides ``ཆོག་མཆན`` matches took
140 ms (docs/BENCHMARKS.md, issue 12). An OpenSearch backend gives the same two
things: the hits of a page by id, and a total tracked up to a bound
(``track_total_hits``).

A first ask of a broad name is mostly the names' step and the id lists it gives
(``ཆོག་མཆན`` matches 649 of 1,200 basic items): a text with no letter that has case
(Chinese, Tibetan, digits) is matched on the names as it is, without upper-casing every
name (``_caseless``), the matched rows are read as plain tuples, and on PostgreSQL the
ids reach the count and the page as one array parameter (``_AmongIds``), not one
parameter per id prepared by Django, split by the driver and parsed by the server.
Trigram indexes would not pay here: the names are matched on 1,200 rows in about a
millisecond, and a broad Tibetan name matches more than half of them.

The ids of the basic items and bodies a query text's names match are kept in the shared
cache under the catalogue's generation (``_matches``, ``SEARCH_MATCH_CACHE_SECONDS``), so
a query asked again skips that statement; which guides are live is read from the search
rows every time.
"""

import datetime
import hashlib
from functools import cached_property
from typing import Any, Protocol, cast

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.lookups import In
from django.db.models.query import ModelIterable
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone
from modeltranslation.manager import MultilingualQuerySet

from tongban.catalog import selectors
from tongban.catalog.domain.search_keys import normalise_query
from tongban.catalog.models import BasicItem, ImplementationVersion, SearchEntry
from tongban.regions import selectors as region_selectors

RANK_CODE, RANK_PREFIX, RANK_CONTAINS = 0, 1, 2
_ENTRY = "search_entry__"
_ITEM, _PREFIXED_ITEM, _BODY = 1, 2, 3
_MATCHES = "catalog:search-matches:"


class CatalogSearch(Protocol):
    def search(
        self,
        query: str,
        *,
        division_prefix: str = "",
        today: datetime.date | None = None,
    ) -> QuerySet[ImplementationVersion]: ...


class SearchResults(MultilingualQuerySet[ImplementationVersion]):
    """The guides a search found, a queryset callers filter and slice as any other (the
    model manager's kind, so lookups on translated fields are rewritten as before). A
    slice (a page) is read in two steps: the ids of its rows, with the annotations and
    in the order asked for, from the tables the conditions name (the search rows, and
    the versions or implementations where a caller filtered on them), then those
    versions with their ``select_related`` rows by primary key. The rows and their
    order are the one statement's; only the planner's work differs (the id statement
    joins two tables, the row statement has no long id list).

    An exact count reads the search rows alone (``hits``: the same conditions on
    ``SearchEntry``, one row per live guide) while nobody filtered the results further;
    the versions add nothing to it but a join of every match (140 ms for the 53,218
    guides ``ཆོག་མཆན`` finds)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._hits: QuerySet[SearchEntry] | None = None
        self._hits_where: Any = None

    def _clone(self) -> "SearchResults":
        clone = super()._clone()
        clone._hits, clone._hits_where = self._hits, self._hits_where
        return clone

    def counted_as(self, hits: QuerySet[SearchEntry] | None) -> "SearchResults":
        """These results, whose count is that of ``hits`` until they are filtered."""
        clone = self.all()
        clone._hits = hits
        clone._hits_where = None if hits is None else clone.query.where.clone()
        return clone

    def count(self) -> int:
        query = self.query
        if (
            self._result_cache is None
            and self._hits is not None
            and query.where == self._hits_where
            and query.combinator is None
            and query.group_by is None
            and not query.distinct
            and not query.extra_tables
        ):
            hits = self._hits.using(self.db).order_by()
            if query.is_sliced:
                hits = hits[query.low_mark : query.high_mark]
            return hits.count()
        return super().count()

    def _fetch_all(self) -> None:
        if (
            self._result_cache is None
            and self.query.is_sliced
            and self._iterable_class is ModelIterable
        ):
            self._result_cache = self._by_ids()
            self._prefetch_done = True
        super()._fetch_all()

    def _by_ids(self) -> list[ImplementationVersion]:
        names = list(self.query.annotation_select)
        # modeltranslation types a values_list as rows of the model
        rows = cast(list[tuple[Any, ...]], list(self.values_list("pk", *names)))
        versions = self.model._base_manager.using(self.db).filter(
            pk__in=[row[0] for row in rows]
        )
        versions.query.select_related = self.query.select_related
        versions.query.deferred_loading = self.query.deferred_loading
        lookups = self._prefetch_related_lookups  # type: ignore[attr-defined]  # private in the stubs
        if lookups:
            versions = versions.prefetch_related(*lookups)
        found = {version.pk: version for version in versions}
        page = []
        for pk, *values in rows:
            version = found[pk]
            for name, value in zip(names, values, strict=True):
                setattr(version, name, value)
            page.append(version)
        return page


class CappedPaginator(Paginator):
    """A paginator that counts no further than ``cap`` rows: past that the page says
    there are more than ``cap`` (``more``) and lists the first ``cap``, as portals do
    for broad queries (an OpenSearch backend tracks its total the same way). Counting
    ``cap + 1`` rows in no order stops at them; the exact count of half the catalogue
    was the slowest part of a search."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, cap: int) -> None:
        super().__init__(object_list, per_page)
        self.results, self.cap = object_list, cap

    @cached_property
    def counted(self) -> int:
        return self.results.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def more(self) -> bool:
        """More guides match than the ``count`` the pages list."""
        return self.counted > self.cap


def _live_rows(today: datetime.date) -> QuerySet[SearchEntry]:
    """The live guides' search rows (the window of ``_live`` on the rows alone)."""
    return SearchEntry.objects.filter(
        Q(live_until__isnull=True) | Q(live_until__gt=today), live_from__lte=today
    )


def _live(today: datetime.date) -> SearchResults:
    """The live guides by their search rows' date windows (the rule of
    ``selectors.live_versions``, kept by the services that publish and withdraw)."""
    return (
        SearchResults(ImplementationVersion)
        .filter(
            Q(search_entry__live_until__isnull=True)
            | Q(search_entry__live_until__gt=today),
            search_entry__live_from__lte=today,
        )
        .select_related(
            "implementation__basic_item",
            "implementation__organisation",
            "implementation__division",
        )
    )


class DatabaseSearch:
    def search(
        self,
        query: str,
        *,
        division_prefix: str = "",
        today: datetime.date | None = None,
    ) -> QuerySet[ImplementationVersion]:
        day = today or timezone.localdate()
        versions = _live(day)
        # the division is the implementation's: a count within one joins to it
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
        items, prefixed, bodies = _matches(text, code)
        found = versions.filter(_candidates(code, items, bodies, _ENTRY))
        if hits is not None:
            hits = hits.filter(_candidates(code, items, bodies, ""))
        if not prefixed and not _looks_like_code(code):
            # Every row ranks "contains": ordered by the sort key alone, the index on it
            # is read in order and stops at a page even when half the catalogue
            # matches (许可证), where ranking would sort every match first.
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
                Q(_AmongIds(F(f"{_ENTRY}basic_item_id"), prefixed)),
                then=Value(RANK_PREFIX),
            ),
            default=Value(RANK_CONTAINS),
            output_field=IntegerField(),
        )
        return (
            found.annotate(rank=rank)
            .order_by("rank", f"{_ENTRY}sort_key")
            .counted_as(hits)
        )


def _matches(text: str, code: str) -> tuple[list[int], list[int], list[int]]:
    """``_matched`` from the shared cache: kept per query text for
    ``SEARCH_MATCH_CACHE_SECONDS`` under the catalogue's generation
    (``selectors.catalog_generation``: moved by every write to a basic item, an
    organisation or a version, so by every publication too) and read with it in one
    round trip; an entry kept under an older generation is not used. The generation is
    read before the database: a change committed in between has moved it, so what was
    read is never served."""
    seconds = int(settings.SEARCH_MATCH_CACHE_SECONDS)
    if seconds <= 0:
        return _matched(text, code)
    key = _MATCHES + hashlib.sha256(text.encode()).hexdigest()[:32]
    found = cache.get_many([selectors.GENERATION_KEY, key])
    generation = found.get(selectors.GENERATION_KEY)
    entry = found.get(key)
    if (
        generation is not None
        and isinstance(entry, tuple)
        and len(entry) == 2
        and entry[0] == generation
    ):
        return cast(tuple[list[int], list[int], list[int]], entry[1])
    if generation is None:
        generation = selectors.catalog_generation()  # starts one
    matched = _matched(text, code)
    cache.set(key, (generation, matched), timeout=seconds)
    return matched


def _matched(text: str, code: str) -> tuple[list[int], list[int], list[int]]:
    """Ids of the basic items whose names, pinyin keys or code match, of those among
    them whose Chinese or Tibetan name or pinyin key starts with the query (the second
    rank), and of the implementing bodies whose name contains it: one round trip over
    the two small tables. The guides' query then gets literal id lists, which the
    planner turns into index scans (as subqueries it chose sequential scans)."""
    key = normalise_query(text)
    pinyin = key.isascii() and key.isalnum()
    # A text with no letter that has case (Chinese, Tibetan, digits) is matched as it
    # is: the case-insensitive lookup upper-cases every name of every row first
    # (PostgreSQL), half the statement's time for nothing.
    contains = "contains" if _caseless(text) else "icontains"
    names = (
        Q(**{f"name_zh_hans__{contains}": text})
        | Q(**{f"name_bo__{contains}": text})
        | Q(**{f"name_en__{contains}": text})
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
        # Plain rows: the translated manager's values iterator rebuilds each of the
        # several hundred rows a broad name matches (ཆོག་མཆན: 649) through two dicts.
        # Both parts of the union alike: the translated manager orders an annotation
        # among the columns by string hashing, which differs between processes, so
        # one part plain and one translated could list (id, kind) and (kind, id).
        .rewrite(False)
        .values_list("id", "kind")
    )
    bodies = cast(
        MultilingualQuerySet[Any],
        region_selectors.organisations_named(text=text).annotate(kind=Value(_BODY)),
    )
    plain_bodies = bodies.order_by().rewrite(False).values_list("id", "kind")
    rows = list(items.union(plain_bodies, all=True))
    return (
        [pk for pk, kind in rows if kind != _BODY],
        [pk for pk, kind in rows if kind == _PREFIXED_ITEM],
        [pk for pk, kind in rows if kind == _BODY],
    )


class _AmongIds(In):
    """``column IN (ids)``, and on PostgreSQL ``column = ANY(%s)`` with the ids as one
    array parameter: the several hundred ids a broad name matches (ཆོག་མཆན: 649, in
    the count and again in the page) are then neither prepared one by one by Django nor
    split one by one by the driver, nor parsed one by one by the server. The ids are
    the database's own keys (``_matched``), integers that need no preparing. The same
    rows as ``__in``; SQLite keeps the list."""

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        ids = [str(int(pk)) for pk in self.rhs if pk is not None]
        if not ids:
            raise EmptyResultSet
        lhs, params = self.process_lhs(compiler, connection)
        kind = self.lhs.output_field.db_type(connection)
        # the array's text, which the driver quotes as one string (adapting a list
        # walks it value by value)
        return f"{lhs} = ANY(%s::{kind}[])", (*params, "{" + ",".join(ids) + "}")


def _caseless(text: str) -> bool:
    """No character of ``text`` changes with case (Chinese, Tibetan, digits): the text
    is contained in a name exactly where it is contained in its upper-cased form."""
    return text.upper() == text == text.lower()


def _candidates(code: str, items: list[int], bodies: list[int], path: str) -> Q:
    """Search rows of the matched items and bodies, and (for a code-shaped query) of
    the implementations whose code starts with it; each an index on the one table
    (``path``: how the queried model reaches the search rows)."""
    candidates = Q(_AmongIds(F(f"{path}basic_item_id"), items)) | Q(
        _AmongIds(F(f"{path}organisation_id"), bodies)
    )
    if _looks_like_code(code):
        candidates |= Q(**{f"{path}implementation_code__startswith": code})
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


def get_search() -> CatalogSearch:
    return DatabaseSearch()
