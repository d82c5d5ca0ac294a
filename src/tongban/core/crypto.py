"""Encryption at rest and blind indexes for identity numbers.

Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) encrypts; a keyed HMAC-SHA256 of the
normalised value is the blind index that lets the database find a person by number without
decrypting every row. Keys come from settings; development derives them from SECRET_KEY and
``prod.py`` refuses to start without real ones. ``MultiFernet`` keeps old keys readable so keys
can be rotated.
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


def _derived(purpose: str) -> bytes:
    return hashlib.sha256(f"{purpose}:{settings.SECRET_KEY}".encode()).digest()


@cache
def _fernet() -> MultiFernet:
    keys = settings.FIELD_ENCRYPTION_KEYS or [
        base64.urlsafe_b64encode(_derived("field-encryption")).decode()
    ]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def blind_index(value: str, *, purpose: str = "identity") -> str:
    key = (settings.BLIND_INDEX_KEY or "").encode() or _derived("blind-index")
    message = f"{purpose}:{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def audit_head_key() -> bytes:
    """The key that signs the audit chain's head (``AUDIT_HEAD_KEY``)."""
    return (settings.AUDIT_HEAD_KEY or "").encode() or _derived("audit-head")


def audit_head_keys() -> list[bytes]:
    """Keys a head may be signed with: the current one, then ``AUDIT_HEAD_PREVIOUS_KEYS``
    (accepted during a rotation until the next audited change re-signs the head)."""
    previous = [key.encode() for key in settings.AUDIT_HEAD_PREVIOUS_KEYS if key]
    return [audit_head_key(), *previous]


def encrypt_bytes(value: bytes) -> bytes:
    """Encrypt a blob (an exchange batch's content) with the field keys."""
    return _fernet().encrypt(value)


def decrypt_bytes(token: bytes) -> bytes:
    return _fernet().decrypt(bytes(token))
