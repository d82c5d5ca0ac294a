"""Test settings: fast hashing, immediate tasks unless a test chooses the database backend."""

import copy
import os
import re
from pathlib import Path

# Under pytest-xdist each worker (gw0, gw1, …) gets its own files and its own Redis database,
# as it gets its own test database from pytest-django: a cache.clear() or a key directory in
# one worker must not reach another's tests. Subprocesses a test starts inherit the same.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_WORKER_INDEX = int(_WORKER[2:]) if re.fullmatch(r"gw\d+", _WORKER) else None
if _WORKER_INDEX is not None:
    os.environ.setdefault(
        "TONGBAN_VAR_DIR",
        str(Path(__file__).resolve().parents[4] / "var" / f"test-{_WORKER}"),
    )
    _cache_url = os.environ.get("CACHE_URL", "")
    _redis_db = re.fullmatch(r"(rediss?://[^/]+)/(\d+)", _cache_url)
    if _redis_db and not os.environ.get("TONGBAN_XDIST_CACHE_SET"):
        _db = int(_redis_db.group(2)) - _WORKER_INDEX
        if _db < 0:
            raise RuntimeError(
                f"{_cache_url}: too few Redis databases below it for {_WORKER}"
            )
        os.environ["CACHE_URL"] = f"{_redis_db.group(1)}/{_db}"
        os.environ["TONGBAN_XDIST_CACHE_SET"] = "1"

from .base import *  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
FIELD_ENCRYPTION_KEYS = ["hc5p4Dk2s0Cv3tKkQbzJ2c7nkq2uXkQ0oX8yF2mQ9Cw="]
BLIND_INDEX_KEY = "test-blind-index-key"
NOTIFICATION_FILE_DIR = Path(
    env.str("NOTIFICATION_FILE_DIR", default=str(VAR_DIR / "test-outbox"))
)
CERTIFICATE_KEY_DIR = Path(
    env.str("CERTIFICATE_KEY_DIR", default=str(VAR_DIR / "test-certificate-keys"))
)
CERTIFICATE_KEY_AUTOGENERATE = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
NOTIFICATION_CHANNELS = {
    # A worker started by a test (tests/reliability) writes to a file instead.
    "sms": env.str("SMS_BACKEND", default="tongban.notifications.backends.MemorySms"),
    "email": "tongban.notifications.backends.DjangoEmail",
}
# High by default so tests never trip them by accident; a test of the limits sets them.
API_THROTTLE_RATES = {
    "anon": env.str("API_THROTTLE_ANON", default="10000/minute"),
    "user": env.str("API_THROTTLE_USER", default="10000/minute"),
}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Tasks run at once in tests (after commit, like a worker would); tests of the worker itself
# enqueue on the "database" backend, which a real ``db_worker`` process works off.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
# The tests' webhook receivers listen on 127.0.0.1: allowed here explicitly (production
# refuses loopback and private addresses; tests/exchange/test_webhook_addresses.py turns
# this off to show it).
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
# The PostgreSQL pass does not wait for the WAL to reach the disk at each commit: the test
# databases are thrown away, and a crash of the server during a run loses the run anyway.
# Transactions, locks and isolation are unchanged (commits are still atomic and ordered);
# only durability across a server crash is given up. The migrations of each worker's test
# database and the committed writes of the transactional and live-server tests gain most.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join(
        filter(None, [_options.get("options", ""), "-c synchronous_commit=off"])
    )
# The PostgreSQL pass runs with the read replica switched on, as a test mirror of the test
# database (Django's TEST MIRROR: the same database under a second connection), so the
# report reads go through the router (tests/core/test_replica_router.py); SQLite keeps
# the default of no replica.
if "replica" not in DATABASES and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["replica"] = {
        **copy.deepcopy(DATABASES["default"]),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["tongban.core.replica.ReportReplicaRouter"]
# Search pages are not kept between the requests of a test (a test publishes, then
# searches); tests/catalog/test_search_page_cache.py turns it on.
SEARCH_CACHE_SECONDS = 0
# Parked audit rows are sealed in the writer's request, right after its commit, so a test
# sees the chain complete when its writers are done; the tests of the deferred seal (and
# the benchmarks, as production runs) set it.
AUDIT_SEAL_DEFER_SECONDS = env.float("AUDIT_SEAL_DEFER_SECONDS", default=0.0)
# A window's groups are read from the cache on every call (tests regroup windows between
# calls and clear the cache between tests); tests/appointments turns the local copy on.
WINDOW_GROUPS_LOCAL_SECONDS = env.float("WINDOW_GROUPS_LOCAL_SECONDS", default=0.0)
