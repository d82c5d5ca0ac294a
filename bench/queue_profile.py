"""Where one request of the workbench queue page spends its CPU, in process through
Django's test client (the whole middleware stack, no socket): thread CPU per request of
the whole request and of the template's rendering alone (``Template.render`` timed, context processors included),
statements per request, the bare view's CPU with the same session, and the top functions of cProfile over ``REQUESTS`` requests.

Run ``BENCH_DATABASE_URL=… CACHE_URL=redis://… python -m bench.queue_profile [who]
[query]``: ``who`` is ``clerk`` (``seed.clerk.540102``, default), ``supervisor``
(``bench.supervisor.5401``) or ``officer``; ``query`` e.g. ``light=red``;
``QUEUE_PROFILE_DUMP=file`` keeps the profile (``pstats``).
"""

import cProfile
import io
import os
import pstats
import sys
import time
from typing import Any

from bench import common

REQUESTS = int(os.environ.get("QUEUE_PROFILE_REQUESTS", "50"))
TOP = int(os.environ.get("QUEUE_PROFILE_TOP", "40"))


def main() -> None:
    common.setup()
    from django.test.utils import override_settings

    override_settings(ROOT_URLCONF="bench.urls").enable()  # the bare view too
    from django.db import connection
    from django.template.backends.django import Template
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.queue import _supervisor
    from tongban.accounts.models import User

    who = sys.argv[1] if len(sys.argv) > 1 else "clerk"
    query = sys.argv[2] if len(sys.argv) > 2 else ""
    user = (
        _supervisor()
        if who == "supervisor"
        else User.objects.get(username=f"seed.{who}.540102")
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    path = "/workbench/cases/" + (f"?{query}" if query else "")
    rendering = [0]
    original = Template.render

    def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
        began = time.thread_time_ns()
        try:
            return original(self, *args, **kwargs)
        finally:
            rendering[0] += time.thread_time_ns() - began

    for _ in range(3):
        response = client.get(path)
        client.get("/bench/bare/")
    if response.status_code != 200:
        sys.exit(f"{path} answered {response.status_code}")
    rows = response.content.count(b'<td class="case-number">')
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    statements = len(captured)  # the next request_started empties the log
    Template.render = timed  # type: ignore[method-assign]
    try:
        began = time.thread_time_ns()
        for _ in range(REQUESTS):
            client.get(path)
        whole = time.thread_time_ns() - began
        began = time.thread_time_ns()
        for _ in range(REQUESTS):
            client.get("/bench/bare/")
        bare = time.thread_time_ns() - began
    finally:
        Template.render = original  # type: ignore[method-assign]
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(REQUESTS):
        client.get(path)
    profile.disable()
    if os.environ.get("QUEUE_PROFILE_DUMP"):
        profile.dump_stats(os.environ["QUEUE_PROFILE_DUMP"])
    print(
        f"{who} {path}: {rows} rows, {statements} statements; thread CPU per "
        f"request {whole / REQUESTS / 1e6:.1f} ms, of which template "
        f"{rendering[0] / REQUESTS / 1e6:.1f} ms; the bare view, same session, "
        f"{bare / REQUESTS / 1e6:.1f} ms (load {os.getloadavg()[0]:.2f})"
    )
    for sort in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(sort).print_stats(TOP)
        print(out.getvalue())


if __name__ == "__main__":
    main()
