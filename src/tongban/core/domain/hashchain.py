"""Hash chain over audit rows, and the signed head that pins its end.

Each row stores the hash of the previous row and its own hash over a canonical JSON body, so
editing or deleting any row breaks the chain at (or right after) that row. The body excludes
the database id: ids are assigned at insert, after the hash is computed.

A bare chain cannot see its own end: deleting the newest rows leaves a shorter chain that
still verifies, and a forger who knows the (public) algorithm can rewrite a row and recompute
every hash after it. The signed head closes both: an HMAC, keyed with a secret kept outside
the database, over (last row id, last row hash), rewritten with every appended row. Without
the key nobody can make a head that matches a shorter or recomputed chain. Known limit: a
person with database access who saved an older head row can put it back together with the
matching truncation; checkpoints exported outside the database (``tongban audit checkpoint``)
catch that.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical_json(payload: Mapping[str, Any]) -> str:
    """The one serialisation that is hashed: sorted keys, no whitespace, UTF-8 text."""
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def chain_hash(prev_hash: str, payload: Mapping[str, Any]) -> str:
    body = canonical_json(payload)
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def body_mac(key: bytes, body: str) -> str:
    """HMAC of a parked row's chain body, so it cannot be changed or forged before it is
    sealed into the chain."""
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


def mac_valid(key: bytes, body: str, mac: str) -> bool:
    return hmac.compare_digest(body_mac(key, body), mac)


@dataclass(frozen=True)
class ChainRow:
    row_id: int
    prev_hash: str
    stored_hash: str
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class ChainBreak:
    row_id: int
    reason: str  # "hash" (row content changed) or "link" (a row before it is missing)


def find_break(rows: Iterable[ChainRow]) -> ChainBreak | None:
    """Walk rows in insertion order; return the first row whose chain does not hold."""
    expected_prev = GENESIS
    for row in rows:
        if row.prev_hash != expected_prev:
            return ChainBreak(row.row_id, "link")
        if chain_hash(row.prev_hash, row.payload) != row.stored_hash:
            return ChainBreak(row.row_id, "hash")
        expected_prev = row.stored_hash
    return None


@dataclass(frozen=True)
class SignedHead:
    """The end of the chain as the application last wrote it, with its HMAC."""

    last_id: int
    last_hash: str
    signature: str


def head_signature(key: bytes, last_id: int, last_hash: str) -> str:
    return hmac.new(key, f"{last_id}\n{last_hash}".encode(), hashlib.sha256).hexdigest()


def head_sign(key: bytes, last_id: int, last_hash: str) -> SignedHead:
    return SignedHead(last_id, last_hash, head_signature(key, last_id, last_hash))


def head_valid(key: bytes, head: SignedHead) -> bool:
    expected = head_signature(key, head.last_id, head.last_hash)
    return hmac.compare_digest(expected, head.signature)


@dataclass(frozen=True)
class HeadMismatch:
    # "missing"    rows exist but no head does (the head row was deleted)
    # "signature"  the head was not signed with this key (forged head, or a wrong key)
    # "truncated"  the chain ends before the head: the newest rows were removed
    # "extended"   the chain goes past the head: rows were added behind the application
    # "recomputed" same last row, other hash: rows were rewritten and hashes recomputed
    reason: str
    chain_last_id: int
    head_last_id: int


def check_head(
    *,
    chain_end: tuple[int, str] | None,
    head: SignedHead | None,
    keys: Sequence[bytes],
) -> HeadMismatch | None:
    """Compare the end of an intact chain (``None`` when empty) with the signed head;
    ``keys`` are the current key and any previous one still accepted during a rotation."""
    end_id, end_hash = chain_end or (0, GENESIS)
    if head is None:
        return None if chain_end is None else HeadMismatch("missing", end_id, 0)
    if not any(head_valid(key, head) for key in keys):
        return HeadMismatch("signature", end_id, head.last_id)
    if end_id < head.last_id:
        return HeadMismatch("truncated", end_id, head.last_id)
    if end_id > head.last_id:
        return HeadMismatch("extended", end_id, head.last_id)
    if end_hash != head.last_hash:
        return HeadMismatch("recomputed", end_id, head.last_id)
    return None
