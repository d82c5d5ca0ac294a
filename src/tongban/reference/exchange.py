"""Reference 前置库 (front-end database) of the provincial platform: where Tongban's
GB/T 39046 batches land.

``POST /load {"directory": …}`` loads every batch in a transfer directory whose report
(``<批次号>.report.json``, written after the data) is there; ``POST /batches`` takes one
batch over HTTP (body: the JSON Lines; headers ``X-Batch-Number`` and
``X-Batch-Sha256``). Either way a batch lands once: a 批次号 already landed with the same
checksum is acknowledged and skipped, a different content under a landed 批次号 is
refused (409), and a body whose checksum is not the one stated is refused (400). Each
record is kept by its data set and key (the last sync wins, as an upsert into the
platform's tables would). ``GET /landed`` says what landed, for the tests and the demo.

Written without Tongban's code: the platform is another system.
"""

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, request

from tongban.reference._http import arguments, run

KEYS = (
    "step_key",
    "procedure_key",
    "evaluation_key",
    "ticket_number",
    "supervision_number",
    "case_number",
)


def _key(record: dict[str, Any]) -> str:
    return next(str(record[k]) for k in KEYS if record.get(k))


def create_app() -> Flask:
    app = Flask(__name__)
    lock = threading.Lock()
    state: dict[str, Any] = {"batches": {}, "records": {}, "repeats": 0, "refused": []}

    def land(number: str, sha256: str, dataset: str, body: bytes) -> tuple[str, int]:
        if hashlib.sha256(body).hexdigest() != sha256:
            state["refused"].append(number)
            return "checksum does not match", 400
        known = state["batches"].get(number)
        if known is not None:
            if known["sha256"] != sha256:
                state["refused"].append(number)
                return "another content under a landed batch number", 409
            state["repeats"] += 1
            return "already landed", 200
        records = [json.loads(line) for line in body.splitlines() if line]
        for record in records:
            state["records"][(dataset, _key(record))] = record
        state["batches"][number] = {
            "sha256": sha256,
            "dataset": dataset,
            "records": len(records),
        }
        return "landed", 201

    @app.post("/batches")
    def batches() -> Any:
        with lock:
            said, code = land(
                request.headers.get("X-Batch-Number", ""),
                request.headers.get("X-Batch-Sha256", ""),
                request.headers.get("X-Dataset", ""),
                request.get_data(),
            )
        return jsonify(result=said), code

    @app.post("/load")
    def load() -> Any:
        directory = Path(str(request.get_json(force=True)["directory"]))
        results = {}
        with lock:
            for report_path in sorted(directory.glob("*.report.json")):
                report = json.loads(report_path.read_text(encoding="utf-8"))
                data = directory / f"{report['batch_number']}.jsonl"
                results[report["batch_number"]] = land(
                    report["batch_number"],
                    report["sha256"],
                    report["dataset"],
                    data.read_bytes(),
                )[0]
        return jsonify(results)

    @app.get("/landed")
    def landed() -> Any:
        with lock:
            return jsonify(
                batches=state["batches"],
                records=len(state["records"]),
                repeats=state["repeats"],
                refused=state["refused"],
            )

    @app.post("/reset")
    def reset() -> Any:
        with lock:
            state.update(batches={}, records={}, repeats=0, refused=[])
        return "", 204

    return app


def main() -> None:
    parser = arguments("Reference 前置库 that lands Tongban's exchange batches once.")
    options = parser.parse_args()
    app = create_app()
    run(lambda url: app, host=options.host, port=options.port)


if __name__ == "__main__":
    main()
