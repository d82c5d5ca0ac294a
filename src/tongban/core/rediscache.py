"""Django's Redis cache, with the client of each connection pool built once.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache
call, over a pool it keeps; building one copies the client's table of response
callbacks (about 170 entries), which cost about as much CPU as the cached GET it served.
A ``redis.Redis`` holds no connection of its own (each command borrows one from the
pool), so one per pool serves every call. Each thread has its own cache object
(``django.core.cache.caches``), so its own clients. Settings put this backend in
place of Django's wherever ``CACHE_URL`` names Redis (``config/settings/base.py``).
"""

from typing import Any

from django.core.cache.backends import redis as django_redis


class _KeptClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django's own pool and client class (the stubs leave them out).
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._client(connection_pool=pool)  # type: ignore[attr-defined]
            self._clients[id(pool)] = client
        return client


class RedisCache(django_redis.RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with a kept client per pool."""

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _KeptClient
