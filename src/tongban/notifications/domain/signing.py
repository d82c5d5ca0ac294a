"""Webhook signatures: HMAC-SHA256 over ``{id}.{timestamp}.{body}``, the scheme of the
Standard Webhooks specification (headers ``webhook-id``, ``webhook-timestamp``,
``webhook-signature: v1,<base64>``), so receivers can use an existing verifier.

The timestamp is inside the signed text, so a captured request cannot be replayed later
than ``tolerance`` seconds; the id lets a receiver drop a repeat it has already processed.
Several ``v1,`` signatures separated by spaces are accepted (secret rotation).
"""

import base64
import hashlib
import hmac


def sign(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(
    *,
    secret: str,
    message_id: str,
    timestamp: str,
    body: bytes,
    signature_header: str,
    now: int,
    tolerance: int = 300,
) -> bool:
    """True when one of the header's signatures matches and the timestamp is recent."""
    try:
        stamp = int(timestamp)
    except ValueError:
        return False
    if abs(now - stamp) > tolerance:
        return False
    expected = sign(secret=secret, message_id=message_id, timestamp=stamp, body=body)
    return any(
        hmac.compare_digest(expected, candidate)
        for candidate in signature_header.split()
    )


def retry_delay_seconds(attempts: int, *, base: float, cap: float) -> float:
    """Exponential back-off: ``base``, 2×, 4× … after each failed attempt, capped."""
    return float(min(base * 2 ** max(attempts - 1, 0), cap))
