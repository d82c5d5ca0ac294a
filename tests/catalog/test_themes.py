"""Browsing by theme: person life events and organisation topics, on the page and the API."""

import pytest
from django.core.exceptions import ValidationError

from tongban.catalog import services
from tongban.catalog.domain.tables import parse_themes
from tongban.core.permissions import SYSTEM


@pytest.mark.parametrize(
    ("value", "codes", "unknown"),
    [
        ("p_birth,l_tax", ["p_birth", "l_tax"], []),
        ("生育收养、税收财务", ["p_birth", "l_tax"], []),  # names as in exchange files
        ("p_birth, p_birth", ["p_birth"], []),  # duplicates dropped
        ("p_birth,宇宙", ["p_birth"], ["宇宙"]),
        ("", [], []),
    ],
)
def test_parse_themes(value: str, codes: list[str], unknown: list[str]) -> None:
    assert parse_themes(value) == (codes, unknown)


@pytest.mark.django_db
def test_unknown_themes_are_refused(implementation) -> None:  # type: ignore[no-untyped-def]
    draft = services.version_draft(actor=SYSTEM, implementation=implementation)
    with pytest.raises(ValidationError) as raised:
        services.version_update(actor=SYSTEM, version=draft, themes="p_birth,p_unknown")
    assert raised.value.error_dict["themes"][0].code == "unknown_theme"


@pytest.mark.django_db
def test_the_public_finds_services_by_theme(implementation, publish, client) -> None:  # type: ignore[no-untyped-def]
    publish(implementation, themes="l_establish,l_permits")
    api = client.get("/api/v1/public/items", {"theme": "l_permits"}).json()
    assert [r["code"] for r in api["results"]] == [implementation.code]
    assert client.get("/api/v1/public/items", {"theme": "p_birth"}).json()["count"] == 0
    assert (
        client.get("/api/v1/public/items", {"theme": "nonsense"}).json()["count"] == 0
    )
    page = client.get("/items/", {"theme": "l_establish"})
    html = page.content.decode()
    assert implementation.code in html
    assert "设立变更" in html
    assert "生育收养" in html


@pytest.mark.django_db
def test_the_public_filters_by_exercise_level(implementation, publish, client) -> None:  # type: ignore[no-untyped-def]
    publish(implementation)
    level = implementation.exercise_level
    found = client.get("/api/v1/public/items", {"level": level}).json()
    assert [r["code"] for r in found["results"]] == [implementation.code]
    other = 2 if level != 2 else 3
    assert client.get("/api/v1/public/items", {"level": other}).json()["count"] == 0
    assert client.get("/api/v1/public/items", {"level": "x"}).json()["count"] == 0
