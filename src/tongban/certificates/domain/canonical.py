"""The one canonical serialisation of a signed payload.

A signature covers bytes, not objects, so every signer and verifier — Tongban, a
department system, an offline checker in another language — must turn the same data into
the same bytes. We use the JSON Canonicalization Scheme (RFC 8785, library ``rfc8785``):
UTF-8, no insignificant whitespace, object keys sorted by their UTF-16 code units (as
ECMAScript does), numbers in ECMAScript form. Before that every string (keys and values)
is put in Unicode Normalization Form C, so text typed on different systems signs
identically: Tibetan in particular has several code point sequences for one written
stack (e.g. U+0F73 and U+0F71 U+0F72), and input methods differ in which they emit.

Known limits: integers must lie within ±(2**53 − 1) and floats must be finite (RFC 8785
§3.2.2.3); amounts and dates belong in strings anyway. Only JSON types are accepted.
"""

import unicodedata
from collections.abc import Mapping
from typing import Any

import rfc8785


class CanonicalisationError(ValueError):
    """The payload holds something JSON cannot carry unambiguously."""


def canonical_bytes(payload: Mapping[str, Any]) -> bytes:
    """The RFC 8785 bytes of ``payload`` after NFC-normalising every string."""
    try:
        return rfc8785.dumps(_normalised(payload))
    except rfc8785.CanonicalizationError as error:
        raise CanonicalisationError(str(error)) from error


def _normalised(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise CanonicalisationError(f"object key {key!r} is not a string")
            name = unicodedata.normalize("NFC", key)
            if name in out:
                raise CanonicalisationError(f"two keys normalise to {name!r}")
            out[name] = _normalised(item)
        return out
    if isinstance(value, list | tuple):
        return [_normalised(item) for item in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    raise CanonicalisationError(f"{type(value).__name__} is not a JSON type")
