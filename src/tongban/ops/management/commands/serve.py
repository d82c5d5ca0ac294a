"""``tongban serve``: the embedded all-in-one of ``make run``.

Starts the web server, one task worker and the scheduler as child processes, prints the URL
and the demo logins, and stops all three on Ctrl-C. Production runs the three separately
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


class Command(BaseCommand):
    help = "Run web server, task worker and scheduler together (development)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))

    def handle(self, *args: Any, **options: Any) -> None:
        base = [sys.executable, "-m", "tongban"]
        address = f"{options['host']}:{options['port']}"
        children = [
            subprocess.Popen([*base, "runserver", address, "--noreload"]),
            subprocess.Popen([*base, "db_worker", "--no-reload", "--interval", "1"]),
            subprocess.Popen([*base, "scheduler"]),
        ]
        self._banner(f"http://{address}/")
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
