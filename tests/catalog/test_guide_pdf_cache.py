"""The printable guide is rendered once per (published version, language) and then served
from the cache, its link to the online page taken from the configured public address
(never from a request's Host header, which would then be cached for everyone), and each
client address may have only so many rendered per minute (a PDF read from the cache
costs no render and is not counted)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.builders import applicant_with_account
from tongban.catalog import printing

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Each call of the PDF renderer (WeasyPrint itself is not needed here)."""
    from django.utils.translation import get_language

    calls: list[dict[str, Any]] = []

    def render(version: Any, *, page_url: str = "") -> bytes:
        calls.append(
            {"version": version.pk, "language": get_language(), "url": page_url}
        )
        return b"%PDF-1.7 guide " + str(len(calls)).encode()

    monkeypatch.setattr(printing, "render_guide_pdf", render)
    return calls


def _get(code: str, language: str = "zh-hans", address: str = "10.0.0.1") -> Any:
    return Client().get(
        f"/items/{code}/pdf",
        HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}={language}",
        REMOTE_ADDR=address,
    )


def test_the_pdf_is_rendered_once_per_version_and_language(
    implementation: Any, publish: Callable[..., Any], renders: list[dict[str, Any]]
) -> None:
    publish(implementation)
    code = implementation.code
    first, again = _get(code), _get(code, address="10.0.0.2")
    assert first.content == again.content
    _get(code, "bo"), _get(code, "bo")
    assert [c["language"] for c in renders] == ["zh-hans", "bo"]
    publish(implementation)  # a new version is a new PDF
    assert _get(code).content != first.content
    assert len(renders) == 3
    assert renders[2]["version"] != renders[0]["version"]


def test_a_publication_renews_the_pdf_in_every_language(
    implementation: Any, publish: Callable[..., Any], renders: list[dict[str, Any]]
) -> None:
    publish(implementation)
    code = implementation.code
    languages = ("zh-hans", "bo", "en")
    before = {lang: _get(code, lang).content for lang in languages}
    assert len(renders) == 3
    publish(implementation)
    after = {lang: _get(code, lang).content for lang in languages}
    assert len(renders) == 6
    assert all(after[lang] != before[lang] for lang in languages)
    assert {c["version"] for c in renders[3:]} == {renders[3]["version"]}


def test_a_kept_pdf_is_revalidated_with_a_304_and_shared_caches_may_keep_it(
    implementation: Any, publish: Callable[..., Any], renders: list[dict[str, Any]]
) -> None:
    publish(implementation)
    code = implementation.code
    first = _get(code)
    assert first["Cache-Control"] == f"public, max-age={settings.GUIDE_MAX_AGE_SECONDS}"
    assert "Last-Modified" in first
    again = Client().get(
        f"/items/{code}/pdf", HTTP_IF_NONE_MATCH=first["ETag"], REMOTE_ADDR="10.0.0.9"
    )
    assert again.status_code == 304
    assert again.content == b""
    assert len(renders) == 1
    publish(implementation)
    renewed = Client().get(
        f"/items/{code}/pdf", HTTP_IF_NONE_MATCH=first["ETag"], REMOTE_ADDR="10.0.0.9"
    )
    assert renewed.status_code == 200


def test_the_cached_pdf_links_to_the_public_address_not_the_request_host(
    implementation: Any,
    publish: Callable[..., Any],
    renders: list[dict[str, Any]],
    settings: Any,
) -> None:
    settings.PUBLIC_BASE_URL = "https://zwfw.xizang.gov.cn"
    publish(implementation)
    _get(implementation.code)
    assert (
        renders[0]["url"] == f"https://zwfw.xizang.gov.cn/items/{implementation.code}/"
    )


def _renders_a_minute(settings: Any, renders: int) -> None:
    settings.SCOPED_THROTTLE_RATES = {
        **settings.SCOPED_THROTTLE_RATES,
        "guide_pdf": f"{renders}/minute",
    }


def test_the_pdf_renders_are_throttled_per_client_address(
    implementation: Any,
    publish: Callable[..., Any],
    renders: list[dict[str, Any]],
    settings: Any,
) -> None:
    _renders_a_minute(settings, 2)
    publish(implementation)
    code = implementation.code
    # each language is a render of its own
    assert [_get(code, lang).status_code for lang in ("zh-hans", "bo")] == [200, 200]
    throttled = _get(code, "en")
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert "print this page" in _get(code, "en").content.decode()
    assert len(renders) == 2
    assert _get(code, "en", address="10.0.0.2").status_code == 200  # another address
    assert len(renders) == 3


def test_a_cached_pdf_is_not_throttled_and_a_render_still_is(
    implementation: Any,
    publish: Callable[..., Any],
    renders: list[dict[str, Any]],
    settings: Any,
) -> None:
    _renders_a_minute(settings, 1)
    publish(implementation)
    code = implementation.code
    first = _get(code)
    assert first.status_code == 200
    # read from the cache: no render, so not counted against the address
    assert [_get(code).status_code for _ in range(5)] == [200] * 5
    revalidated = Client().get(
        f"/items/{code}/pdf", HTTP_IF_NONE_MATCH=first["ETag"], REMOTE_ADDR="10.0.0.1"
    )
    assert revalidated.status_code == 304
    assert len(renders) == 1
    assert _get(code, "bo").status_code == 429  # a render is still throttled
    publish(implementation)  # a new publication is a new render: throttled too
    assert _get(code).status_code == 429
    assert len(renders) == 1
    assert _get(code, address="10.0.0.2").status_code == 200
    assert len(renders) == 2


def test_signed_in_users_renders_are_throttled_too(
    implementation: Any,
    publish: Callable[..., Any],
    renders: list[dict[str, Any]],
    settings: Any,
) -> None:
    _renders_a_minute(settings, 1)
    publish(implementation)
    client = Client()
    client.force_login(applicant_with_account().user)
    url = f"/items/{implementation.code}/pdf"
    assert client.get(url, REMOTE_ADDR="10.0.0.3").status_code == 200
    assert client.get(url, REMOTE_ADDR="10.0.0.3").status_code == 200  # cached
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bo"
    assert client.get(url, REMOTE_ADDR="10.0.0.3").status_code == 429
