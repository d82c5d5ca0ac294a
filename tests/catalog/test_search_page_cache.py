"""Search result pages are kept whole for ``SEARCH_CACHE_SECONDS`` per (query string,
language, text size, reader variant); off (0) in the other tests, which publish and then
search within one test."""

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.builders import applicant_with_account

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _search_cache_on(settings: Any) -> None:
    settings.SEARCH_CACHE_SECONDS = 60


def _search(client: Client, query: str) -> Any:
    return client.get("/items/", {"q": query})


def test_a_repeated_search_is_answered_from_the_cache(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    publish(implementation)
    first = _search(Client(), "营业执照")
    assert implementation.code in first.content.decode()
    with CaptureQueriesContext(connection) as warm:
        again = _search(Client(), "营业执照")
    assert warm.captured_queries == []
    assert again.content == first.content
    assert again["Cache-Control"] == "public, max-age=60"
    assert (
        _search(
            Client(),
            "营业执照",
        ).status_code
        == 200
    )
    other = _search(Client(), "没有这个事项")
    assert implementation.code not in other.content.decode()


def test_a_search_page_is_kept_per_language_and_carries_no_readers_token(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    publish(implementation)
    english = Client()
    english.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    chinese = _search(Client(), "营业执照").content.decode()
    assert '<html lang="en">' in _search(english, "营业执照").content.decode()
    assert '<html lang="zh-Hans">' in chinese
    first, second = Client(), Client()
    first.force_login(applicant_with_account(phone="13800000001").user)
    second.force_login(
        applicant_with_account(phone="13800000002", id_number="540102199001010038").user
    )
    one = _search(first, "营业执照").content.decode()
    two = _search(second, "营业执照").content.decode()
    token = 'name="csrfmiddlewaretoken" value="'
    assert token in one
    assert token in two
    assert one.split(token)[1][:64] != two.split(token)[1][:64]
    assert token not in chinese
