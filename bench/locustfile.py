"""Locust profile of ``bench.load``: the mixed traffic of a regional 一网通办 portal.

Three kinds of users, in the proportions of the ``weight`` attributes:

- the public (10 in 13): guide pages, searches by Chinese name, pinyin initials and
  code, public calendar deadlines, progress queries by case number and query code;
- counter staff (2 in 13): workbench queue pages, plain and filtered by light and state;
- applicants (1 in 13): their case list and, now and then, an online submission through
  the API with one small PDF per required material.

Targets (codes, case numbers, session cookies) come from the JSON file named by
``LOAD_TARGETS``, written by ``bench.load_targets``. Staff and applicants carry session
cookies created there; API writes send a CSRF cookie with the same token in the header,
as a browser does. Requests are grouped by ``name`` so the statistics show each kind.
Redirects are not followed: a page that answers with a redirect (to the login page, say,
when a session does not authenticate) counts as a failure, not as the page it redirects to.
Users are ``FastHttpUser``s (geventhttpclient): the generator runs on the same two cores
as the server, and the ``requests``-based ``HttpUser`` spent enough CPU per request to
make even the bare view wait for a core from 60 users on.
Run through ``python -m bench.load``, which starts the server; loopback only.
"""

import datetime
import http.cookiejar
import json
import os
import random
import secrets
import string
import uuid
from pathlib import Path
from typing import Any

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

TARGETS: dict[str, Any] = json.loads(
    Path(os.environ["LOAD_TARGETS"]).read_text(encoding="utf-8")
)
PDF = (  # the smallest PDF a parser accepts: catalog, empty page tree, cross-reference
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\nxref\n0 3\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \ntrailer<</Size 3/Root 1 0 R>>\n"
    b"startxref\n96\n%%EOF\n"
)
START = datetime.date(2026, 1, 5)


class Portal(FastHttpUser):
    """Every request of the mix: redirects not followed, anything but 2xx a failure."""

    abstract = True

    def cookie(self, name: str, value: str) -> None:
        """Set a cookie for the target host in the user's jar, as a browser holds it."""
        host = self.host.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        self.client.cookiejar.set_cookie(
            http.cookiejar.Cookie(
                0,
                name,
                value,
                None,
                False,
                host,
                False,
                False,
                "/",
                True,
                False,
                None,
                True,
                None,
                None,
                {},
            )
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client.request = self._request(self.client.request)  # type: ignore[method-assign]

    @staticmethod
    def _request(send: Any) -> Any:
        def request(method: str, url: str, **kwargs: Any) -> Any:
            kwargs.setdefault("allow_redirects", False)
            with send(method, url, catch_response=True, **kwargs) as response:
                if not 200 <= response.status_code < 300:
                    response.failure(f"HTTP {response.status_code}")
                return response

        return request


class Public(Portal):
    weight = 10
    wait_time = between(0.5, 1.5)

    @task(5)
    def guide(self) -> None:
        code = random.choice(TARGETS["guides"])
        self.client.get(f"/items/{code}/", name="guide page")

    @task(4)
    def search(self) -> None:
        self.client.get(
            "/api/v1/public/items",
            params={"q": random.choice(TARGETS["queries"])},
            name="search",
        )

    @task(2)
    def deadline(self) -> None:
        start = START + datetime.timedelta(days=random.randrange(300))
        self.client.get(
            f"/api/v1/public/calendars/{random.choice(TARGETS['divisions'])}/deadline",
            params={
                "start": start.isoformat(),
                "working_days": random.randint(1, 60),
                "provisional": "true",
            },
            name="calendar deadline",
        )

    @task(1)
    def bare(self) -> None:
        # The same-run ceiling: the whole middleware stack and a view that does nothing.
        self.client.get("/bench/bare/", name="bare view")

    @task(2)
    def progress(self) -> None:
        number, code = random.choice(TARGETS["progress"])
        self.client.post(
            "/api/v1/public/case-progress/",
            json={"number": number, "query_code": code},
            name="progress",
        )


class Staff(Portal):
    weight = 2
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.cookie("sessionid", random.choice(TARGETS["staff_sessions"]))

    @task(3)
    def queue(self) -> None:
        self.client.get("/workbench/cases/", name="staff queue")

    @task(1)
    def queue_filtered(self) -> None:
        choice = random.choice([{"light": "red"}, {"state": "accepted"}])
        self.client.get("/workbench/cases/", params=choice, name="staff queue")


class Applicant(Portal):
    weight = 1
    wait_time = between(2, 5)

    def on_start(self) -> None:
        self.csrf = "".join(
            secrets.choice(string.ascii_letters + string.digits) for _ in range(32)
        )
        self.cookie("sessionid", TARGETS["applicant_session"])
        self.cookie("csrftoken", self.csrf)

    @task(3)
    def my_cases(self) -> None:
        self.client.get("/api/v1/public/cases/", name="my cases")

    @task(1)
    def submit(self) -> None:
        service = TARGETS["submission"]
        self.client.post(
            "/api/v1/public/cases/",
            data={
                "implementation_code": service["implementation_code"],
                "client_key": f"load-{uuid.uuid4().hex}",
            },
            files={
                f"material_{pk}": ("申请.pdf", PDF, "application/pdf")
                for pk in service["materials"]
            },
            headers={"X-CSRFToken": self.csrf},
            name="online submission",
        )
