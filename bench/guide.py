"""Guide page reads per second against a bare Django view returning "ok", both through
the same stack in the same run, interleaved rounds:

- the guide page (``/items/<code>/``) for an anonymous reader, against the bare view
  for the same anonymous client;
- the guide page for a signed-in applicant, against the bare view for the same client
  (session read and saved on both sides: ``SESSION_SAVE_EVERY_REQUEST``);
- the guide PDF, anonymous (after its one render, which is timed once);
- a 304 revalidation of the guide page (``If-None-Match`` of the copy kept);
- a repeated search result page (``SEARCH_CACHE_SECONDS``).

In process through Django's test client (the whole middleware stack, no socket), and
with ``--http`` also through one sync gunicorn worker on 127.0.0.1 (``bench.settings_http``,
port ``GUIDE_BENCH_PORT``, 8800 by default), the client on the same machine. The cache
is whatever ``CACHE_URL`` names (Redis in the recorded runs).

Run ``BENCH_DATABASE_URL=… CACHE_URL=redis://… python -m bench.guide [--http] [--write]``.
Best of 3 interleaved rounds of ``SECONDS``.
"""

import http.client
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from bench import common

MARK = "<!-- bench:guide -->"
SECONDS = 2.0
ROUNDS = 3
PORT = int(os.environ.get("GUIDE_BENCH_PORT", "8800"))
BARE = "/bench/bare/"
SEARCH = "/items/?q=%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7"  # 营业执照


def _best(targets: dict[str, Callable[[int], Any]]) -> dict[str, float]:
    best = dict.fromkeys(targets, 0.0)
    for _ in range(ROUNDS):
        for name, call in targets.items():
            best[name] = max(best[name], common.rate(call, SECONDS))
    return best


def _in_process(url: str, reader: Any) -> tuple[dict[str, float], float]:
    from django.test import Client

    anonymous = Client()
    began = time.perf_counter()
    _check(anonymous.get(url + "pdf"), url + "pdf")
    pdf_render = time.perf_counter() - began
    etag = anonymous.get(url)["ETag"]
    for client, target in ((anonymous, url), (reader, url), (anonymous, SEARCH)):
        _check(client.get(target), target)
    if anonymous.get(url, HTTP_IF_NONE_MATCH=etag).status_code != 304:
        sys.exit("the revalidation did not answer 304")
    targets: dict[str, Callable[[int], Any]] = {
        "bare": lambda _i: anonymous.get(BARE),
        "guide": lambda _i: anonymous.get(url),
        "bare signed in": lambda _i: reader.get(BARE),
        "guide signed in": lambda _i: reader.get(url),
        "pdf": lambda _i: anonymous.get(url + "pdf"),
        "304": lambda _i: anonymous.get(url, HTTP_IF_NONE_MATCH=etag),
        "search": lambda _i: anonymous.get(SEARCH),
    }
    return _best(targets), pdf_render


def _check(response: Any, target: str) -> None:
    if response.status_code != 200:
        sys.exit(f"{target} answered {response.status_code}")


def _over_http(url: str, cookie: str) -> dict[str, float]:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)

    def get(path: str, **headers: str) -> tuple[int, dict[str, str]]:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders())

    _status, headers = get(url)
    etag = headers["ETag"]
    signed_in = {"Cookie": cookie}
    for path, extra in ((url + "pdf", {}), (url, signed_in), (SEARCH, {})):
        if get(path, **extra)[0] != 200:
            sys.exit(f"HTTP {path} did not answer 200")
    if get(url, **{"If-None-Match": etag})[0] != 304:
        sys.exit("HTTP revalidation did not answer 304")
    targets: dict[str, Callable[[int], Any]] = {
        "bare": lambda _i: get(BARE),
        "guide": lambda _i: get(url),
        "bare signed in": lambda _i: get(BARE, **signed_in),
        "guide signed in": lambda _i: get(url, **signed_in),
        "pdf": lambda _i: get(url + "pdf"),
        "304": lambda _i: get(url, **{"If-None-Match": etag}),
        "search": lambda _i: get(SEARCH),
    }
    try:
        return _best(targets)
    finally:
        connection.close()


