"""``tongban serve``: the embedded all-in-one of ``make run``.

Starts the web server, one task worker and the scheduler as child processes, prints the URL
and the demo logins, and stops all three on Ctrl-C. Unless ``PUBLIC_BASE_URL`` is set, the
children are told the address being served, so the QR codes on statutory notices lead back
to this server whatever ``PORT`` is. Production runs the three separately
(gunicorn, ``db_worker``, ``scheduler``; see docs/OPERATIONS.md).
"""

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tongban.ops.demo import DEMO_LOGINS

_WILDCARDS = {"0.0.0.0", "::", "[::]"}  # noqa: S104 - names, not a bind


class Command(BaseCommand):
    help = "Run web server, task worker and scheduler together (development)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))

    def handle(self, *args: Any, **options: Any) -> None:
        base = [sys.executable, "-m", "tongban"]
        address = f"{options['host']}:{options['port']}"
        # A wildcard address is no place to send a browser; loopback reaches the server.
        shown_host = "127.0.0.1" if options["host"] in _WILDCARDS else options["host"]
        url = f"http://{shown_host}:{options['port']}"
        env = {**os.environ}
        env.setdefault("PUBLIC_BASE_URL", url)
        children = [
            subprocess.Popen([*base, "runserver", address, "--noreload"], env=env),
            subprocess.Popen(
                [*base, "db_worker", "--no-reload", "--interval", "1"], env=env
            ),
            subprocess.Popen([*base, "scheduler"], env=env),
        ]
        self._banner(f"{url}/")
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children:
                child.wait(timeout=10)

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
        lines.append("")
        self.stdout.write("\n".join(lines))
