"""The signed payload of a certificate state and the check value its 2-D code carries.

Every state (issuance, annulment, revocation, replacement) signs the whole certificate —
identifier, type, issuer, holder (masked number and a keyed index, never the number),
data, validity — plus its own sequence, status and reason, and the check value of the
state before it, so states form a chain. A verifier rebuilds the payload from the stored
columns: a changed column breaks the signature.

The check value printed in the 2-D code is the first 16 characters of the base32 SHA-256
of the encoded signature: enough that a forged code is caught on the page, short enough
for a small code. It lets a printed certificate be matched to its current state.
"""

import base64
import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

PAYLOAD_VERSION = 1
CHECK_LENGTH = 16


def state_payload(
    *,
    identifier: str,
    type_code: str,
    issuer: str,
    holder_name: str,
    holder_id_masked: str,
    holder_index: str,
    data: Mapping[str, Any],
    valid_from: dt.date,
    valid_until: dt.date | None,
    sequence: int,
    status: str,
    reason: str,
    replaced_by: str,
    previous_check: str,
    at: dt.datetime,
) -> dict[str, Any]:
    return {
        "v": PAYLOAD_VERSION,
        "identifier": identifier,
        "type": type_code,
        "issuer": issuer,
        "holder": {
            "name": holder_name,
            "id_masked": holder_id_masked,
            "index": holder_index,
        },
        "data": dict(data),
        "valid_from": valid_from.isoformat(),
        "valid_until": valid_until.isoformat() if valid_until else None,
        "state": {
            "sequence": sequence,
            "status": status,
            "reason": reason,
            "replaced_by": replaced_by,
            "previous": previous_check,
            "at": at.isoformat(),
        },
    }


def check_value(encoded_signature: str) -> str:
    digest = hashlib.sha256(encoded_signature.encode("ascii")).digest()
    return base64.b32encode(digest).decode("ascii")[:CHECK_LENGTH]
