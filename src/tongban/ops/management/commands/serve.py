"""``tongban serve``: the embedded all-in-one of ``make run``.

Starts the web server, one task worker, the scheduler and (unless ``SHARING_URL`` names a
real one) the reference data-sharing provider as child processes, prints the URL
and the demo logins, starts again a child that dies (with a back-off and a log line, see
``tongban.ops.supervise``) and stops them all on Ctrl-C or SIGTERM. Unless
``PUBLIC_BASE_URL`` is set, the children are told the address being served, so the QR codes
on statutory notices lead back to this server whatever ``PORT`` is. Production runs the
three separately (gunicorn, ``db_worker``, ``scheduler``; see docs/OPERATIONS.md).

Counterparts that are not configured (no ``OIDC_ISSUER``, no ``PAYMENT_PROVIDER_URL``) get
their reference
implementation (``tongban.reference``) as one more child on a free port, and the web
server is told where it is (docs/INTEGRATION.md).
"""

import base64
import contextlib
import json
import os
import secrets
import signal
import socket
import sys
from collections.abc import Mapping
from types import FrameType
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from tongban.ops.demo import (
    DEMO_LOGINS,
    demo_enrolment_codes,
    demo_issuer_keys_install,
)
from tongban.ops.supervise import Child, Supervisor
from tongban.reference.identity import DEMO_PASSWORD as IDENTITY_PASSWORD
from tongban.reference.identity import IDENTITIES

_WILDCARDS = {"0.0.0.0", "::", "[::]"}  # noqa: S104 - names, not a bind


def served_url(host: str, port: str) -> str:
    """The address a browser reaches the server at: a wildcard bind is no place to send
    a browser, loopback reaches it."""
    shown_host = "127.0.0.1" if host in _WILDCARDS else host
    return f"http://{shown_host}:{port}"


def provider_argv(environ: Mapping[str, str]) -> tuple[list[str], dict[str, str]]:
    """The reference data-sharing provider on a free port, and the setting that points
    the other children at it; none when a real provider is configured (SHARING_URL)."""
    if environ.get("SHARING_URL"):
        return [], {}
    port = free_port("127.0.0.1")
    argv = [sys.executable, "-m", "tongban.reference.sharing", "--port", str(port)]
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


def free_port(host: str) -> int:
    """A port nothing listens on now (the child binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1" if host in _WILDCARDS else host, 0))
        return int(probe.getsockname()[1])


def reference_counterparts(
    host: str, port: str, environ: Mapping[str, str]
) -> tuple[list[Child], dict[str, str]]:
    """Reference providers for the counterparts not configured, and the settings that
    point the web server at them."""
    made: list[Child] = []
    env: dict[str, str] = {}
    base = served_url(host, port)
    if not environ.get("OIDC_ISSUER"):
        identity_port = free_port(host)
        secret = secrets.token_urlsafe(24)
        clients = [
            {
                "client_id": "tongban",
                "client_secret": secret,
                "redirect_uris": [f"{base}/login/unified/callback/"],
                "post_logout_redirect_uris": [f"{base}/"],
            }
        ]
        argv = [sys.executable, "-m", "tongban.reference.identity"]
        argv += ["--port", str(identity_port), "--clients", json.dumps(clients)]
        made.append(Child("identity", argv))
        env |= {
            "OIDC_ISSUER": f"http://127.0.0.1:{identity_port}",
            "OIDC_CLIENT_ID": "tongban",
            "OIDC_CLIENT_SECRET": secret,
        }
    if not environ.get("PAYMENT_PROVIDER_URL"):
        payment_port = free_port(host)
        signing = Ed25519PrivateKey.generate()
        private = signing.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        public = signing.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        merchant_key = secrets.token_urlsafe(24)
        argv = [sys.executable, "-m", "tongban.reference.payment"]
        argv += ["--port", str(payment_port), "--merchant-key", merchant_key]
        argv += ["--signing-key", base64.b64encode(private).decode()]
        made.append(Child("payment", argv))
        env |= {
            "PAYMENT_PROVIDER_URL": f"http://127.0.0.1:{payment_port}",
            "PAYMENT_MERCHANT_KEY": merchant_key,
            "PAYMENT_PROVIDER_PUBLIC_KEY": base64.b64encode(public).decode(),
        }
    return made, env


class Command(BaseCommand):
    help = "Run web server, task worker and scheduler together (development)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], str(options["port"])
        references, reference_env = reference_counterparts(host, port, os.environ)
        if not os.environ.get("SHARING_URL"):
            # The reference provider's certificate source: trust its demo issuers.
            with contextlib.suppress(DatabaseError):  # not migrated: no audit row yet
                demo_issuer_keys_install()
        supervisor = Supervisor(
            references + children(host, port, {**os.environ, **reference_env}),
            log=self.stderr.write,
        )

        def on_term(signum: int, frame: FrameType | None) -> None:
            supervisor.stop()

        signal.signal(signal.SIGTERM, on_term)
        self._banner(served_url(host, port) + "/", reference_env)
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: run() stops the children
            supervisor.run()

    def _banner(self, url: str, reference_env: Mapping[str, str] | None = None) -> None:
        reference_env = reference_env or {}
        lines = [
            "",
            f"Tongban is running at {url}",
            "  workbench: " + url + "workbench/",
            "",
        ]
        if "OIDC_ISSUER" in reference_env:
            lines += [
                "Reference unified identity provider at "
                + reference_env["OIDC_ISSUER"],
                f"  demo identities {', '.join(IDENTITIES)}, password {IDENTITY_PASSWORD}",
                "",
            ]
        if "PAYMENT_PROVIDER_URL" in reference_env:
            lines += [
                "Reference payment platform at "
                + reference_env["PAYMENT_PROVIDER_URL"],
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
