"""The rendered forms of a live guide in the shared cache: article, page, PDF and the
public API's body, per (implementation code, publication stamp, day, language, …).

Each implementation code has a *publication stamp* in the cache. Every change to what
its live guide shows — a publication, a withdrawal, a scheduled change recorded by the
sweep, a change to the basic item — gives it a new stamp after the transaction commits
(``guides_changed``). Every cached form is kept together with the stamp it was read
under, and is served only while that is still the guide's stamp: a cache hit reads the
stamp and the entry in one round trip (``read``: one ``MGET`` on Redis), and after a
publication every cached form of the guide, in every language and text size, is out of
use (and overwritten by the next render). After commit, not before: a reader between a
stamp change and the commit would otherwise keep the old guide under the new stamp. A
stamp that is missing (expired, evicted) is replaced by a fresh one, so a lost stamp
costs a re-render, never a stale guide.

What a process read from the shared cache (the stamp and the form together) it serves
again from its own memory for ``GUIDE_LOCAL_SECONDS`` (``local=True``; at most
``GUIDE_LOCAL_BYTES`` of it): a hit within that time costs no round trip. A change
committed in this process puts that memory out of use at once (``guides_changed``); one
committed in another process is seen here within ``GUIDE_LOCAL_SECONDS``, as if this
process had read the stamp that much earlier.

The day is part of every key because the live version is computed from the date (a
scheduled version goes live at midnight without anything being written). What a guide
shows from outside its version (an organisation renamed, a hall's address) appears
within ``GUIDE_CACHE_SECONDS``.
"""

import re
import threading
import time
from collections.abc import Iterable
from time import monotonic
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from tongban.catalog.models import Implementation

_STAMP = "catalog:guide-stamp:"
# entry key -> (monotonic time read, stamp, form, its size in bytes): this process's
# memory of what it read from the shared cache (``read(local=True)``)
_held: dict[str, tuple[float, str, Any, int]] = {}
_held_bytes = [0]
_held_lock = threading.Lock()
# Implementation codes are letters and digits; anything else is not cached (and 404s).
_CODE = re.compile(r"^[A-Z0-9-]{1,64}$")


def normal_code(code: str) -> str | None:
    """The code as the cache knows it, or ``None`` for a code that cannot exist."""
    code = code.strip().upper()
    return code if _CODE.match(code) else None


def settled(code: str | None, before: str | None) -> tuple[str, bool]:
    """The stamp to key what was just read from the database under, and whether it may
    be kept: only under the stamp read *before* the database was (a publication
    committed in between has renewed it, so the entry is never read). When there was
    none, one is started for the next reader, and this read is not kept. ``code`` is
    ``None`` for a code the cache does not hold (nothing is kept)."""
    if code is None:
        return "", False
    if before is not None:
        return before, True
    cache.add(_STAMP + code, _new(), timeout=settings.GUIDE_CACHE_SECONDS)
    return "", False


def key(code: str, form: str, *parts: object) -> str:
    """The cache key of one form of the guide (``article``, ``page``, ``pdf``, ``api``)
    today; ``parts`` are the language and the rest of what the form depends on. The
    entry under it holds the stamp it was kept under (``keep``)."""
    day = timezone.localdate().isoformat()
    rest = ":".join(str(part) for part in parts)
    return f"catalog:guide:{code}:{day}:{form}:{rest}"


def read(
    code: str, form: str, *parts: object, local: bool = False
) -> tuple[str | None, Any]:
    """The guide's current stamp (``None`` when the cache has none) and the form kept
    under that stamp (``None`` when there is none, or only one kept under an older
    stamp), read in one round trip. With ``local``, a form found is held in this
    process's memory and served from there for ``GUIDE_LOCAL_SECONDS``."""
    entry_key = key(code, form, *parts)
    seconds = float(settings.GUIDE_LOCAL_SECONDS) if local else 0.0
    now = monotonic()
    if seconds > 0:
        held = _held.get(entry_key)
        if held is not None and now - held[0] < seconds:
            return held[1], held[2]
    found = cache.get_many([_STAMP + code, entry_key])
    current = found.get(_STAMP + code)
    if current is None:
        return None, None
    value = _current(found.get(entry_key), str(current))
    if seconds > 0 and value is not None:
        _hold(entry_key, now, str(current), value)
    return str(current), value


def _hold(entry_key: str, now: float, guide_stamp: str, value: Any) -> None:
    size = _size(value)
    limit = int(settings.GUIDE_LOCAL_BYTES)
    if size > limit:
        return
    with _held_lock:
        if _held_bytes[0] + size > limit:  # full: start again (a re-read each)
            _held.clear()
            _held_bytes[0] = 0
        previous = _held.pop(entry_key, None)
        if previous is not None:
            _held_bytes[0] -= previous[3]
        _held[entry_key] = (now, guide_stamp, value, size)
        _held_bytes[0] += size


def _size(value: Any) -> int:
    """Roughly what ``value`` takes in memory: its text and bytes."""
    if isinstance(value, str | bytes):
        return len(value) * (1 if isinstance(value, bytes) else 2) + 64
    if isinstance(value, tuple | list):
        return sum(_size(part) for part in value) + 64
    html = getattr(value, "html", None)
    return _size(html) if isinstance(html, str) else 1024


def forget_local() -> None:
    """Serve nothing from this process's memory: the next read asks the shared cache."""
    with _held_lock:
        _held.clear()
        _held_bytes[0] = 0


def kept(code: str, guide_stamp: str, form: str, *parts: object) -> Any:
    """The form kept under ``guide_stamp`` (read before), or ``None``."""
    return _current(cache.get(key(code, form, *parts)), guide_stamp)


def keep(
    code: str, guide_stamp: str, form: str, *parts: object, value: Any, timeout: int
) -> None:
    """Keep ``value`` as this form of the guide, read under ``guide_stamp``."""
    cache.set(key(code, form, *parts), (guide_stamp, value), timeout=timeout)


def _current(entry: Any, guide_stamp: str) -> Any:
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == guide_stamp:
        return entry[1]
    return None


def guides_changed(*, implementation_ids: Iterable[int]) -> None:
    """Give the guides of these implementations new stamps once the transaction
    commits: every cached form of them, in every language, is then out of use."""
    codes = list(
        Implementation.objects.filter(pk__in=list(implementation_ids)).values_list(
            "code", flat=True
        )
    )
    if not codes:
        return

    def renew() -> None:
        fresh = _new()
        cache.set_many(
            {_STAMP + code.upper(): fresh for code in codes},
            timeout=settings.GUIDE_CACHE_SECONDS,
        )
        forget_local()  # seen at once in this process

    transaction.on_commit(renew)


def _new() -> str:
    return f"{time.time_ns():x}"
