"""The guide page is kept whole in the shared cache per (publication stamp, day,
language, text size, full or short, reader variant): anonymous readers get the cached
page as it is (public, no token, nothing of anyone), signed-in readers the cached page
with their own CSRF token put in; a publication shows at once in every language and
text size; a browser that kept its copy revalidates with the ETag and gets a 304."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.builders import applicant_with_account
from tongban.catalog import guide_cache, services
from tongban.core.context_processors import LARGE_TEXT_COOKIE
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db
LANGUAGES = ("zh-hans", "bo", "en")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _client(language: str = "zh-hans", *, large: bool = False) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if large:
        client.cookies[LARGE_TEXT_COOKIE] = "1"
    return client


def _page(client: Client, code: str, suffix: str = "", **headers: str) -> Any:
    return client.get(f"/items/{code}/{suffix}", **headers)


def _cache_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The default cache's calls from now on (outermost ones only)."""
    backend = caches["default"]
    calls: list[str] = []
    inside: list[str] = []  # a local-memory get_many calls get once per key
    for name in ("get", "get_many", "set", "add", "set_many", "has_key", "incr"):
        original = getattr(backend, name)

        def counted(
            *args: Any, _name: str = name, _call: Any = original, **kwargs: Any
        ) -> Any:
            if not inside:
                calls.append(_name)
            inside.append(_name)
            try:
                return _call(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(backend, name, counted)
    return calls


def test_a_cached_page_costs_no_query_for_an_anonymous_reader(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    publish(implementation)
    code = implementation.code
    assert _page(_client(), code).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        again = _page(_client(), code)
    assert again.status_code == 200
    assert warm.captured_queries == []


def test_a_cached_page_costs_one_cache_round_trip(
    implementation: Any, publish: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The publication stamp and the page are read together (one MGET on Redis), and
    nothing else on an anonymous reader's way touches the cache."""
    publish(implementation)
    code = implementation.code
    assert _page(_client(), code).status_code == 200
    calls = _cache_calls(monkeypatch)
    again = _page(_client(), code)
    assert again.status_code == 200
    assert "Last-Modified" in again
    assert calls == ["get_many"]


def test_a_page_read_again_soon_is_served_from_the_process_memory(
    implementation: Any,
    publish: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
) -> None:
    settings.GUIDE_LOCAL_SECONDS = 60
    publish(implementation)
    code = implementation.code
    assert _page(_client(), code).status_code == 200  # rendered, kept in the cache
    calls = _cache_calls(monkeypatch)
    first = _page(_client(), code)  # read from the cache, held in memory
    assert calls == ["get_many"]
    again = _page(_client(), code)
    assert calls == ["get_many"]  # none more
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"]
    settings.GUIDE_LOCAL_SECONDS = 0
    _page(_client(), code)
    assert calls == ["get_many", "get_many"]


def test_a_publication_in_this_process_shows_at_once_despite_the_memory(
    implementation: Any, publish: Callable[..., Any], settings: Any
) -> None:
    settings.GUIDE_LOCAL_SECONDS = 3600
    publish(implementation, conditions="旧的条件", conditions_en="old rule")
    code = implementation.code
    for _ in range(3):  # rendered, read from the cache, served from memory
        for language in ("zh-hans", "en"):
            _page(_client(language), code)
            _page(_client(language), code, "pdf")
    assert "旧的条件" in _page(_client(), code).content.decode()
    publish(implementation, conditions="新的条件", conditions_en="new rule")
    assert "新的条件" in _page(_client(), code).content.decode()
    assert "new rule" in _page(_client("en"), code).content.decode()
    assert "old rule" not in _page(_client("en"), code).content.decode()


def test_another_processs_publication_shows_within_the_memory_time(
    implementation: Any,
    publish: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
) -> None:
    """Another process renews the stamp in the shared cache without touching this
    process's memory: the page this process holds is served for at most
    ``GUIDE_LOCAL_SECONDS``, then the new stamp is read."""
    settings.GUIDE_LOCAL_SECONDS = 5
    publish(implementation)
    code = implementation.code
    clock = [1000.0]
    monkeypatch.setattr(guide_cache, "monotonic", lambda: clock[0])
    _page(_client(), code)
    held = _page(_client(), code)["ETag"]
    cache.set(guide_cache._STAMP + code, "from-another-process")
    clock[0] += 4.9
    assert _page(_client(), code)["ETag"] == held
    clock[0] += 0.2
    assert _page(_client(), code)["ETag"] != held


def test_the_process_memory_is_bounded(
    implementation: Any,
    publish: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
) -> None:
    settings.GUIDE_LOCAL_SECONDS = 60
    settings.GUIDE_LOCAL_BYTES = 1_000  # less than one page
    publish(implementation)
    code = implementation.code
    _page(_client(), code)
    calls = _cache_calls(monkeypatch)
    for _ in range(3):
        _page(_client(), code)
    assert calls == ["get_many"] * 3


def test_a_publication_shows_at_once_in_every_language_and_form(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    publish(
        implementation,
        conditions="旧的条件",
        conditions_bo="གནའ་བོ།",
        conditions_en="old rule",
    )
    code = implementation.code
    readers = [(lang, large) for lang in LANGUAGES for large in (False, True)]

    def pages() -> dict[tuple[str, bool], str]:
        return {
            (lang, large): _page(_client(lang, large=large), code).content.decode()
            for lang, large in readers
        }

    before = pages()
    api_before = Client().get(f"/api/v1/public/items/{code}").json()
    assert "旧的条件" in before["zh-hans", True]
    assert "old rule" in before["en", False]
    publish(
        implementation,
        conditions="新的条件",
        conditions_bo="གསར་པ།",
        conditions_en="new rule",
    )
    after = pages()
    for large in (False, True):
        assert "新的条件" in after["zh-hans", large]
        assert "旧的条件" not in after["zh-hans", large]
        assert "གསར་པ།" in after["bo", large]
        assert "གནའ་བོ།" not in after["bo", large]
        assert "new rule" in after["en", large]
        assert "old rule" not in after["en", large]
    api_after = Client().get(f"/api/v1/public/items/{code}").json()
    assert api_after["number"] != api_before["number"]


def test_a_withdrawal_takes_the_cached_guide_down(
    implementation: Any,
    publish: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    version = publish(implementation)
    code = implementation.code
    assert _page(_client(), code).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.version_cancel(actor=SYSTEM, version=version)
    assert _page(_client(), code).status_code == 404


def test_a_change_to_the_basic_item_shows_at_once(
    implementation: Any,
    publish: Callable[..., Any],
    item: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    publish(implementation)
    code = implementation.code
    assert "营业执照 设立登记" in _page(_client(), code).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.basic_item_update(
            actor=SYSTEM, item=item, name="营业执照 设立登记（新）"
        )
    assert "营业执照 设立登记（新）" in _page(_client(), code).content.decode()


def test_a_cached_page_never_carries_another_readers_token_or_name(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    publish(implementation)
    code = implementation.code
    first = applicant_with_account(phone="13800000001", name="次仁")
    second = applicant_with_account(
        phone="13800000002", name="卓玛", id_number="540102199001010038"
    )
    one, anonymous = _client(), _client()
    two = Client(enforce_csrf_checks=True)
    one.force_login(first.user)
    two.force_login(second.user)
    page_one = _page(one, code).content.decode()
    page_two = _page(two, code).content.decode()  # the cached page of A's variant
    page_anonymous = _page(anonymous, code).content.decode()
    token_one = set(TOKEN.findall(page_one))
    assert token_one
    assert len(token_one) == 1
    for page in (page_two, page_anonymous):
        assert not token_one & set(TOKEN.findall(page))
        assert "次仁" not in page
    assert "卓玛" not in page_anonymous
    assert 'action="/logout/"' in page_two
    assert 'action="/logout/"' not in page_anonymous
    assert TOKEN.findall(page_anonymous) == []  # nothing of anyone: the public copy
    # B's token is B's own: B's logout form, checked for CSRF, is accepted.
    (token_two,) = set(TOKEN.findall(page_two))
    logout = two.post("/logout/", {"csrfmiddlewaretoken": token_two})
    assert logout.status_code == 302


def test_the_anonymous_page_is_public_and_sets_no_cookie(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    publish(implementation)
    code = implementation.code
    for _ in range(2):  # rendered, then from the cache
        response = _page(_client(), code)
        assert response["Cache-Control"] == (
            f"public, max-age={settings.GUIDE_MAX_AGE_SECONDS}"
        )
        assert not response.cookies
        vary = {v.strip() for v in response["Vary"].split(",")}
        assert "Cookie" in vary
        assert "Accept-Language" not in vary  # pages take the language from the cookie
    reader = _client()
    reader.force_login(applicant_with_account().user)
    assert _page(reader, code)["Cache-Control"] == (
        "private, max-age=0, must-revalidate"
    )


def test_large_text_and_language_are_separate_cache_entries(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    publish(implementation, conditions="依法设立的企业", conditions_en="any company")
    code = implementation.code

    def body_class(page: str) -> str:
        return page.split("<body class=", 1)[1].split(">", 1)[0]

    for _ in range(2):  # the second round comes from the cache
        plain = _page(_client(), code).content.decode()
        large = _page(_client(large=True), code).content.decode()
        english = _page(_client("en"), code).content.decode()
        assert "large-text" not in body_class(plain)
        assert "large-text" in body_class(large)
        assert "any company" in english
        assert "any company" not in plain
        assert '<html lang="zh-Hans">' in plain
        assert '<html lang="en">' in english


def test_a_browser_revalidating_its_copy_gets_a_304(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    publish(implementation)
    code = implementation.code
    client = _client()
    first = _page(client, code)
    assert "Last-Modified" in first
    again = _page(client, code, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    since = _page(client, code, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    other = _page(_client("bo"), code, HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200
    large = _page(_client(large=True), code, HTTP_IF_NONE_MATCH=first["ETag"])
    assert large.status_code == 200
    publish(implementation)
    assert _page(client, code, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_signed_in_reader_revalidates_their_own_copy(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    publish(implementation)
    code = implementation.code
    reader = _client()
    reader.force_login(applicant_with_account(phone="13800000003").user)
    mine = _page(reader, code)
    assert _page(reader, code, HTTP_IF_NONE_MATCH=mine["ETag"]).status_code == 304
    someone = _client()
    someone.force_login(
        applicant_with_account(phone="13800000004", id_number="540102199001010038").user
    )
    assert _page(someone, code, HTTP_IF_NONE_MATCH=mine["ETag"]).status_code == 200
    assert _page(_client(), code)["ETag"] != mine["ETag"]


def test_the_api_guide_answers_304_and_varies_on_language(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    publish(implementation)
    url = f"/api/v1/public/items/{implementation.code}"
    client = Client()
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert first.status_code == 200
    assert first["Cache-Control"].startswith("public")
    vary = {v.strip() for v in first["Vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= vary
    assert (
        client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_ACCEPT_LANGUAGE="en")[
            "ETag"
        ]
        == first["ETag"]
    )
    assert (
        client.get(
            url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_ACCEPT_LANGUAGE="en"
        ).status_code
        == 304
    )
    chinese = client.get(
        url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert chinese.status_code == 200


def test_a_page_with_a_message_waiting_is_rendered_for_its_reader(
    implementation: Any, publish: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tongban.catalog import printing
    from tongban.core.pdf import PdfUnavailable

    def unavailable(*args: Any, **kwargs: Any) -> bytes:
        raise PdfUnavailable("no renderer")

    monkeypatch.setattr(printing, "render_guide_pdf", unavailable)
    publish(implementation)
    code = implementation.code
    reader = _client("en")
    _page(reader, code)  # the anonymous page is in the cache now
    page = _page(reader, code, "pdf", follow=True)
    assert page.redirect_chain  # back to the guide page, with a message
    assert "print this page instead" in page.content.decode()
    assert page["Cache-Control"] == "private, no-cache"
    assert "print this page instead" not in _page(_client("en"), code).content.decode()


def test_the_preferences_post_without_a_token() -> None:
    strict = Client(enforce_csrf_checks=True)
    language = strict.post("/i18n/setlang/", {"language": "bo", "next": "/"})
    assert language.status_code == 302
    assert language.cookies[settings.LANGUAGE_COOKIE_NAME].value == "bo"
    large = strict.post("/prefs/large-text/", {"next": "https://elsewhere.example/"})
    assert large.status_code == 302
    assert large["Location"] == "/"  # next stays on this site
    assert large.cookies[LARGE_TEXT_COOKIE].value == "1"
