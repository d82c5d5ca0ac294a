"""Signatures behind one interface: Ed25519 (default) and SM2 with SM3 (国密).

A ``Signer`` holds one private key and makes ``Signature`` values that carry the
algorithm name and the key id, so a verifier can pick the right public key years later,
after the signing key has been rotated. A ``Verifier`` holds one public key. Payloads are
signed over ``canonical_bytes`` (RFC 8785), never over ad-hoc JSON.

- ``ed25519``: RFC 8032 through ``cryptography`` (OpenSSL).
- ``sm2``: the SM2 digital signature of GM/T 0003.2 / GB/T 32918.2 over
  e = SM3(Z_A ‖ M), with Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) on the
  recommended curve of GM/T 0003.5; the signer's distinguishing ID defaults to
  "1234567812345678" (GM/T 0009 §10). Through ``gmalg`` (pure Python; see
  docs/decisions/0003-sm2-library.md for why this library). The value is r ‖ s, each 32
  bytes big-endian, as GM/T 0009 writes it before any ASN.1 wrapping.

Known limits: ``gmalg`` is pure Python, so SM2 is two orders of magnitude slower than
Ed25519 (docs/BENCHMARKS.md); private key bytes live in process memory like any key
that signs, but never appear in ``repr`` or logs.
"""

import base64
import binascii
import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import gmalg
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from .canonical import CanonicalisationError, canonical_bytes

ED25519 = "ed25519"
SM2 = "sm2"
ALGORITHMS = (ED25519, SM2)
# GM/T 0009-2012 §10: the ID used when the parties agreed on none.
SM2_DEFAULT_USER_ID = b"1234567812345678"
# Key ids name files and travel inside signatures (separated by "."): keep them plain.
KEY_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class SignatureFormatError(ValueError):
    """A signature, key or key id that cannot be read."""


def key_id_check(key_id: str) -> str:
    if not KEY_ID_PATTERN.fullmatch(key_id):
        raise SignatureFormatError("key ids are 1-64 letters, digits, '_' or '-'")
    return key_id


@dataclass(frozen=True)
class Signature:
    algorithm: str
    key_id: str
    value: bytes

    def encode(self) -> str:
        """``algorithm.key_id.base64url(value)``: one line for a QR code or a JSON field."""
        text = base64.urlsafe_b64encode(self.value).rstrip(b"=").decode("ascii")
        return f"{self.algorithm}.{self.key_id}.{text}"

    @classmethod
    def decode(cls, text: str) -> "Signature":
        parts = text.split(".")
        if len(parts) != 3 or parts[0] not in ALGORITHMS:
            raise SignatureFormatError("expected algorithm.key_id.value")
        algorithm, key_id, value = parts
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        except (binascii.Error, ValueError) as error:
            raise SignatureFormatError("the value is not base64url") from error
        return cls(algorithm=algorithm, key_id=key_id_check(key_id), value=raw)


@dataclass(frozen=True)
class PublicKey:
    """Ed25519: the 32 raw bytes; SM2: 04 ‖ x ‖ y (65 bytes) and the signer's ID."""

    key_id: str
    algorithm: str
    data: bytes
    user_id: bytes = b""


@dataclass(frozen=True)
class PrivateKey:
    key_id: str
    algorithm: str
    data: bytes = field(repr=False)  # never printed, logged or shown in a traceback


class Signer(Protocol):
    @property
    def public_key(self) -> PublicKey: ...

    def sign(self, message: bytes) -> Signature: ...


class Verifier(Protocol):
    @property
    def public_key(self) -> PublicKey: ...

    def verify(self, message: bytes, value: bytes) -> bool:
        """True when ``value`` is a valid signature of ``message``; never raises."""
        ...


class Ed25519Signer:
    def __init__(self, private: PrivateKey) -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(private.data)
        raw = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.public_key = PublicKey(key_id=private.key_id, algorithm=ED25519, data=raw)

    def __repr__(self) -> str:
        return f"Ed25519Signer(key_id={self.public_key.key_id!r})"

    def sign(self, message: bytes) -> Signature:
        return Signature(ED25519, self.public_key.key_id, self._key.sign(message))


class Ed25519Verifier:
    def __init__(self, public: PublicKey) -> None:
        if public.algorithm != ED25519 or len(public.data) != 32:
            raise SignatureFormatError("not an Ed25519 public key")
        self.public_key = public
        self._key = Ed25519PublicKey.from_public_bytes(public.data)

    def verify(self, message: bytes, value: bytes) -> bool:
        try:
            self._key.verify(value, message)
        except InvalidSignature:
            return False
        return True


