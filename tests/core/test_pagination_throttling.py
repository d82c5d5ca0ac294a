"""Pagination is capped; clients over their rate get a 429 problem with Retry-After."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def test_page_size_is_capped(client: Client) -> None:
    with override_settings(API_MAX_PAGE_SIZE=5):
        body = client.get("/api/v1/public/divisions/?page_size=1000").json()
    assert body["count"] == 82
    assert len(body["results"]) == 5


def test_default_page_size(client: Client) -> None:
    body = client.get("/api/v1/public/divisions/").json()
    assert len(body["results"]) == 20
    assert body["next"].endswith("page=2")


def test_anonymous_clients_are_throttled(client: Client) -> None:
    with override_settings(API_THROTTLE_RATES={"anon": "3/minute", "user": "3/minute"}):
        statuses = [
            client.get("/api/v1/public/divisions/").status_code for _ in range(4)
        ]
        response = client.get("/api/v1/public/divisions/")
    assert statuses == [200, 200, 200, 429]
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
