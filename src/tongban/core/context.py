"""Request context carried to audit rows and log lines: request id, client IP, actor.

Set by ``RequestContextMiddleware`` for web requests; commands and tasks set their own with
``request_context`` so their audit rows say where they came from.
"""

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None
    channel: str = ""


_EMPTY = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar(
    "tongban_request", default=None
)


def current() -> RequestContext:
    return _current.get() or _EMPTY


@contextlib.contextmanager
def request_context(
    *, request_id: str | None = None, ip: str | None = None, channel: str = ""
) -> Iterator[RequestContext]:
    ctx = RequestContext(
        request_id=request_id or uuid.uuid4().hex, ip=ip, channel=channel
    )
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
