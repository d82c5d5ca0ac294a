"""The basic items and bodies a query's names match are kept in the shared cache per
query text (``SEARCH_MATCH_CACHE_SECONDS``) under the catalogue's generation: a repeated
query makes no statement on the basic items and organisations, and any write to them or
to a version (a publication, a rename, a new body) puts what was kept out of use at once,
so the search never answers from names that have changed."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from stdnum.cn import uscc

from tongban.catalog import services
from tongban.catalog.search import get_search
from tongban.core.permissions import SYSTEM
from tongban.regions import services as region_services

pytestmark = pytest.mark.django_db
_USCC = "11540200MB0Q33330"  # a body's USCC before its check digit


def _search(query: str) -> tuple[list[int], list[str]]:
    """The ids of the first page and the statements that read it."""
    with CaptureQueriesContext(connection) as queries:
        found = [v.pk for v in get_search().search(query)[:20]]
    return found, [q["sql"] for q in queries.captured_queries]


def _names_read(statements: list[str]) -> bool:
    return any('FROM "catalog_basicitem"' in sql for sql in statements)


def test_a_repeated_query_does_not_match_the_names_again(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    version = publish(implementation)
    first, read = _search("营业执照")
    again, reread = _search("营业执照")
    assert first == again == [version.pk]
    assert _names_read(read)
    assert not _names_read(reread)
    assert len(reread) == len(read) - 1
    assert _names_read(_search("ཚོང་ལས")[1])  # another text is its own entry


def test_a_publication_puts_the_kept_matches_out_of_use(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    version = publish(implementation)
    _search("营业执照")
    newer = publish(implementation)
    found, statements = _search("营业执照")
    assert found == [newer.pk] != [version.pk]
    assert _names_read(statements)


def test_a_renamed_item_is_found_by_its_new_name_at_once(
    item: Any, implementation: Any, publish: Callable[..., Any]
) -> None:
    version = publish(implementation)
    assert _search("营业执照")[0] == [version.pk]
    assert _search("个体工商户开业")[0] == []  # kept: nothing matches this text
    services.basic_item_update(actor=SYSTEM, item=item, name="个体工商户开业登记")
    assert _search("个体工商户开业")[0] == [version.pk]
    assert _search("营业执照")[0] == []


def test_a_new_body_is_found_by_its_name_at_once(
    implementation: Any, publish: Callable[..., Any], orgs: dict[str, Any]
) -> None:
    publish(implementation)
    assert _search("日喀则市桑珠孜区行政审批局")[0] == []
    body = region_services.organisation_create(
        actor=SYSTEM,
        name="日喀则市桑珠孜区行政审批局",
        uscc=_USCC + uscc.calc_check_digit(_USCC),
        division_code="540200",
        exercise_level=3,
    )
    other = services.implementation_create(
        actor=SYSTEM, basic_item=implementation.basic_item, organisation=body
    )
    version = publish(other)
    assert _search("日喀则市桑珠孜区行政审批局")[0] == [version.pk]


def test_turned_off_the_names_are_matched_every_time(
    implementation: Any, publish: Callable[..., Any], settings: Any
) -> None:
    settings.SEARCH_MATCH_CACHE_SECONDS = 0
    publish(implementation)
    _search("营业执照")
    assert _names_read(_search("营业执照")[1])
