"""Hash chain over audit rows.

Each row stores the hash of the previous row and its own hash over a canonical JSON body, so
editing or deleting any row breaks the chain at (or right after) that row. The body excludes
the database id: ids are assigned at insert, after the hash is computed.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
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
