"""What a first ask sends to the database for a broad name (ཆོག་མཆན matches 649 of
1,200 basic items in the benchmark catalogue): a text with no letter that has case is
matched on the names as it is, without upper-casing every name of every row, and the
ids the names matched reach the count and the page as one array on PostgreSQL, not one
parameter per id. The guides found are the same either way, on both databases."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from tongban.catalog import services
from tongban.catalog.models import SearchEntry
from tongban.catalog.search import CappedPaginator, _AmongIds, get_search
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's statements"
)


@pytest.fixture
def guides(
    item: Any, orgs: dict[str, Any], publish: Callable[..., Any], settings: Any
) -> list[Any]:
    """Four live guides of two items, one with an English name in mixed case; every
    search matches the names (a first ask)."""
    settings.SEARCH_MATCH_CACHE_SECONDS = 0
    other = services.basic_item_create(
        actor=SYSTEM,
        code="000175004009",
        name="食品经营许可证 核发",
        name_bo="ཟས་རིགས་ཚོང་ལས་ཆོག་མཆན་ཞིབ་བཤེར་སྤྲོད་པ།",
        name_en="Food Business LICENCE issue",
        item_type="01",
        legal_basis="《中华人民共和国食品安全法》",
    )
    found = []
    for basic in (item, other):
        for org in orgs.values():
            implementation = services.implementation_create(
                actor=SYSTEM, basic_item=basic, organisation=org
            )
            found.append(publish(implementation))
    return found


def _asked(query: str) -> tuple[list[int], int, list[str]]:
    """The first page's ids, the page's count and the statements of a first ask."""
    with CaptureQueriesContext(connection) as queries:
        results = get_search().search(query)
        count = CappedPaginator(results, 20, cap=1000).count
        page = [v.pk for v in results[:20]]
    return page, count, [q["sql"] for q in queries.captured_queries]


def _names_statement(statements: list[str]) -> str:
    return next(sql for sql in statements if 'FROM "catalog_basicitem"' in sql)


def test_names_are_found_in_every_script_and_any_case(guides: list[Any]) -> None:
    food = {v.pk for v in guides[2:]}
    assert set(_asked("ཆོག་མཆན")[0]) == food
    assert set(_asked("食品经营")[0]) == food
    assert set(_asked("licence")[0]) == food  # the English name's letters, any case
    assert set(_asked("business LICENCE")[0]) == food
    assert set(_asked("营业执照")[0]) == {v.pk for v in guides[:2]}
    assert _asked("ཚོང་ལས")[1] == 4
    # a body's name, with no item's (the union's second part)
    assert set(_asked("xigaze")[0]) == {guides[1].pk, guides[3].pk}


def test_both_parts_of_the_names_statement_list_the_same_columns(
    guides: list[Any],
) -> None:
    """Whatever the process's string hashing (``PYTHONHASHSEED``), which orders the
    translated manager's columns: the items' and the bodies' rows line up."""
    names = _names_statement(_asked("xigaze")[2])
    assert names.count('"id" AS "id", ') == 2, names


@on_postgresql
def test_a_text_without_case_is_matched_on_the_names_as_it_is(
    guides: list[Any],
) -> None:
    for query in ("ཆོག་མཆན", "食品经营", "540100"):
        assert 'UPPER("catalog_basicitem"' not in _names_statement(_asked(query)[2])
    # letters with case are still matched whatever their case
    assert 'UPPER("catalog_basicitem"."name_en"' in _names_statement(
        _asked("licence")[2]
    )


@on_postgresql
def test_the_matched_ids_reach_the_count_and_the_page_as_one_array(
    guides: list[Any],
) -> None:
    item_ids = sorted({v.implementation.basic_item_id for v in guides})
    page, count, statements = _asked("ཚོང་ལས")  # both items' Tibetan names
    assert count == 4
    assert len(page) == 4
    guided = [sql for sql in statements if 'FROM "catalog_basicitem"' not in sql]
    by_items = [sql for sql in guided if '"basic_item_id" = ANY(' in sql]
    assert len(by_items) == 2  # the count and the page's ids
    listed = ", ".join(map(str, item_ids))
    assert not any(f"IN ({listed})" in sql for sql in guided)


@pytest.mark.parametrize("ids", ["none", "null", "all", "one", "all, null, unknown"])
def test_among_ids_selects_what_in_selects(guides: list[Any], ids: str) -> None:
    items = sorted({v.implementation.basic_item_id for v in guides})
    listed = {
        "none": [],
        "null": [None],
        "all": items,
        "one": items[:1],
        "all, null, unknown": [*items, None, 10**12],
    }[ids]
    among = SearchEntry.objects.filter(_AmongIds(F("basic_item_id"), listed))
    plain = SearchEntry.objects.filter(basic_item_id__in=listed)
    assert sorted(among.values_list("pk", flat=True)) == sorted(
        plain.values_list("pk", flat=True)
    )
    assert among.count() == plain.count()
