"""The Redis cache builds its client once per connection pool (issue 12): Django's built
a ``redis.Redis`` for every call. Against the pass's Redis (the PostgreSQL pass; skipped
where the cache is not Redis)."""

import json
import os
import subprocess
import sys

import pytest

from tongban.core.rediscache import RedisCache

CACHE_URL = os.environ.get("CACHE_URL", "")
needs_redis = pytest.mark.skipif(
    not CACHE_URL.startswith("redis"), reason="the pass's cache is not Redis"
)


@needs_redis
def test_one_client_serves_every_call_and_the_cache_works() -> None:
    cache = RedisCache(CACHE_URL, {"KEY_PREFIX": "test-rediscache"})
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: one pool
    cache.set("k", {"一": "ཀ"}, 30)
    assert cache.get("k") == {"一": "ཀ"}
    assert cache.add("n", 1, 30)
    assert cache.incr("n") == 2
    cache.delete_many(["k", "n"])
    assert cache.get("k") is None
    assert cache._cache.get_client() is client


def test_settings_put_it_in_place_of_djangos_redis_cache() -> None:
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, tongban.config.settings.base as s;"
            "print(json.dumps(s.CACHES['default']))",
        ],
        env={**os.environ, "CACHE_URL": "redis://127.0.0.1:6379/15"},
        capture_output=True,
        text=True,
        check=True,
    )
    cache = json.loads(shown.stdout.strip().splitlines()[-1])
    assert cache["BACKEND"] == "tongban.core.rediscache.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/15"
