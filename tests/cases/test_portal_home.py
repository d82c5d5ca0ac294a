"""The portal home page is the front door (浙里办 / 一网通办): search first, the services
people apply for most, themes for people and for organisations, the special lists, the
progress query and the hall finder — every card a link, in all three languages."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.builders import simple_published_service

TIBETAN = re.compile(r"[\u0f00-\u0fff]")
HREF = re.compile(r'href="([^"]+)"')


def _home(client: Client, language: str = "zh-hans") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


def _section(main: str, section_id: str) -> str:
    start = main.index(f'id="{section_id}"')
    return main[start : main.index("</section>", start)]


@pytest.mark.django_db
def test_search_comes_first_and_goes_to_the_catalogue(client: Client) -> None:
    main = _home(client)
    form = re.search(r"<form[^>]*>", main)
    assert form is not None, "the first thing on the page is the search form"
    assert 'action="/items/"' in form.group(0)
    assert 'role="search"' in form.group(0)
    assert re.search(r'<label for="home-q"', main)
    assert re.search(r'<input[^>]*id="home-q"[^>]*name="q"', main)


@pytest.mark.django_db
def test_the_home_page_links_every_way_in(client: Client) -> None:
    links = set(HREF.findall(_home(client)))
    assert "/progress/" in links
    assert "/halls/" in links
    assert "/items/?list=at_most_one_visit" in links
    assert "/items/?list=fully_online" in links
    assert "/items/?theme=p_birth" in links  # a theme for people
    assert "/items/?theme=l_establish" in links  # a theme for organisations


@pytest.mark.django_db
def test_every_card_is_a_link(client: Client) -> None:
    main = _home(client)
    cards = re.findall(r'<(\w+)[^>]*class="[^"]*\bcard\b[^"]*"', main)
    assert cards
    assert set(cards) == {"a"}


@pytest.mark.django_db
def test_popular_services_are_the_most_applied_for(
    client: Client, orgs: dict[str, Any], submit: Callable[..., Any], service: Any
) -> None:
    quiet = simple_published_service(
        orgs["xigaze"], code="000104001000", name="居民身份证申领"
    )
    assert submit().status_code == 201
    popular = HREF.findall(_section(_home(client), "popular"))
    assert popular[:2] == [
        f"/items/{service.implementation.code}/",
        f"/items/{quiet.implementation.code}/",
    ]


@pytest.mark.django_db
def test_the_home_page_speaks_tibetan(client: Client) -> None:
    main = _home(client, "bo")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", main, re.S)
    assert heading is not None
    assert TIBETAN.search(heading.group(1))
    assert TIBETAN.search(_section(main, "ways-in"))


@pytest.mark.django_db
def test_the_home_page_speaks_english(client: Client) -> None:
    main = _home(client, "en")
    assert "Find a service" in main
    assert "Service halls" in main
