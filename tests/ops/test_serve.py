"""``tongban serve`` (``make run``) prints verifiable notices: the QR codes point at the
server it starts, on whatever ``PORT`` it was given, unless a public URL is configured."""

from typing import Any

import pytest
from django.core.management import call_command

from tongban.ops.management.commands import serve


class _Exited:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.env = kwargs.get("env")
        spawned.append(self)

    def poll(self) -> int:
        return 0

    def wait(self, timeout: float) -> int:
        return 0


spawned: list[_Exited] = []


@pytest.fixture(autouse=True)
def _no_children(monkeypatch: pytest.MonkeyPatch) -> None:
    spawned.clear()
    monkeypatch.setattr(serve.subprocess, "Popen", _Exited)


def test_notices_point_at_the_port_being_served(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    call_command("serve", "--port", "9123")
    assert spawned
    assert all(c.env["PUBLIC_BASE_URL"] == "http://127.0.0.1:9123" for c in spawned)


def test_a_wildcard_host_is_printed_as_loopback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    call_command("serve", "--port", "9124", "--host", "0.0.0.0")  # noqa: S104
    assert spawned[0].env["PUBLIC_BASE_URL"] == "http://127.0.0.1:9124"


def test_a_configured_public_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://zwfw.example.gov.cn")
    call_command("serve", "--port", "9125")
    assert spawned[0].env["PUBLIC_BASE_URL"] == "https://zwfw.example.gov.cn"