def _signed_in() -> tuple[Any, str]:
    """A test client signed in as a seeded applicant, and its session cookie for the
    HTTP client."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = get_user_model().objects.filter(is_active=True, kind="applicant")
    user = users.order_by("pk").first()
    if user is None:  # the seed has none: one account, kept for later runs
        from tongban.accounts import services as accounts
        from tongban.core.permissions import SYSTEM

        user = accounts.applicant_register(
            actor=SYSTEM,
            applicant_type="person",
            name="拉巴",
            id_type="111",
            id_number="54010219900101002X",
            phone="13800000001",
            password="Correct-horse-2026",  # noqa: S106 - the bench reader's throwaway login
            preferred_language="zh-hans",
        ).user
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return client, f"{name}={client.cookies[name].value}"


ROWS = (
    ("guide page, anonymous", "guide", "bare"),
    ("guide page, signed-in applicant", "guide signed in", "bare signed in"),
    ("guide PDF, anonymous", "pdf", "bare"),
    ("guide page, 304 revalidation", "304", "bare"),
    ("search page 营业执照, repeated", "search", "bare"),
)


def _table(best: dict[str, float]) -> list[str]:
    lines = [
        "| what | requests/s | bare view, same client, requests/s | ratio to bare |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, name, baseline in ROWS:
        lines.append(
            f"| {label} | {best[name]:,.0f} | {best[baseline]:,.0f} | "
            f"{best[name] / best[baseline]:.2f}× |"
        )
    return lines


def main() -> None:
    common.setup()
    common.ensure_cases(1_000)
    from django.test import override_settings

    from tongban.catalog import selectors as catalog_selectors

    version = (
        catalog_selectors.live_versions()
        .filter(implementation__division__code="540102")
        .first()
    )
    url = f"/items/{version.implementation.code}/"
    load_before = os.getloadavg()
    from django.conf import settings

    reader, cookie = _signed_in()
    throttles = {**settings.SCOPED_THROTTLE_RATES, "guide_pdf": "100000000/minute"}
    with override_settings(
        ROOT_URLCONF="bench.urls",
        ALLOWED_HOSTS=["testserver"],
        SCOPED_THROTTLE_RATES=throttles,
        SEARCH_CACHE_SECONDS=60,
    ):
        best, pdf_render = _in_process(url, reader)
    over_http = None
    if "--http" in sys.argv[1:]:
        with common.http_server(PORT):
            over_http = _over_http(url, cookie)
    load_after = os.getloadavg()
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    ratio = best["guide"] / best["bare"]
    lines = [
        MARK,
        "## Guide page reads",
        "",
        f"- date: {common.now()}",
        f"- machine: {common.machine()}",
        f"- load average (1, 5, 15 min) before: {load_before[0]:.2f}, "
        f"{load_before[1]:.2f}, {load_before[2]:.2f}; after: {load_after[0]:.2f}, "
        f"{load_after[1]:.2f}, {load_after[2]:.2f}",
        f"- cache: {cache}; page `{url}`; best of {ROUNDS} interleaved rounds of "
        f"{SECONDS:.0f} s per target",
        "- command: `BENCH_DATABASE_URL=… CACHE_URL=redis://… python -m bench.guide "
        "--http --write`",
        "",
        "Through Django's test client (one thread, the whole middleware stack, no socket):",
        "",
        *_table(best),
        "",
        f"The PDF's one render (its first request after publication, per language): "
        f"{pdf_render * 1000:,.0f} ms.",
        "",
    ]
    if over_http is not None:
        lines += [
            "Through HTTP: one sync gunicorn worker on 127.0.0.1 "
            "(`bench.settings_http`), one client connection from the same machine:",
            "",
            *_table(over_http),
            "",
        ]
    lines.append(
        f"Anonymous guide page vs bare view (test client): **{ratio:.2f}×** "
        f"(goal ≥ 0.5×: {'met' if ratio >= 0.5 else 'not met'})."
    )
    if over_http is not None:
        http_ratio = over_http["guide"] / over_http["bare"]
        lines += [
            "",
            f"Anonymous guide page vs bare view through HTTP: **{http_ratio:.2f}×** "
            f"(goal ≥ 0.5×: {'met' if http_ratio >= 0.5 else 'not met'}).",
        ]
    lines.append(MARK)
    report = "\n".join(lines)
    print(report)
    if "--write" in sys.argv[1:]:
        common.write_section(MARK, report)


if __name__ == "__main__":
    main()