class Sm2Signer:
    """SM2 signer; ``nonce_source`` (bits → k) exists for published test vectors only.

    Without it ``gmalg`` draws k from ``secrets``: a predictable k reveals the private
    key, which is why ``gmssl`` (``random.choice``) was not chosen.
    """

    def __init__(
        self,
        private: PrivateKey,
        public: PublicKey,
        *,
        nonce_source: Callable[[int], int] | None = None,
    ) -> None:
        self.public_key = public
        self._sm2 = gmalg.SM2(
            private.data, public.user_id, public.data, rnd_fn=nonce_source
        )

    def __repr__(self) -> str:
        return f"Sm2Signer(key_id={self.public_key.key_id!r})"

    def sign(self, message: bytes) -> Signature:
        r, s = self._sm2.sign(message)
        value = _fixed(r) + _fixed(s)
        return Signature(SM2, self.public_key.key_id, value)


class Sm2Verifier:
    def __init__(self, public: PublicKey) -> None:
        if public.algorithm != SM2 or len(public.data) != 65 or not public.user_id:
            raise SignatureFormatError("not an SM2 public key")
        sm2 = gmalg.SM2(uid=public.user_id, pk=public.data)
        if not sm2.verify_pk(public.data):
            raise SignatureFormatError("the SM2 public key is not a point of the curve")
        self.public_key = public
        self._sm2 = sm2

    def verify(self, message: bytes, value: bytes) -> bool:
        if len(value) != 64:
            return False
        return bool(self._sm2.verify(message, value[:32], value[32:]))


def _fixed(number: bytes) -> bytes:
    return number.rjust(32, b"\0")


def key_pair_generate(*, algorithm: str, key_id: str) -> tuple[PrivateKey, PublicKey]:
    """A fresh key pair from the operating system's random source."""
    key_id_check(key_id)
    if algorithm == ED25519:
        key = Ed25519PrivateKey.generate()
        private = PrivateKey(key_id, ED25519, key.private_bytes_raw())
        return private, Ed25519Signer(private).public_key
    if algorithm == SM2:
        secret, point = gmalg.SM2().generate_keypair()
        private = PrivateKey(key_id, SM2, _fixed(secret))
        return private, PublicKey(key_id, SM2, point, SM2_DEFAULT_USER_ID)
    raise SignatureFormatError(f"unknown algorithm {algorithm!r}")


def signer_for(private: PrivateKey, public: PublicKey) -> Signer:
    if private.key_id != public.key_id or private.algorithm != public.algorithm:
        raise SignatureFormatError("the private and public keys do not belong together")
    if private.algorithm == ED25519:
        signer = Ed25519Signer(private)
        if signer.public_key.data != public.data:
            raise SignatureFormatError("the private and public keys do not match")
        return signer
    if private.algorithm == SM2:
        if gmalg.SM2().generate_pk(private.data) != public.data:
            raise SignatureFormatError("the private and public keys do not match")
        return Sm2Signer(private, public)
    raise SignatureFormatError(f"unknown algorithm {private.algorithm!r}")


def verifier_for(public: PublicKey) -> Verifier:
    if public.algorithm == ED25519:
        return Ed25519Verifier(public)
    if public.algorithm == SM2:
        return Sm2Verifier(public)
    raise SignatureFormatError(f"unknown algorithm {public.algorithm!r}")


def sm3_digest(data: bytes) -> bytes:
    """SM3 (GM/T 0004, GB/T 32905) of ``data``, the digest inside every SM2 signature."""
    digest = gmalg.SM3()
    digest.update(data)
    return bytes(digest.value())


class Check(enum.StrEnum):
    """The outcome of checking a signed payload; stable codes for pages and the API."""

    VALID = "valid"
    UNKNOWN_KEY = "unknown_key"  # no public key of that id: forged or from elsewhere
    ALGORITHM_MISMATCH = "algorithm_mismatch"  # the key id names a key of another kind
    INVALID = "invalid"  # the payload or the signature was altered
    MALFORMED = "malformed"  # the payload cannot be canonicalised


def payload_sign(payload: Mapping[str, Any], *, signer: Signer) -> Signature:
    return signer.sign(canonical_bytes(payload))


def payload_verify(
    payload: Mapping[str, Any],
    signature: Signature,
    *,
    verifier_of: Callable[[str], Verifier | None],
) -> Check:
    """Check ``signature`` over ``payload`` with the key its key id names.

    The algorithm is taken from the key, never from the signature alone, so a signature
    cannot choose a weaker check for itself.
    """
    verifier = verifier_of(signature.key_id)
    if verifier is None:
        return Check.UNKNOWN_KEY
    if verifier.public_key.algorithm != signature.algorithm:
        return Check.ALGORITHM_MISMATCH
    try:
        message = canonical_bytes(payload)
    except CanonicalisationError:
        return Check.MALFORMED
    if verifier.verify(message, signature.value):
        return Check.VALID
    return Check.INVALID
