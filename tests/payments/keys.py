"""A platform signing key for the payment tests, and notifications signed with it."""

import base64
import json
import secrets
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

PLATFORM_KEY = Ed25519PrivateKey.generate()
PRIVATE_B64 = base64.b64encode(
    PLATFORM_KEY.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
).decode()
PUBLIC_B64 = base64.b64encode(
    PLATFORM_KEY.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
).decode()


def notification(order_number: str, amount: str, **changes: Any) -> tuple[bytes, str]:
    payload = {
        "notify_id": secrets.token_hex(12),
        "type": "paid",
        "order_number": order_number,
        "trade_no": "T1",
        "amount": amount,
        "timestamp": datetime.now(UTC).isoformat(),
    } | changes
    body = json.dumps(payload, sort_keys=True).encode()
    return body, base64.b64encode(PLATFORM_KEY.sign(body)).decode()
