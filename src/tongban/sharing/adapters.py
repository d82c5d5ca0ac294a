"""One interface in front of every data source, and its HTTP implementation.

``SourceAdapter.query`` answers a ``SharedRecord``, or raises ``RecordNotFound`` (the
source answered: it holds nothing on this subject) or ``SourceUnavailable`` (it did not
answer usably: time-out, connection refused, 5xx, circuit open, or an answer we cannot
read). Callers treat the second as "ask the applicant instead", never as an error page.

``HttpAdapter`` speaks the protocol of ``domain.protocol`` with urllib3 (pooled
connections, separate connect and read time-outs), retries transient failures with
tenacity (exponential back-off, a bounded number of attempts) and wraps each source in a
pybreaker circuit breaker, so a source that keeps failing is not asked again until its
reset time has passed: a down registry costs each applicant one quick refusal, not a
stack of time-outs. Both libraries are small, typed, maintained and widely used; a
home-made retry loop or breaker would have to be tested for the same half-open and
back-off cases they already get right. When Redis is the cache (production) the breaker's
state lives there (pybreaker's ``CircuitRedisStorage``), shared by every web worker and
task process; on the embedded default it lives in each process.
"""

import functools
import json
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import pybreaker
import redis
import urllib3
from django.conf import settings
from tenacity import (
    retry,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from tongban.sharing.domain import protocol
from tongban.sharing.domain.registry import DataSource


@dataclass(frozen=True)
class Subject:
    """Whose data: a person by resident ID number, an organisation by credit code."""

    kind: str
    id_type: str
    id_number: str


@dataclass(frozen=True)
class SharedRecord:
    source: str
    values: dict[str, Any]
    reference: str  # the provider's identifier of this answer (查询编号)
    as_of: str


class RecordNotFound(Exception):
    """The source answered and holds no record of this subject."""


class SourceUnavailable(Exception):
    """The source did not answer usably; ``reason`` is a stable code."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


class _Transient(Exception):
    """A failure worth another attempt (connection, time-out, 5xx)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


class SourceAdapter(Protocol):
    def query(
        self,
        *,
        source: DataSource,
        subject: Subject,
        fields: Sequence[str],
        purpose: str,
    ) -> SharedRecord: ...


_breakers: dict[tuple[str, str], pybreaker.CircuitBreaker] = {}
_breakers_lock = threading.Lock()
REDIS_BACKENDS = (
    "django.core.cache.backends.redis.RedisCache",
    "tongban.core.rediscache.RedisCache",
)


def _redis_location() -> str:
    """The cache's Redis address, or "" when the cache is not Redis (the embedded
    default keeps the breaker in each process)."""
    cache = settings.CACHES["default"]
    if cache.get("BACKEND") not in REDIS_BACKENDS:
        return ""
    location = cache.get("LOCATION", "")
    return str(location[0] if isinstance(location, list | tuple) else location)


@functools.cache
def _redis(location: str) -> redis.Redis:
    return redis.Redis.from_url(location, socket_timeout=0.5)


def _namespace(code: str) -> str:
    return f"{settings.SHARING_BREAKER_PREFIX}:sharing:{code}"


def _storage(code: str, location: str) -> pybreaker.CircuitBreakerStorage:
    if not location:
        return pybreaker.CircuitMemoryStorage(pybreaker.STATE_CLOSED)
    # Redis unreachable: pybreaker falls back to "closed", so sources are still asked.
    return pybreaker.CircuitRedisStorage(
        pybreaker.STATE_CLOSED, _redis(location), namespace=_namespace(code)
    )


def breaker_for(code: str) -> pybreaker.CircuitBreaker:
    """The circuit breaker of one source: its state in Redis when Redis is the cache,
    so a source one web worker found down is not asked by the others either."""
    location = _redis_location()
    with _breakers_lock:
        breaker = _breakers.get((code, location))
        if breaker is None:
            breaker = pybreaker.CircuitBreaker(
                fail_max=settings.SHARING_BREAKER_FAIL_MAX,
                reset_timeout=settings.SHARING_BREAKER_RESET_SECONDS,
                exclude=[RecordNotFound],
                name=f"sharing:{code}",
                throw_new_error_on_trip=False,
                state_storage=_storage(code, location),
            )
            _breakers[(code, location)] = breaker
        return breaker


def breakers_reset() -> None:
    """Forget every breaker's state, in Redis too (tests; an operator after repairing
    a source)."""
    with _breakers_lock:
        _breakers.clear()
        location = _redis_location()
        if location:
            client = _redis(location)
            for key in client.scan_iter(f"{_namespace('*')}:pybreaker:*"):
                client.delete(key)


class HttpAdapter:
    """A provider reached over HTTP at ``base_url`` (docs/sharing.md)."""

    def __init__(
        self,
        *,
        base_url: str,
        client_id: str,
        secret: str,
        timeout_seconds: float,
        attempts: int,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self.secret = secret
        self.timeout = urllib3.Timeout(connect=timeout_seconds, read=timeout_seconds)
        self.attempts = max(1, attempts)
        # Retries are tenacity's, not urllib3's: one place counts them.
        self.pool = urllib3.PoolManager(retries=False, timeout=self.timeout)

    def query(
        self,
        *,
        source: DataSource,
        subject: Subject,
        fields: Sequence[str],
        purpose: str,
    ) -> SharedRecord:
        body = json.dumps(
            {
                "request_id": str(uuid.uuid4()),
                "source": source.code,
                "subject": {
                    "kind": subject.kind,
                    "id_type": subject.id_type,
                    "id_number": subject.id_number,
                },
                "fields": list(fields),
                "purpose": purpose,
            },
            ensure_ascii=False,
        ).encode()
        try:
            return breaker_for(source.code).call(self._with_retries, source, body)
        except pybreaker.CircuitBreakerError as error:
            raise SourceUnavailable("circuit_open", str(error)) from error
        except _Transient as error:
            raise SourceUnavailable(error.reason, str(error)) from error

    def _with_retries(self, source: DataSource, body: bytes) -> SharedRecord:
        attempt = retry(
            retry=retry_if_exception_type(_Transient),
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential(multiplier=0.1, max=1.0),
            reraise=True,
        )(self._once)
        return attempt(source, body)

    def _once(self, source: DataSource, body: bytes) -> SharedRecord:
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            protocol.CLIENT_HEADER: self.client_id,
            protocol.TIMESTAMP_HEADER: timestamp,
            protocol.SIGNATURE_HEADER: protocol.sign(
                self.secret, timestamp, "POST", protocol.PATH, body
            ),
        }
        try:
            response = self.pool.request(
                "POST", self.base_url + protocol.PATH, body=body, headers=headers
            )
        except urllib3.exceptions.NewConnectionError as error:
            # Refused or unreachable (urllib3 2 files this under its time-outs).
            raise _Transient("connection", str(error)) from error
        except urllib3.exceptions.TimeoutError as error:
            raise _Transient("timeout", str(error)) from error
        except urllib3.exceptions.HTTPError as error:
            raise _Transient("connection", str(error)) from error
        if response.status >= 500:
            raise _Transient("server_error", f"HTTP {response.status}")
        return _answer(source, response.status, response.data)


def _answer(source: DataSource, status: int, data: bytes) -> SharedRecord:
    """The record in a provider's answer, or the exception it means."""
    try:
        payload = json.loads(data or b"{}")
    except ValueError as error:
        raise SourceUnavailable("bad_answer", "not JSON") from error
    if status == 404 and isinstance(payload, dict) and payload.get("found") is False:
        raise RecordNotFound(source.code)
    if status != 200 or not isinstance(payload, dict):
        raise SourceUnavailable("refused", f"HTTP {status}")
    record = payload.get("record")
    if not isinstance(record, dict):
        raise SourceUnavailable("bad_answer", "no record")
    return SharedRecord(
        source=source.code,
        values={k: v for k, v in record.items() if k in source.fields},
        reference=str(payload.get("reference", ""))[:100],
        as_of=str(payload.get("as_of", ""))[:40],
    )


@functools.lru_cache(maxsize=32)
def _http_adapter(
    base_url: str, client_id: str, secret: str, timeout: float, attempts: int
) -> HttpAdapter:
    # One adapter (and connection pool) per configuration, kept for the process.
    return HttpAdapter(
        base_url=base_url,
        client_id=client_id,
        secret=secret,
        timeout_seconds=timeout,
        attempts=attempts,
    )


def adapter_for(source: DataSource) -> SourceAdapter | None:
    """The adapter configured for ``source``; None when no provider is configured."""
    base_url = settings.SHARING_SOURCE_URLS.get(source.code) or settings.SHARING_URL
    if not base_url:
        return None
    return _http_adapter(
        base_url,
        settings.SHARING_CLIENT_ID,
        settings.SHARING_SECRET,
        float(settings.SHARING_TIMEOUT_SECONDS),
        int(settings.SHARING_ATTEMPTS),
    )
