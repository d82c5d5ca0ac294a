"""The reference data-sharing provider: a small WSGI server that speaks the protocol of
``domain.protocol`` with the demo records of ``provider_data``.

It stands in for the regional 数据共享交换平台, which cannot run here: the tests start it
as a separate process on a free port and stop it mid-application, and ``tongban serve``
(``make run``) starts it beside the web server. Standard library only (wsgiref), so it
runs wherever Tongban does. It checks the signature and the clock skew, answers 404
``{"found": false}`` for a subject it does not hold, and keeps a log line per request.

    python -m tongban.sharing.provider --port 0 --secret S [--port-file F]
        [--max-skew-seconds N]

prints ``listening on http://127.0.0.1:PORT`` once it accepts connections.
"""

import argparse
import json
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

from tongban.sharing.domain import protocol
from tongban.sharing.domain.registry import source_get
from tongban.sharing.provider_data import DEMO_RECORDS

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
MAX_BODY = 64 * 1024


def _reply(
    start: StartResponse, status: str, payload: dict[str, Any]
) -> Iterable[bytes]:
    body = json.dumps(payload, ensure_ascii=False).encode()
    start(
        status,
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]


def make_app(
    secret: str,
    records: dict[tuple[str, str, str], dict[str, Any]],
    max_skew: float = protocol.MAX_SKEW_SECONDS,
) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    def app(environ: dict[str, Any], start: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != protocol.PATH:
            return _reply(start, "404 Not Found", {"error": "no such path"})
        if environ.get("REQUEST_METHOD") != "POST":
            return _reply(start, "405 Method Not Allowed", {"error": "POST only"})
        try:
            length = min(int(environ.get("CONTENT_LENGTH") or 0), MAX_BODY)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length)
        if not protocol.signature_valid(
            secret,
            timestamp=environ.get("HTTP_X_TONGBAN_TIMESTAMP", ""),
            method="POST",
            path=protocol.PATH,
            body=body,
            signature=environ.get("HTTP_X_TONGBAN_SIGNATURE", ""),
            now=time.time(),
            max_skew=max_skew,
        ):
            return _reply(start, "401 Unauthorized", {"error": "bad signature"})
        try:
            query = json.loads(body)
            code = str(query["source"])
            subject = query["subject"]
            key = (code, str(subject["id_type"]), str(subject["id_number"]))
            fields = [str(f) for f in query.get("fields") or []]
            purpose = str(query["purpose"]).strip()
        except (ValueError, KeyError, TypeError):
            return _reply(start, "400 Bad Request", {"error": "malformed query"})
        if source_get(code) is None or not purpose:
            return _reply(
                start, "400 Bad Request", {"error": "unknown source or no purpose"}
            )
        record = records.get(key)
        if record is None:
            return _reply(start, "404 Not Found", {"found": False})
        chosen = {k: v for k, v in record.items() if not fields or k in fields}
        return _reply(
            start,
            "200 OK",
            {
                "request_id": query.get("request_id", ""),
                "found": True,
                "record": chosen,
                "reference": "REF-" + uuid.uuid4().hex[:12].upper(),
                "as_of": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            },
        )

    return app


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write("[sharing-provider] " + (format % args) + "\n")


def main(
    argv: list[str] | None = None,
    records: dict[tuple[str, str, str], dict[str, Any]] | None = None,
) -> None:
    """Serve ``records`` (the demo records by default): ``tongban.reference.sharing``
    adds the signed certificates of its certificate source."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--secret",
        default=os.environ.get("SHARING_SECRET", "tongban-demo-sharing-secret"),
    )
    parser.add_argument("--port-file", default="")
    # Tests that freeze Tongban's clock at a fixed day widen the window; nothing else should.
    parser.add_argument(
        "--max-skew-seconds", type=float, default=protocol.MAX_SKEW_SECONDS
    )
    options = parser.parse_args(argv)
    server = make_server(
        options.host,
        options.port,
        make_app(
            options.secret,
            DEMO_RECORDS if records is None else records,
            options.max_skew_seconds,
        ),
        handler_class=_QuietHandler,
    )
    port = server.server_address[1]
    if options.port_file:
        with open(options.port_file, "w") as handle:
            handle.write(str(port))
    sys.stdout.write(f"listening on http://{options.host}:{port}\n")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
