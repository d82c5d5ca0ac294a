"""Webhook URLs must reach public addresses: loopback, private, link-local (metadata)
and other internal addresses are refused at subscription, and checked again at every
delivery, so a name that later resolves inside the network (DNS rebinding) gets
nothing. The test settings allow loopback for the other tests' receivers; these turn
that off. Name resolution is the system's (``socket.getaddrinfo``), replaced here by
fixed answers as a DNS server would give them."""

import socket
from typing import Any

import pytest
import requests
from rest_framework.test import APIClient

from tests.cases.conftest import *  # noqa: F403 - the case fixtures (submit, …)
from tests.client_systems import bearer, client_system
from tests.reference import counterpart
from tongban.exchange.services import case_events_relay
from tongban.notifications.domain.addresses import address_public
from tongban.notifications.models import WebhookAttempt

pytestmark = pytest.mark.django_db
HOOKS = "/api/v1/exchange/webhooks"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2400:3200::1", True),  # a public IPv6 resolver
        ("127.0.0.1", False),  # loopback
        ("::1", False),
        ("10.1.2.3", False),  # RFC 1918
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # link-local: the cloud metadata service
        ("fe80::1%eth0", False),  # link-local with a zone
        ("fd00:ec2::254", False),  # unique local (a metadata service's IPv6)
        ("100.64.0.1", False),  # shared address space (carrier NAT)
        ("0.0.0.0", False),  # noqa: S104 - unspecified
        ("224.0.0.1", False),  # multicast
        ("::ffff:127.0.0.1", False),  # loopback written as IPv4-mapped IPv6
        ("198.51.100.7", False),  # documentation range
        ("not an address", False),
    ],
)
def test_only_public_addresses(address: str, public: bool) -> None:
    assert address_public(address) is public


@pytest.fixture
def system(make_staff, capsys, settings) -> APIClient:  # type: ignore[no-untyped-def]
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    make_staff("dept.system", "exchange_client", division_code="540100")
    return bearer(*client_system(capsys, "dept.system", "webhooks.manage"))


def _subscribe(system: APIClient, url: str) -> Any:
    return system.post(
        f"{HOOKS}/subscriptions",
        {"url": url, "event_types": ["cn.tongban.case.*"], "division_code": "540100"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/events",
        "http://localhost/events",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/hook",
        "http://[::1]/hook",
        "http://no-such-host.invalid/hook",
    ],
)
def test_an_internal_address_is_refused_at_subscription(system, url) -> None:  # type: ignore[no-untyped-def]
    response = _subscribe(system, url)
    assert response.status_code == 400
    problem = response.json()
    assert problem["invalid_params"][0]["name"] == "url"
    assert problem["invalid_params"][0]["code"] == "address_not_public"
    assert "地址" in problem["invalid_params"][0]["reason"]


def test_a_name_that_turns_internal_gets_nothing_at_delivery(
    system, submit, monkeypatch, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with counterpart("receiver") as receiver:
        real = socket.getaddrinfo
        answer = {"hooks.example.gov.cn": "8.8.8.8"}

        def resolve(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
            if host in answer:
                return [
                    (socket.AF_INET, socket.SOCK_STREAM, 6, "", (answer[host], port))
                ]
            return real(host, port, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", resolve)
        made = _subscribe(system, "http://hooks.example.gov.cn/events")
        assert made.status_code == 201, made.content
        answer["hooks.example.gov.cn"] = "127.0.0.1"  # the name now points inside
        submit()
        with django_capture_on_commit_callbacks(execute=True):
            case_events_relay()
        attempt = WebhookAttempt.objects.get()
        assert (attempt.status_code, attempt.error) == (None, "address_refused")
        assert requests.get(f"{receiver}/received", timeout=5).json()["events"] == []
