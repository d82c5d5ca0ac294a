"""A page of search results is the page the one joined statement gives (same guides,
same order, same rank, related rows loaded), read in two steps: the page's ids from
the search rows, then the wide rows by primary key. The search page counts no further
than ``SEARCH_COUNT_CAP`` and then says that more matched, in every language."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from modeltranslation.manager import MultilingualQuerySet

from tongban.catalog import selectors, services
from tongban.catalog.models import ImplementationVersion
from tongban.catalog.search import CappedPaginator, get_search
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db

QUERIES = ["", "营业", "营业执照", "登记", "ཚོང་ལས", "yyzz", "000175004001", "lhasa"]
SLICES = [(0, 2), (2, 4), (4, 20), (0, 20), (5, 6)]


@pytest.fixture
def catalogue(
    item: Any, orgs: dict[str, Any], publish: Callable[..., Any]
) -> list[Any]:
    """Six live guides: three items (two whose names start with 营业, one that only
    contains it) in two divisions; ties on everything but the codes."""
    changed = services.basic_item_create(
        actor=SYSTEM,
        code="000175004001",
        name="营业执照 变更登记",
        name_bo="ཚོང་ལས་ཆོག་འཐམ་འགྱུར་བཅོས།",
        item_type="01",
        legal_basis="《中华人民共和国市场主体登记管理条例》",
    )
    sole = services.basic_item_create(
        actor=SYSTEM,
        code="000175004002",
        name="个体工商户营业 登记",
        item_type="01",
        legal_basis="《促进个体工商户发展条例》",
    )
    versions = []
    for basic in (item, changed, sole):
        for org in orgs.values():
            implementation = services.implementation_create(
                actor=SYSTEM, basic_item=basic, organisation=org
            )
            depth = 3 + len(versions) % 2  # every other one fully online
            guide = publish(implementation, online_depth=depth, visits_required=0)
            versions.append(guide)
    return versions


def _as_one_statement(results: QuerySet[ImplementationVersion]) -> QuerySet[Any]:
    """The same query evaluated the way main did: one statement with every join."""
    return QuerySet(model=ImplementationVersion, query=results.query.chain())


def _shown(page: Any) -> list[tuple[Any, ...]]:
    return [
        (
            v.pk,
            getattr(v, "rank", None),
            v.implementation.code,
            v.implementation.basic_item.name,
            v.implementation.organisation.name,
            v.implementation.division.code,
        )
        for v in page
    ]


def test_every_page_is_the_joined_statements_page(catalogue: list[Any]) -> None:
    for query in QUERIES:
        _same_pages(query)


def _same_pages(query: str) -> None:
    results = get_search().search(query)
    assert results.exists(), query
    for low, high in SLICES:
        expected = _shown(_as_one_statement(results)[low:high])
        with CaptureQueriesContext(connection) as read:
            page = list(results[low:high])
        with CaptureQueriesContext(connection) as touched:
            shown = _shown(page)
        assert shown == expected, (query, low, high)
        assert len(read) <= 2  # the ids, then the rows (none for an empty slice)
        assert len(touched) == 0  # the related rows came with the page


def test_a_callers_filter_applies_to_the_page(catalogue: list[Any]) -> None:
    results = (
        get_search().search("营业").filter(selectors.SPECIAL_LISTS["fully_online"])
    )
    # the manager's kind, which rewrites lookups on translated fields as main's did
    assert isinstance(results, MultilingualQuerySet)
    shown = _shown(results[0:20])
    assert shown == _shown(_as_one_statement(results)[0:20])
    assert 0 < len(shown) < len(catalogue)


def test_the_wide_rows_are_read_by_primary_key(catalogue: list[Any]) -> None:
    """The statement with every joined table gets the page's ids, not the search's
    list of matched items (planning that took ten times what running it did)."""
    with CaptureQueriesContext(connection) as read:
        list(get_search().search("营业")[0:20])
    wide = [q["sql"] for q in read if "regions_division" in q["sql"]]
    assert len(wide) == 1
    assert "basic_item_id" not in wide[0].split("WHERE", 1)[1]


def test_the_count_stops_past_the_cap(catalogue: list[Any]) -> None:
    results = get_search().search("营业")
    capped = CappedPaginator(results, 2, cap=3)
    assert (capped.count, capped.more, capped.num_pages) == (3, True, 2)
    assert [v.pk for v in capped.page(2)] == [v.pk for v in results[2:3]]
    exact = CappedPaginator(results, 2, cap=6)
    assert (exact.count, exact.more) == (6, False)


@pytest.mark.parametrize(
    ("language", "more", "exact"),
    [
        ("zh-hans", "找到超过 3 个事项", "共找到 6 个事项"),
        ("bo", "ཞབས་ཞུའི་དོན་ཚན་ 3 ལས་མང་བ་རྙེད་སོང་།", "ཞབས་ཞུའི་དོན་ཚན་ 6 རྙེད་སོང་།"),
        ("en", "More than 3 services found", "6 services found"),
    ],
)
def test_the_search_page_says_more_matched_than_it_counted(
    catalogue: list[Any], settings: Any, language: str, more: str, exact: str
) -> None:
    settings.SEARCH_CACHE_SECONDS = 0
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    settings.SEARCH_COUNT_CAP = 3
    page = client.get("/items/", {"q": "营业"}).content.decode()
    assert more in page
    assert page.count('class="card"') == 3
    settings.SEARCH_COUNT_CAP = 6
    page = client.get("/items/", {"q": "营业"}).content.decode()
    assert exact in page
    assert more not in page
    assert page.count('class="card"') == 6


def test_a_count_reads_the_search_rows_alone(catalogue: list[Any]) -> None:
    for query in QUERIES:
        results = get_search().search(query)
        with CaptureQueriesContext(connection) as counted:
            total = results.count()
        assert total == _as_one_statement(results).count(), query
        assert "catalog_implementationversion" not in counted[0]["sql"], query
        assert results[1:3].count() == min(2, max(0, total - 1))


def test_a_count_after_a_callers_filter_counts_the_filter(
    catalogue: list[Any],
) -> None:
    results = get_search().search("营业")
    online = results.filter(selectors.SPECIAL_LISTS["fully_online"])
    assert online.count() == _as_one_statement(online).count() == 3
    assert results.none().count() == 0
    lhasa = get_search().search("营业", division_prefix="5401")
    assert lhasa.count() == _as_one_statement(lhasa).count() == 3
