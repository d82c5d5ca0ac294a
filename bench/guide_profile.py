"""Where a cached guide page hit spends its time in one sync gunicorn worker: py-spy
samples the worker while one client connection asks for the anonymous guide page
(already cached) for ``SECONDS``; the stacks are folded into the share of samples each
frame is on (inclusive) and printed, top first.

Run ``BENCH_DATABASE_URL=… CACHE_URL=redis://… python -m bench.guide_profile [path]``
(``GUIDE_PROFILE_REVALIDATE=1``: each request with the ETag of the last answer, a 304)
with py-spy installed (``pip install py-spy``; not a dependency of Tongban). The
database must hold a seeded catalogue (``python -m bench.guide`` seeds it).
"""

import collections
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import common

SECONDS = float(os.environ.get("GUIDE_PROFILE_SECONDS", "20"))
TOP = int(os.environ.get("GUIDE_PROFILE_TOP", "60"))
RAW = os.environ.get("GUIDE_PROFILE_RAW")  # keep the folded stacks there
# ask with the ETag of the copy kept: profile the 304
REVALIDATE = os.environ.get("GUIDE_PROFILE_REVALIDATE") == "1"


def _worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children")
        text = children.read_text().split() if children.exists() else []
        if text:
            return int(text[0])
        time.sleep(0.1)
    sys.exit("no gunicorn worker found")


def main() -> None:
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        sys.exit("py-spy is not installed")
    common.setup()
    from tongban.catalog import selectors

    version = (
        selectors.live_versions()
        .filter(implementation__division__code="540102")
        .first()
    )
    path = (
        sys.argv[1] if len(sys.argv) > 1 else f"/items/{version.implementation.code}/"
    )
    port = common.free_port()
    with common.http_server(port) as port, tempfile.TemporaryDirectory() as tmp:
        master = int(
            Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
            .read_text()
            .split()[0]
        )
        worker = _worker_pid(master)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        statuses: collections.Counter[int] = collections.Counter()

        headers: dict[str, str] = {}

        def get() -> None:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            statuses[response.status] += 1
            if REVALIDATE:
                headers["If-None-Match"] = response.getheader("ETag") or ""

        for _ in range(50):  # warm: the page is rendered and cached
            get()
        statuses.clear()
        stop = threading.Event()

        def load() -> None:
            while not stop.is_set():
                get()

        client = threading.Thread(target=load)
        client.start()
        out = Path(tmp) / "stacks.txt"
        subprocess.run(  # noqa: S603 - py-spy on our own worker
            [
                spy,
                "record",
                "--pid",
                str(worker),
                "--duration",
                str(int(SECONDS)),
                "--rate",
                "200",
                "--format",
                "raw",
                "--output",
                str(out),
                "--nonblocking",
            ],
            check=True,
            capture_output=True,
        )
        stop.set()
        client.join()
        connection.close()
        if RAW:
            shutil.copy(out, RAW)
        _report(out, statuses, path)


def _report(out: Path, statuses: "collections.Counter[int]", path: str) -> None:
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in out.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        samples = int(count)
        total += samples
        seen = set()
        for frame in stack.split(";"):
            name = frame.split(" (", 1)[0] + " " + _where(frame)
            if name not in seen:
                seen.add(name)
                inclusive[name] += samples
    print(
        f"{path}: {sum(statuses.values())} requests, statuses {dict(statuses)}, "
        f"{total} samples; load average {os.getloadavg()[0]:.2f}"
    )
    print("| share of samples | where |")
    print("| ---: | --- |")
    for name, samples in _grouped(out).most_common():
        print(f"| {samples / total:.0%} | {name} |")
    print()
    print("| share of samples (inclusive) | frame |")
    print("| ---: | --- |")
    for name, samples in inclusive.most_common(TOP):
        print(f"| {samples / total:.0%} | `{name}` |")


def _grouped(out: Path) -> "collections.Counter[str]":
    """Each sample put in one place: the worker's own HTTP work, URL resolution, the
    middleware and handler around the view, the view's cache round trips, the rest of
    the view."""
    groups: collections.Counter[str] = collections.Counter()
    for line in out.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [frame.split(" (", 1)[0] for frame in stack.split(";")]
        groups[_group(frames)] += int(count)
    return groups


def _group(frames: list[str]) -> str:
    if "WSGIHandler.__call__" not in frames:
        if "close_graceful" in frames:
            return "gunicorn: closing the connection"
        if "Response.write" in frames or "Response.send_headers" in frames:
            return "gunicorn: writing the response"
        if "SyncWorker.handle" in frames:
            return "gunicorn: reading and parsing the request"
        return "gunicorn: waiting for a connection"
    if "BaseHandler.resolve_request" in frames:
        return "URL resolution"
    if any(frame.endswith("_guide") or frame == "guide_pdf" for frame in frames):
        if any(frame.startswith(("Redis", "RedisCache")) for frame in frames):
            return "view: cache round trips (Redis)"
        return "view: the rest (keys, ETag, response)"
    return "middleware and handler around the view"


def _where(frame: str) -> str:
    inside = frame.partition(" (")[2].rstrip(")")
    file = inside.rpartition(":")[0]
    for marker in ("site-packages/", "src/"):
        if marker in file:
            file = file.split(marker, 1)[1]
    return file


if __name__ == "__main__":
    main()
