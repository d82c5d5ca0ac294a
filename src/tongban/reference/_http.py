"""Run a reference counterpart: bind (port 0 picks a free port), print one ``READY <url>``
line so whoever started the process learns the address, serve until killed."""

import argparse
import logging
import sys
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from werkzeug.serving import make_server


def arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    return parser


def run(
    build: Callable[[str], Flask], *, host: str, port: int, public_url: str = ""
) -> None:
    """``build`` receives the served base URL (known only once bound) and returns the app."""
    holder: dict[str, Flask] = {}

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        return holder["app"](environ, start_response)

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = make_server(host, port, app, threaded=True)
    url = public_url or f"http://{host}:{server.server_port}"
    holder["app"] = build(url)
    sys.stdout.write(f"READY {url}\n")
    sys.stdout.flush()
    server.serve_forever()
