"""The portal speaks zh-hans unless the visitor chose a language (docs/decisions/0002):
the browser's Accept-Language does not switch pages; the switcher's cookie does. The API
keeps following Accept-Language (STYLE 14: problem titles are localised per request)."""

import pytest
from django.conf import settings
from django.test import Client


def _lang(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.django_db
def test_pages_default_to_chinese_whatever_the_browser_says(client: Client) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert _lang(response) == "zh-Hans"


@pytest.mark.django_db
def test_the_language_switcher_choice_is_respected(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "bo", "next": "/"})
    assert response.status_code == 302
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "bo"
    assert cookie["max-age"], "the choice outlives the browser session"
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert _lang(page) == "bo"


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_chinese(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert _lang(client.get("/")) == "zh-Hans"


@pytest.mark.django_db
def test_the_api_still_follows_accept_language(client: Client) -> None:
    response = client.get("/api/v1/public/nothing-here", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.headers["Content-Language"] == "en"
