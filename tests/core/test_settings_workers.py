"""Test settings under pytest-xdist: each worker its own Redis database and var/ directory,
so one worker's ``cache.clear()`` or key files never reach another worker's tests."""

import json
import os
import subprocess
import sys

import pytest

PRINT = (
    "import json, tongban.config.settings.test as s;"
    "print(json.dumps({'cache': s.CACHES['default']['LOCATION'], 'var': str(s.VAR_DIR)}))"
)


def _settings_of(**env: str) -> dict[str, str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTEST_XDIST_WORKER", "CACHE_URL", "TONGBAN_VAR_DIR"}
        and not k.startswith("TONGBAN_XDIST")
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


def test_each_worker_has_its_own_redis_database_and_var_directory() -> None:
    first = _settings_of(
        PYTEST_XDIST_WORKER="gw0", CACHE_URL="redis://127.0.0.1:6379/15"
    )
    second = _settings_of(
        PYTEST_XDIST_WORKER="gw1", CACHE_URL="redis://127.0.0.1:6379/15"
    )
    assert first["cache"].endswith("/15")
    assert second["cache"].endswith("/14")
    assert first["var"].endswith("test-gw0")
    assert second["var"].endswith("test-gw1")


def test_one_process_keeps_the_configured_database() -> None:
    alone = _settings_of(CACHE_URL="redis://127.0.0.1:6379/15")
    assert alone["cache"].endswith("/15")
    assert not alone["var"].endswith(("test-gw0", "test-gw1"))


def test_a_worker_without_a_database_below_it_is_refused() -> None:
    with pytest.raises(AssertionError, match="too few Redis databases"):
        _settings_of(PYTEST_XDIST_WORKER="gw2", CACHE_URL="redis://127.0.0.1:6379/1")
