"""Signatures between Tongban and the payment platform.

Requests from Tongban (order, refund, statement) carry an HMAC-SHA256 of
``{timestamp}.{body}`` under the merchant key; notifications from the platform are signed
with the platform's Ed25519 key over the exact body bytes, and Tongban holds only the
public key, so nobody who reads Tongban's configuration can forge a "paid".
"""

import base64
import binascii
import hashlib
import hmac

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def request_signature(*, key: str, timestamp: str, body: bytes) -> str:
    return hmac.new(
        key.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()


def notification_valid(*, public_key_b64: str, body: bytes, signature_b64: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64))
        key.verify(base64.b64decode(signature_b64, validate=True), body)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True
