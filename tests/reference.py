"""Start a reference counterpart (``tongban.reference.*``) as a separate process on a free
port and give its base URL; stop it afterwards."""

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def counterpart(module: str, *args: str) -> Iterator[str]:
    process = subprocess.Popen(  # noqa: S603 - our own module, by name
        [sys.executable, "-m", f"tongban.reference.{module}", "--port", "0", *args],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("READY "):
            raise RuntimeError(f"{module} did not start: {line!r}")
        yield line.split(" ", 1)[1].strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


def identity_clients(redirect_base: str, secret: str) -> str:
    return json.dumps(
        [
            {
                "client_id": "tongban",
                "client_secret": secret,
                "redirect_uris": [f"{redirect_base}/login/unified/callback/"],
                "post_logout_redirect_uris": [f"{redirect_base}/"],
            }
        ]
    )
