"""The client address comes from a configured number of trusted proxies, the same for the
API throttles, the login lockout and the pages: a caller cannot pick a new address by sending
a new ``X-Forwarded-For`` header."""

import pytest
from django.test import Client, RequestFactory, override_settings

from tongban.core.client_address import client_address

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("num_proxies", "remote", "forwarded", "expected"),
    [
        # no proxy trusted: the header is the caller's own words, ignored
        (0, "203.0.113.9", "198.51.100.1", "203.0.113.9"),
        # one proxy: it appended the address it saw, the last entry
        (1, "10.0.0.2", "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        # two proxies: the entry the outer proxy appended, second from the right
        (2, "10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        # fewer entries than proxies: the request bypassed a proxy, trust only the peer
        (2, "10.0.0.2", "198.51.100.7", "10.0.0.2"),
        # no header behind a proxy: the peer
        (1, "10.0.0.2", None, "10.0.0.2"),
        # garbage where an address should be: the peer, never the garbage
        (1, "10.0.0.2", "1.2.3.4, not-an-ip", "10.0.0.2"),
        # IPv6 is an address too
        (1, "10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_follows_the_trusted_proxies(
    num_proxies: int, remote: str, forwarded: str | None, expected: str
) -> None:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    with override_settings(NUM_PROXIES=num_proxies):
        assert client_address(request) == expected


def test_a_new_forwarded_header_does_not_reset_the_anonymous_throttle(
    client: Client,
) -> None:
    with override_settings(API_THROTTLE_RATES={"anon": "3/minute", "user": "3/minute"}):
        statuses = [
            client.get(
                "/api/v1/public/divisions/",
                HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
            ).status_code
            for attempt in range(5)
        ]
    assert statuses == [200, 200, 200, 429, 429]


def test_behind_one_proxy_the_throttle_counts_the_address_the_proxy_saw(
    client: Client,
) -> None:
    with override_settings(
        NUM_PROXIES=1, API_THROTTLE_RATES={"anon": "2/minute", "user": "2/minute"}
    ):
        spoofed = [
            client.get(
                "/api/v1/public/divisions/",
                HTTP_X_FORWARDED_FOR=f"1.1.1.{attempt}, 198.51.100.7",
            ).status_code
            for attempt in range(3)
        ]
        other = client.get(
            "/api/v1/public/divisions/", HTTP_X_FORWARDED_FOR="198.51.100.8"
        ).status_code
    assert spoofed == [200, 200, 429]
    assert other == 200


def test_the_login_lockout_uses_the_same_address(settings) -> None:  # type: ignore[no-untyped-def]
    from axes.helpers import get_client_ip_address

    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.7"
    )
    settings.NUM_PROXIES = 1
    assert get_client_ip_address(request) == "198.51.100.7"
    settings.NUM_PROXIES = 0
    assert get_client_ip_address(request) == "10.0.0.2"


def test_audit_rows_record_the_same_address(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    from tongban.core.context import current

    seen = {}

    def probe(request):  # type: ignore[no-untyped-def]
        seen["ip"] = current().ip
        from django.http import HttpResponse

        return HttpResponse()

    from tongban.core.middleware import RequestContextMiddleware

    settings.NUM_PROXIES = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    RequestContextMiddleware(probe)(request)
    assert seen["ip"] == "198.51.100.7"
