"""Verification of certificates Tongban did not issue: records that came from a shared
source (another region's platform, the national e-certificate sharing service) as a
signed payload.

Such a record is ``{"payload": {...}, "signature": "algorithm.key_id.value"}`` with the
payload in the shape Tongban signs its own states (``domain.payload.state_payload``:
identifier, type, issuer, holder, data, validity, state). It is genuine when the
signature verifies with a public key the operator trusts for that issuer: the issuer's
published keys are installed under ``CERTIFICATE_TRUSTED_KEY_DIR/<issuer credit code>/``
as ``<key id>.public.json`` (the file format of ``keys.FileKeyStore``; no private key is
ever there). Nothing in the record chooses its own key: the issuer named in the signed
payload picks the directory, the key id the file. The verdict then follows the same
rules as for Tongban's own certificates (``domain.status.verdict``).

Known limits: the holder is matched by name and masked identity number, which is what a
foreign payload carries (Tongban's own certificates also carry a keyed index); revocation
is known only as of the record (its signed state), not asked live from the issuer.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from .domain.identifier import IdentifierError, identifier_parse
from .domain.signing import (
    Check,
    Signature,
    SignatureFormatError,
    key_id_check,
    payload_verify,
)
from .domain.status import Status, Verdict, verdict
from .keys import FileKeyStore


@dataclass(frozen=True)
class SharedVerification:
    verdict: Verdict
    identifier: str
    issuer: str
    signature_check: str
    holder_matches: bool

    @property
    def usable(self) -> bool:
        """Genuine, valid now and the applicant's own."""
        return self.verdict == Verdict.VALID and self.holder_matches


def _trusted(issuer: str) -> FileKeyStore | None:
    try:
        return FileKeyStore(
            Path(settings.CERTIFICATE_TRUSTED_KEY_DIR) / key_id_check(issuer)
        )
    except SignatureFormatError:
        return None


def _date(text: Any) -> dt.date | None:
    return dt.date.fromisoformat(text) if isinstance(text, str) and text else None


def shared_certificate_verify(
    *,
    record: Mapping[str, Any],
    holder_name: str = "",
    holder_id_masked: str = "",
    today: dt.date | None = None,
) -> SharedVerification:
    """The verdict on a certificate record from a shared source; ``holder_*`` are the
    applicant's, when the record is offered as their material."""
    payload = record.get("payload")
    if not isinstance(payload, Mapping):
        return SharedVerification(Verdict.FORGED, "", "", Check.MALFORMED.value, False)
    identifier = str(payload.get("identifier", ""))[:100]
    issuer = str(payload.get("issuer", ""))[:40]
    try:
        identifier_parse(identifier)
        signature = Signature.decode(str(record.get("signature", "")))
        valid_from = _date(payload.get("valid_from"))
        valid_until = _date(payload.get("valid_until"))
        status = Status(str(payload["state"]["status"]))
    except (IdentifierError, SignatureFormatError, KeyError, TypeError, ValueError):
        return SharedVerification(
            Verdict.FORGED, identifier, issuer, Check.MALFORMED.value, False
        )
    store = _trusted(issuer)
    check = (
        payload_verify(payload, signature, verifier_of=store.verifier)
        if store is not None and valid_from is not None
        else Check.UNKNOWN_KEY
    )
    named = payload.get("holder")
    holder: Mapping[str, Any] = named if isinstance(named, Mapping) else {}
    matches = bool(holder_name) and (
        holder.get("name") == holder_name
        and holder.get("id_masked") == holder_id_masked
    )
    result = verdict(
        genuine=check == Check.VALID,
        status=status,
        valid_from=valid_from or timezone.localdate(),
        valid_until=valid_until,
        today=today or timezone.localdate(),
    )
    return SharedVerification(result, identifier, issuer, check.value, matches)
