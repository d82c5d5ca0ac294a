"""The guide page's article is rendered once per (published version, item version,
language, full or short) and kept in the shared cache; a publication shows at once in
every language; the page around it is the viewer's own (name, CSRF token); a browser
that kept its copy revalidates with the ETag and gets a 304."""

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.builders import applicant_with_account
from tongban.catalog import services
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db
LANGUAGES = ("zh-hans", "bo", "en")


def _client(language: str = "zh-hans") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _page(client: Client, code: str, **headers: str) -> Any:
    return client.get(f"/items/{code}/", **headers)


def test_a_second_visit_renders_no_article(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    publish(implementation)
    code = implementation.code
    first = _page(_client(), code)
    with CaptureQueriesContext(connection) as cold:
        _page(_client(), code)
    assert first.status_code == 200
    # The stamp and the session/user lookups only: no version, materials, fees, FAQ …
    assert not any("catalog_material" in q["sql"] for q in cold.captured_queries)
    assert not any("catalog_fee" in q["sql"] for q in cold.captured_queries)


def test_a_publication_shows_at_once_in_every_language(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    publish(
        implementation,
        conditions="旧的条件",
        conditions_bo="གནའ་བོ།",
        conditions_en="old rule",
    )
    code = implementation.code
    before = {lang: _page(_client(lang), code).content.decode() for lang in LANGUAGES}
    assert "旧的条件" in before["zh-hans"]
    assert "old rule" in before["en"]
    publish(
        implementation,
        conditions="新的条件",
        conditions_bo="གསར་པ།",
        conditions_en="new rule",
    )
    after = {lang: _page(_client(lang), code).content.decode() for lang in LANGUAGES}
    assert "新的条件" in after["zh-hans"]
    assert "旧的条件" not in after["zh-hans"]
    assert "གསར་པ།" in after["bo"]
    assert "གནའ་བོ།" not in after["bo"]
    assert "new rule" in after["en"]
    assert "old rule" not in after["en"]


def test_a_change_to_the_basic_item_shows_at_once(
    implementation: Any, publish: Callable[..., Any], item: Any
) -> None:
    publish(implementation)
    code = implementation.code
    assert "营业执照 设立登记" in _page(_client(), code).content.decode()
    services.basic_item_update(actor=SYSTEM, item=item, name="营业执照 设立登记（新）")
    assert "营业执照 设立登记（新）" in _page(_client(), code).content.decode()


def test_a_cached_page_never_carries_another_viewers_session_or_token(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    publish(implementation)
    code = implementation.code
    first = applicant_with_account(phone="13800000001")
    second = applicant_with_account(phone="13800000002", id_number="540102199001010038")
    one, two, anonymous = _client(), _client(), _client()
    one.force_login(first.user)
    two.force_login(second.user)
    pages = [_page(c, code).content.decode() for c in (one, two, anonymous)]
    logout = 'action="/logout/"'
    assert [logout in page for page in pages] == [True, True, False]
    token = 'name="csrfmiddlewaretoken" value="'
    tokens = [page.split(token)[1].split('"')[0] for page in pages]
    assert len(set(tokens)) == 3  # each viewer's own CSRF token, none from the cache
    assert all(page.count("<article") == 1 for page in pages)  # the same cached article


def test_a_browser_revalidating_its_copy_gets_a_304(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    publish(implementation)
    code = implementation.code
    client = _client()
    first = _page(client, code)
    assert first["Cache-Control"] == "private, max-age=0, must-revalidate"
    assert "Last-Modified" in first
    again = _page(client, code, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert (
        _page(_client("bo"), code, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    )
    publish(implementation)
    assert _page(client, code, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_etag_differs_between_viewers(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    publish(implementation)
    code = implementation.code
    someone = applicant_with_account(phone="13800000003", name="拉巴")
    logged_in = _client()
    logged_in.force_login(someone.user)
    assert _page(_client(), code)["ETag"] != _page(logged_in, code)["ETag"]
