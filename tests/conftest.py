"""Shared fixtures: staff in 拉萨 and 日喀则 per role, organisations and halls in both, API
clients. State is built through the services, as a real deployment builds it."""

import datetime
import sys
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test import Client
from django.test.testcases import LiveServerThread
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tests.database import flush_by_delete  # noqa: F401 - pytest finds fixtures by name
from tests.sharing_provider import (  # noqa: F401 - pytest finds fixtures by name
    sharing_provider_process,
)
from tongban.accounts import services as accounts
from tongban.accounts.domain.roles import Role
from tongban.calendars import selectors as calendar_selectors
from tongban.catalog import guide_cache
from tongban.core.permissions import SYSTEM
from tongban.notifications.backends import MemorySms
from tongban.regions import selectors as region_selectors
from tongban.regions import services as regions


class _OneRequestAtATime(ThreadedWSGIServer):
    """The live server of the SQLite pass: its request threads share the test's one
    in-memory connection, and two requests on it at once (a payment platform's
    notification arriving while the browser reloads) break each other's savepoints
    ("no such savepoint"). Each request runs whole, one after another."""

    _lock = threading.Lock()

    def set_app(self, application: Callable[..., object]) -> None:
        def one_at_a_time(environ: dict[str, object], start_response: object) -> object:
            with self._lock:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


def pytest_configure(config: pytest.Config) -> None:
    if connection.vendor == "sqlite":  # the test database is in memory
        LiveServerThread.server_class = _OneRequestAtATime


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test served by the live server may use every database alias: the server's
    threads read outside any transaction, so the report reads the router sends to the
    read replica (the test mirror of the PostgreSQL pass) go to ``replica`` there."""
    for item in items:
        if "live_server" not in getattr(item, "fixturenames", ()):
            continue
        marker = item.get_closest_marker("django_db")
        kwargs = {"transaction": True, **(marker.kwargs if marker else {})}
        kwargs["databases"] = "__all__"
        item.add_marker(
            pytest.mark.django_db(*(marker.args if marker else ()), **kwargs),
            append=False,
        )


PASSWORD = "Correct-horse-2026"
USCC = {
    "lhasa": "11540100MB0T12340N",
    "lhasa_market": "11540100MB0T56780D",
    "xigaze": "11540200MB0Q111101",
    "xigaze_2": "11540200MB0Q22220N",
    "region": "11540000MB0A00010X",
}


@pytest.fixture(autouse=True)
def _clean_state() -> None:
    cache.clear()  # throttles and lockouts must not leak between tests
    guide_cache.forget_local()  # nor guide pages a process holds from the cache
    # A rolled-back test database can match the previous test's notice revision.
    calendar_selectors.calendar_revision_forget()
    # Nor the division ids of a rolled-back test (SQLite gives the next test's the same).
    region_selectors.division_ids_forget()
    MemorySms.sent.clear()


@pytest.fixture
def division() -> Callable[[str], object]:
    return lambda code: region_selectors.division_get(code=code)


@pytest.fixture
def orgs(db: None) -> dict[str, object]:
    made = {}
    for key, division_code, uscc in (
        ("lhasa", "540100", USCC["lhasa"]),
        ("xigaze", "540200", USCC["xigaze"]),
    ):
        made[key] = regions.organisation_create(
            actor=SYSTEM,
            name=f"{key} 政务服务中心",
            uscc=uscc,
            division_code=division_code,
            exercise_level=3,
        )
    return made


@pytest.fixture
def halls(orgs: dict[str, object]) -> dict[str, object]:
    made = {}
    for key, code in (("lhasa", "540100"), ("xigaze", "540200")):
        hall = regions.hall_create(
            actor=SYSTEM,
            name=f"{key} 大厅",
            kind="centre",
            division_code=code,
            organisation=orgs[key],
        )
        regions.hall_set_sessions(
            actor=SYSTEM,
            hall=hall,
            sessions=[
                (0, datetime.time(9, 30), datetime.time(13, 0)),
                (0, datetime.time(15, 30), datetime.time(18, 0)),
            ],
        )
        made[key] = hall
    return made


@pytest.fixture
def make_staff(db: None, division: Callable[[str], object]) -> Callable[..., object]:
    def make(
        username: str,
        role: str,
        division_code: str | None = "540100",
        organisation: object = None,
    ) -> object:
        scope_division = division(division_code) if division_code else None
        return accounts.staff_create(
            actor=SYSTEM,
            username=username,
            full_name=username,
            password=PASSWORD,
            organisation=organisation,
            roles=[(role, organisation, scope_division)],
        )

    return make


@pytest.fixture
def admin_user(make_staff: Callable[..., object]) -> object:
    return make_staff("root.admin", Role.PLATFORM_ADMIN, division_code=None)


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def api_as(make_staff: Callable[..., object]) -> Callable[..., APIClient]:
    def client_for(user: object) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def seeded_divisions(transactional_db: None) -> None:
    """A transactional test that reads the seeded divisions. They are in the database as
    migrated; after an earlier transactional test's flush ``tests.database`` has written
    them back."""


@pytest.fixture
def tasks_in_database(settings: Any) -> None:
    """Production's task backend: the queue is rows in the default database, for a
    worker (the test settings run tasks at once)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


@pytest.fixture
def no_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint made unimportable, as on a machine without it or its Pango library."""
    for name in [
        m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")
    ]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "weasyprint", None)


def otp_verified(client: Client, user: object) -> Client:
    """Log ``client`` in as ``user`` with a second factor already passed, as the admin
    site (django-otp's ``OTPAdminSite``) and verified-only pages require."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin_client(client: Client, admin_user: object) -> Client:
    """pytest-django's ``admin_client``, but past the admin's second factor."""
    admin_user.is_staff = admin_user.is_superuser = True  # type: ignore[attr-defined]
    admin_user.save(update_fields=["is_staff", "is_superuser"])  # type: ignore[attr-defined]
    return otp_verified(client, admin_user)
