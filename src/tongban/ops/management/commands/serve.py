"""``tongban serve``: the embedded all-in-one of ``make run``.

Starts the web server, one task worker, the scheduler and (unless ``SHARING_URL`` names a
real one) the reference data-sharing provider as child processes, prints the URL
and the demo logins, starts again a child that dies (with a back-off and a log line, see
``tongban.ops.supervise``) and stops them all on Ctrl-C or SIGTERM. Unless
``PUBLIC_BASE_URL`` is set, the children are told the address being served, so the QR codes
on statutory notices lead back to this server whatever ``PORT`` is. Production runs the
three separately (gunicorn, ``db_worker``, ``scheduler``; see docs/OPERATIONS.md).
"""

import contextlib
import os
import signal
import socket
import sys
from collections.abc import Mapping
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from tongban.ops.demo import DEMO_LOGINS, demo_enrolment_codes
from tongban.ops.supervise import Child, Supervisor

_WILDCARDS = {"0.0.0.0", "::", "[::]"}  # noqa: S104 - names, not a bind


def served_url(host: str, port: str) -> str:
    """The address a browser reaches the server at: a wildcard bind is no place to send
    a browser, loopback reaches it."""
    shown_host = "127.0.0.1" if host in _WILDCARDS else host
    return f"http://{shown_host}:{port}"


def free_port() -> int:
    """A loopback port nobody listens on now (the provider binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def provider_argv(environ: Mapping[str, str]) -> tuple[list[str], dict[str, str]]:
    """The reference data-sharing provider on a free port, and the setting that points
    the other children at it; none when a real provider is configured (SHARING_URL)."""
    if environ.get("SHARING_URL"):
        return [], {}
    port = free_port()
    argv = [sys.executable, "-m", "tongban.sharing.provider", "--port", str(port)]
    return argv, {"SHARING_URL": f"http://127.0.0.1:{port}"}


def children(host: str, port: str, environ: Mapping[str, str]) -> list[Child]:
    """Web, worker and scheduler, each told the public address unless one is set, and
    the reference data-sharing provider unless a real one is set."""
    base = [sys.executable, "-m", "tongban"]
    provider, sharing_env = provider_argv(environ)
    env = {"PUBLIC_BASE_URL": served_url(host, port), **sharing_env, **environ}
    made = [
        Child("web", [*base, "runserver", f"{host}:{port}", "--noreload"], env=env),
        Child(
            "worker", [*base, "db_worker", "--no-reload", "--interval", "1"], env=env
        ),
        Child("scheduler", [*base, "scheduler"], env=env),
    ]
    if provider:
        made.append(Child("sharing-provider", provider, env=env))
    return made


class Command(BaseCommand):
    help = "Run web server, task worker and scheduler together (development)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], str(options["port"])
        supervisor = Supervisor(
            children(host, port, dict(os.environ)), log=self.stderr.write
        )

        def on_term(signum: int, frame: FrameType | None) -> None:
            supervisor.stop()

        signal.signal(signal.SIGTERM, on_term)
        self._banner(served_url(host, port) + "/")
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: run() stops the children
            supervisor.run()

    def _banner(self, url: str) -> None:
        lines = [
            "",
            f"Tongban is running at {url}",
            "  workbench: " + url + "workbench/",
            "",
        ]
        lines.append("Demo logins (demo data only; change before real use):")
        for role, username, password in DEMO_LOGINS:
            lines.append(f"  {role:<20} {username:<16} {password}")
        try:
            codes = demo_enrolment_codes()
        except DatabaseError:  # not migrated yet: the web child will say so
            codes = []
        if codes:
            lines.append("")
            lines.append(
                "Second-factor enrolment codes (one-time; enter after the password, then "
                "scan the QR code):"
            )
            for username, code in codes:
                lines.append(f"  {username:<20} {code}")
        lines.append("")
        self.stdout.write("\n".join(lines))
