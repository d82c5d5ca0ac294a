"""Every API error is problem+json with a stable code, in the caller's language."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def test_unknown_api_url_is_a_404_problem(client: Client) -> None:
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["code"] == "not_found"
    assert body["status"] == 404
    assert body["type"].endswith("not_found")


def test_unknown_url_outside_v1_is_a_problem_too(client: Client) -> None:
    response = client.get("/api/v2/cases/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_unauthenticated_internal_call_is_a_401_or_403_problem(
    client: Client,
) -> None:
    response = client.get("/api/v1/internal/organisations/")
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "not_authenticated"


def test_a_wrong_method_is_a_405_problem(client: Client) -> None:
    response = client.delete("/api/v1/public/divisions/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_title_follows_accept_language_but_code_does_not(client: Client) -> None:
    titles = {}
    for language in ("zh-hans", "bo", "en"):
        response = client.get("/api/v1/nothing/", HTTP_ACCEPT_LANGUAGE=language)
        assert response.json()["code"] == "not_found"
        titles[language] = response.json()["title"]
    assert titles["en"] == "Not found"
    assert len(set(titles.values())) == 3, titles


def test_malformed_json_is_a_400_parse_problem(admin_client_api) -> None:  # type: ignore[no-untyped-def]
    response = admin_client_api.post(
        "/api/v1/internal/organisations/",
        data="{not json",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.fixture
def admin_client_api(admin_user, api_as):  # type: ignore[no-untyped-def]
    return api_as(admin_user)
