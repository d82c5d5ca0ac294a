"""The wire protocol between Tongban and a data-sharing provider (docs/sharing.md).

One JSON request per query, ``POST {base}/v1/query``, signed with HMAC-SHA256 over the
timestamp, the method, the path and the SHA-256 of the body, under a secret both sides
hold; the provider refuses a signature older or newer than ``MAX_SKEW_SECONDS``. The
signature, not TLS alone, tells a provider which client asked, and a copied request goes
stale within minutes. Shared by the adapter and the reference provider so both speak the
same bytes.
"""

import hashlib
import hmac

PATH = "/v1/query"
CLIENT_HEADER = "X-Tongban-Client"
TIMESTAMP_HEADER = "X-Tongban-Timestamp"
SIGNATURE_HEADER = "X-Tongban-Signature"
MAX_SKEW_SECONDS = 300


def signing_text(timestamp: str, method: str, path: str, body: bytes) -> bytes:
    digest = hashlib.sha256(body).hexdigest()
    return f"{timestamp}\n{method.upper()}\n{path}\n{digest}".encode()


def sign(secret: str, timestamp: str, method: str, path: str, body: bytes) -> str:
    text = signing_text(timestamp, method, path, body)
    return hmac.new(secret.encode(), text, hashlib.sha256).hexdigest()


def signature_valid(
    secret: str,
    *,
    timestamp: str,
    method: str,
    path: str,
    body: bytes,
    signature: str,
    now: float,
    max_skew: float = MAX_SKEW_SECONDS,
) -> bool:
    """True for a signature made with ``secret`` within the allowed clock skew."""
    try:
        age = abs(now - int(timestamp))
    except ValueError:
        return False
    if age > max_skew:
        return False
    expected = sign(secret, timestamp, method, path, body)
    return hmac.compare_digest(expected, signature)
