"""Pages carry a CSP and the usual protective headers; pages use no third-party assets."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_pages_send_a_strict_content_security_policy(client: Client) -> None:
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_pages_send_frame_and_sniffing_protection(client: Client) -> None:
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("url", ["/", "/login/", "/workbench/login/", "/api/v1/docs/"])
def test_pages_load_nothing_from_other_hosts(client: Client, url: str) -> None:
    html = client.get(url).content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []


def test_every_response_carries_a_request_id(client: Client) -> None:
    response = client.get("/healthz", HTTP_X_REQUEST_ID="dept-system-0001")
    assert response["X-Request-ID"] == "dept-system-0001"
    assert len(client.get("/healthz")["X-Request-ID"]) == 32
