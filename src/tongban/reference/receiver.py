"""Sample webhook receiver: what a department system does with Tongban's webhooks.

``POST /events`` checks the signature (HMAC-SHA256 over ``{webhook-id}.{webhook-timestamp}.
{body}``, timestamp within five minutes; Standard Webhooks headers) and refuses a bad one
with 401, parses the CloudEvent with the ``cloudevents`` SDK, and keeps each event once by
its id (a replay or a retry after a lost answer is recognised and acknowledged, not kept
twice). ``--fail-first N`` answers 503 to the first N signed requests, to show retries.
``PUT /config`` sets the secret (and can reset what it kept) (Tongban gives it when the subscription is made, after this
process has its address); ``GET /received`` says what arrived, for the tests and the demo.

The signature check is written out here, not imported from Tongban: a receiver is another
system and verifies with its own code.
"""

import base64
import hashlib
import hmac
import threading
import time
from typing import Any

from cloudevents.v1.http import from_http
from flask import Flask, jsonify, request

from tongban.reference._http import arguments, run

TOLERANCE_SECONDS = 300


def signature_valid(secret: str, headers: Any, body: bytes) -> bool:
    message_id = headers.get("webhook-id", "")
    stamp = headers.get("webhook-timestamp", "")
    if not secret or not message_id or not stamp.isdigit():
        return False
    if abs(time.time() - int(stamp)) > TOLERANCE_SECONDS:
        return False
    signed = f"{message_id}.{stamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).digest()
    expected = "v1," + base64.b64encode(digest).decode()
    return any(
        hmac.compare_digest(expected, candidate)
        for candidate in headers.get("webhook-signature", "").split()
    )


def create_app(secret: str, fail_first: int) -> Flask:
    app = Flask(__name__)
    lock = threading.Lock()
    state: dict[str, Any] = {
        "secret": secret,
        "to_fail": fail_first,
        "events": [],
        "seen": set(),
        "duplicates": 0,
        "refused": 0,
        "failed": 0,
    }

    @app.put("/config")
    def config() -> Any:
        """Set the secret and failures to come; ``"reset": true`` forgets what arrived."""
        body = request.get_json(force=True)
        with lock:
            state["secret"] = str(body.get("secret", state["secret"]))
            state["to_fail"] = int(body.get("fail_first", state["to_fail"]))
            if body.get("reset"):
                state.update(events=[], seen=set(), duplicates=0, refused=0, failed=0)
        return "", 204

    @app.post("/events")
    def events() -> Any:
        body = request.get_data()
        with lock:
            if not signature_valid(state["secret"], request.headers, body):
                state["refused"] += 1
                return jsonify(error="bad signature"), 401
            if state["to_fail"] > 0:
                state["to_fail"] -= 1
                state["failed"] += 1
                return jsonify(error="temporarily unavailable"), 503
            event = from_http(dict(request.headers), body)
            if event["id"] in state["seen"]:
                state["duplicates"] += 1
                return "", 200
            state["seen"].add(event["id"])
            state["events"].append(
                {
                    "id": event["id"],
                    "type": event["type"],
                    "subject": event.get("subject"),
                    "data": event.data,
                }
            )
        return "", 200

    @app.get("/received")
    def received() -> Any:
        with lock:
            return jsonify(
                events=state["events"],
                duplicates=state["duplicates"],
                refused=state["refused"],
                failed=state["failed"],
            )

    return app


def main() -> None:
    parser = arguments("Sample webhook receiver that verifies Tongban's signatures.")
    parser.add_argument("--secret", default="")
    parser.add_argument("--fail-first", type=int, default=0)
    options = parser.parse_args()
    app = create_app(options.secret, options.fail_first)
    run(lambda url: app, host=options.host, port=options.port)


if __name__ == "__main__":
    main()
