"""No 500 from any input: NUL characters, deep JSON, bodies over the limit and JSON of the
wrong shape are answered 400/413, as problem+json on the API and as a page elsewhere.

PostgreSQL refuses NUL in text and jsonb, Python's JSON parser recurses, and Django's body
limit raises an exception that DRF does not know; each would otherwise surface as a 500.
"""

import json

import pytest

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _problem(response, status, code):  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == code


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/public/items?q=a%00b",
        "/api/v1/public/items?q%00=x",
        "/api/v1/public/divisions/?parent=54%0001",
        "/api/v1/public/divisions/54%0001/",
        "/api/v1/public/items/abc%00def",
    ],
)
def test_a_nul_in_an_api_query_or_path_is_a_400_problem(client, url) -> None:  # type: ignore[no-untyped-def]
    _problem(client.get(url), 400, "nul_character")


@pytest.mark.parametrize("url", ["/items/?q=a%00b", "/items/abc%00def/"])
def test_a_nul_in_a_page_query_or_path_is_a_400_page(client, url) -> None:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_a_nul_in_a_posted_page_form_is_a_400_page(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/login/",
        "username=a%00b&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_a_nul_in_a_multipart_page_form_is_a_form_error(client) -> None:  # type: ignore[no-untyped-def]
    # Multipart bodies are left to the form: Django's CharField refuses NUL.
    response = client.post("/login/", {"username": "a\x00b", "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"]


@pytest.mark.parametrize(
    "body",
    [
        '{"q": "a\\u0000b"}',
        '{"a\\u0000b": 1}',
        '{"form": {"nested": ["x", "y\\u0000"]}}',
    ],
)
def test_a_nul_in_a_json_string_is_a_400_problem(admin_client_api, body) -> None:  # type: ignore[no-untyped-def]
    response = admin_client_api.post(
        "/api/v1/internal/divisions/", body, content_type="application/json"
    )
    _problem(response, 400, "nul_character")


def test_json_nested_very_deep_is_a_400_problem(admin_client_api) -> None:  # type: ignore[no-untyped-def]
    for body in ("[" * 100_000 + "]" * 100_000, '{"a":' * 64 + "1" + "}" * 64):
        response = admin_client_api.post(
            "/api/v1/internal/divisions/", body, content_type="application/json"
        )
        _problem(response, 400, "too_deep")


def test_json_a_little_nested_is_read(admin_client_api) -> None:  # type: ignore[no-untyped-def]
    body = json.dumps({"code": "540199", "name": {"a": {"b": [1, [2]]}}})
    response = admin_client_api.post(
        "/api/v1/internal/divisions/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


def test_an_api_body_over_the_limit_is_a_413_problem(
    admin_client_api, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"name": "x" * 2000})
    response = admin_client_api.post(
        "/api/v1/internal/divisions/", body, content_type="application/json"
    )
    _problem(response, 413, "too_large")


def test_a_page_body_over_the_limit_is_a_413_page(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/login/", {"username": "x" * 2000, "password": "x"})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")


def test_form_fields_over_the_limit_inside_a_multipart_body_are_a_413_problem(
    admin_client_api, settings
) -> None:  # type: ignore[no-untyped-def]
    # Under the multipart ceiling, so Django's own field limit trips while parsing.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.REQUEST_MAX_BYTES = 10_000_000
    response = admin_client_api.post(
        "/api/v1/public/cases/",
        {"implementation_code": "x" * 3000, "client_key": "key-00000001"},
    )
    _problem(response, 413, "too_large")


def test_a_json_array_where_an_object_is_expected_is_a_400_problem(
    admin_client_api,
) -> None:  # type: ignore[no-untyped-def]
    response = admin_client_api.post(
        "/api/v1/internal/divisions/", "[1, 2]", content_type="application/json"
    )
    _problem(response, 400, "validation_error")


@pytest.fixture
def admin_client_api(admin_user):  # type: ignore[no-untyped-def]
    from django.test import Client

    client = Client()
    client.force_login(admin_user)
    return client


def test_a_post_to_an_unknown_api_address_with_a_session_cookie_is_a_404_problem(
    admin_user,
) -> None:  # type: ignore[no-untyped-def]
    # Found by the fuzzer: the catch-all is a plain view, so CSRF answered an HTML 403.
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(
        "/api/v1/internal/cases/0/request-supplement",
        "{}",
        content_type="application/json",
    )
    _problem(response, 404, "not_found")


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/internal/divisions/", {"code": "540199", "name": "x", "actor": 1}),
        ("/api/v1/internal/organisations/", {"name": "x", "actor": 1}),
        ("/api/v1/internal/halls/", {"name": "x", "actor": 1}),
        ("/api/v1/internal/calendars/notices/", {"year": 2027, "actor": 1}),
    ],
)
def test_a_key_a_region_or_calendar_write_does_not_take_is_refused(
    admin_client_api, url, body
) -> None:  # type: ignore[no-untyped-def]
    response = admin_client_api.post(url, body, content_type="application/json")
    _problem(response, 400, "validation_error")
    assert {p["name"]: p["code"] for p in response.json()["invalid_params"]}[
        "actor"
    ] == "unknown_field"
