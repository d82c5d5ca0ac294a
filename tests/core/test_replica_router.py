"""The read replica (``REPLICA_DATABASE_URL``): the report reads go to the ``replica``
alias, every other read and every write stays on ``default``, and without the setting
there is no second alias and no router.

The PostgreSQL pass runs with the replica as a test mirror of the test database (test
settings), so these tests read committed rows (``transaction=True``) through a second
connection; on SQLite only the settings tests run.
"""

import datetime
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tongban.accounts.domain.roles import Role
from tongban.cases.selectors import case_counts_by_prefecture
from tongban.core.permissions import SYSTEM
from tongban.core.replica import reading_reports
from tongban.evaluations.reports import statistics_report
from tongban.evaluations.selectors import Filters
from tongban.regions.models import Organisation
from tongban.servicedesk.reports import report_for
from tongban.supervision.dashboard import dashboard

with_replica = [
    pytest.mark.skipif(
        "replica" not in connections, reason="no replica alias (SQLite pass)"
    ),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
    pytest.mark.usefixtures("seeded_divisions"),
]

PRINT = (
    "import json, tongban.config.settings.base as s;"
    "print(json.dumps({'aliases': sorted(s.DATABASES), 'routers': s.DATABASE_ROUTERS,"
    " 'mirror': s.DATABASES.get('replica', {}).get('TEST')}))"
)


def _base_settings(**env: str) -> dict[str, Any]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REPLICA_DATABASE_URL", "DATABASE_URL"}
    }
    clean.update(env)
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", PRINT],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_without_a_replica_url_there_is_one_database_and_no_router() -> None:
    found = _base_settings()
    assert found == {"aliases": ["default"], "routers": [], "mirror": None}


def test_a_replica_url_adds_the_alias_and_the_router_mirrored_in_tests() -> None:
    found = _base_settings(
        DATABASE_URL="postgres://tongban@primary:5432/tongban",
        REPLICA_DATABASE_URL="postgres://tongban@replica:5432/tongban",
    )
    assert found["aliases"] == ["default", "replica"]
    assert found["routers"] == ["tongban.core.replica.ReportReplicaRouter"]
    assert found["mirror"] == {"MIRROR": "default"}


@contextmanager
def _captured() -> Iterator[tuple[CaptureQueriesContext, CaptureQueriesContext]]:
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        yield primary, replica


def _month() -> Filters:
    start = timezone.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return Filters(start=start, end=start + datetime.timedelta(days=31))


REPORTS: dict[str, Callable[[], Any]] = {
    "supervision dashboard (page, CSV/XLSX, monthly PDF)": lambda: dashboard(
        user=SYSTEM, division=None, months=None, period=""
    ),
    "evaluation statistics (page, exports, API, public results)": lambda: (
        statistics_report(filters=_month(), period="")
    ),
    "case statistics by prefecture": lambda: case_counts_by_prefecture(user=SYSTEM),
    "service desk figures (page, exports)": lambda: report_for(user=SYSTEM, params={}),
}


def _replica(test: Callable[..., None]) -> Callable[..., None]:
    for mark in reversed(with_replica):
        test = mark(test)
    return test


@_replica
@pytest.mark.parametrize("name", list(REPORTS))
def test_a_report_reads_only_from_the_replica(name: str) -> None:
    with _captured() as (primary, replica):
        REPORTS[name]()
    assert len(replica) > 0
    assert [q["sql"] for q in primary] == []


@_replica
def test_the_replica_alias_reads_the_committed_rows(orgs: dict[str, Any]) -> None:
    with reading_reports():
        names = set(Organisation.objects.values_list("name", flat=True))
    assert names == {o.name for o in orgs.values()}


@_replica
def test_writes_during_a_report_go_to_the_primary(orgs: dict[str, Any]) -> None:
    lhasa = orgs["lhasa"]
    with _captured() as (primary, replica), reading_reports():
        Organisation.objects.filter(pk=lhasa.pk).update(name="拉萨 政务服务中心（新）")
    assert any(q["sql"].startswith("UPDATE") for q in primary)
    assert len(replica) == 0


@_replica
def test_reads_inside_a_transaction_stay_on_the_primary(orgs: dict[str, Any]) -> None:
    with _captured() as (primary, replica), reading_reports(), transaction.atomic():
        list(Organisation.objects.all())
    assert len(replica) == 0
    assert any("regions_organisation" in q["sql"] for q in primary)


@_replica
def test_accounts_and_sessions_are_read_on_the_primary_in_a_report(
    make_staff: Callable[..., Any],
) -> None:
    from django.contrib.sessions.models import Session

    from tongban.accounts.models import User

    make_staff("supervisor.x", Role.SUPERVISOR, division_code="540100")
    with _captured() as (primary, replica), reading_reports():
        assert User.objects.filter(username="supervisor.x").exists()
        list(Session.objects.all())
    assert len(replica) == 0
    assert len(primary) == 2


@_replica
def test_other_reads_stay_on_the_primary(orgs: dict[str, Any]) -> None:
    with _captured() as (primary, replica):
        with reading_reports():
            lhasa = Organisation.objects.get(pk=orgs["lhasa"].pk)
        # Its relations, followed after the report, are read on the primary too.
        assert lhasa.division.code == "540100"
        list(Organisation.objects.all())
    assert len(replica) == 1
    assert len(primary) == 2
