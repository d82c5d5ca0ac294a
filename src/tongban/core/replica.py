"""Reports read from a read replica when one is configured (``REPLICA_DATABASE_URL``,
docs/OPERATIONS.md "Read replicas").

A report function is wrapped in ``@report_reads``; while it runs, the router sends its
reads to the ``replica`` alias. Everything else, and every write, stays on ``default``.
The report functions so wrapped (each gathers its figures into lists or a dataclass):

- ``supervision.dashboard.dashboard``: the supervision dashboard page, its CSV/XLSX
  export and the monthly report PDF;
- ``evaluations.reports.statistics_report``: the evaluation statistics page, its CSV/XLSX
  export, the statistics API and the public monthly results;
- ``cases.selectors.case_counts_by_prefecture``: cases per prefecture × state × light;
- ``servicedesk.reports.report_for``: the service desk's figures page and its exports.

Reads also stay on ``default``

- inside a transaction on ``default``: that transaction may have written what it reads,
  and a replica cannot see uncommitted (or not yet replayed) rows;
- for the models of identity and sessions (``PRIMARY_ONLY_APPS``): a revoked role or a
  closed session must not be honoured for as long as the replica lags.

Without ``REPLICA_DATABASE_URL`` the router is not installed and ``@report_reads`` only
sets a flag nobody reads. Known limit: a queryset that leaves the wrapped function
unevaluated is routed where it is evaluated, so report functions return lists and
dataclasses, not querysets.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
# Grants, users and sessions are read on the primary even inside a report.
PRIMARY_ONLY_APPS = frozenset(
    {
        "accounts",
        "auth",
        "sessions",
        "axes",
        "otp_totp",
        "otp_static",
        "oauth2_provider",
    }
)

_reading_reports: ContextVar[bool] = ContextVar("tongban_report_reads", default=False)

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def reading_reports() -> Iterator[None]:
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


def report_reads(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` with its reads routed to the replica (when there is one)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with reading_reports():
            return func(*args, **kwargs)

    return wrapper


class ReportReplicaRouter:
    """``DATABASE_ROUTERS`` entry, installed only with a ``replica`` alias."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        if (
            _reading_reports.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        # Explicitly the primary: without an answer Django would follow an instance
        # read from the replica (its ``_state.db``) back to the replica.
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the primary's rows: an object read there may be related to
        # one read on the primary.
        both = {obj1._state.db, obj2._state.db}
        return True if both <= {DEFAULT_DB_ALIAS, REPLICA} else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # A streaming replica replays the primary's schema; it is never migrated.
        return False if db == REPLICA else None
