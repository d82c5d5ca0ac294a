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

``shared_certificate_choose`` picks, among the records a source returned for one holder
and type, the first one the applicant may use instead of an upload, or says why none:
each refusal has a stable code and a message in the reader's language
(``SHARED_REFUSALS``).

Known limits: the holder is matched by name and masked identity number, which is what a
foreign payload carries (Tongban's own certificates also carry a keyed index); revocation
is known only as of the record (its signed state), not asked live from the issuer.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


# Why a certificate from a shared source was not taken instead of an upload: stable codes
# (stored on the case material), messages in the reader's language.
SHARED_REFUSALS = {
    "none": _("The source holds no certificate of this type for you."),
    "wrong_type": _("This certificate is not of the type this material asks for."),
    "unknown_key": _(
        "This certificate's issuer is not one this platform trusts; it cannot be used."
    ),
    Verdict.FORGED.value: _(
        "This certificate failed its signature check; it cannot be used."
    ),
    "not_the_holder": _("This certificate belongs to another person; use your own."),
    Verdict.EXPIRED.value: _("This certificate has expired; it cannot be used."),
    Verdict.NOT_YET_VALID.value: _(
        "This certificate is not valid yet; it cannot be used."
    ),
    Verdict.REVOKED.value: _("This certificate was revoked; it cannot be used."),
    Verdict.ANNULLED.value: _("This certificate was annulled; it cannot be used."),
    Verdict.REPLACED.value: _(
        "This certificate was replaced by a newer one; use the newer one."
    ),
}


def _refusal(record: Any, checked: SharedVerification, type_code: str) -> str:
    """Why ``record`` cannot be used: a bad signature first (nothing else in it can be
    believed), then the type, the holder, and the validity."""
    if checked.verdict == Verdict.FORGED:
        return "unknown_key" if checked.signature_check == "unknown_key" else "forged"
    payload = record.get("payload") if isinstance(record, Mapping) else None
    if not isinstance(payload, Mapping) or payload.get("type") != type_code:
        return "wrong_type"
    if not checked.holder_matches:
        return "not_the_holder"
    return checked.verdict.value


def shared_certificate_choose(
    *,
    records: Any,
    type_code: str,
    holder_name: str,
    holder_id_masked: str,
    today: dt.date | None = None,
) -> tuple[SharedVerification | None, str]:
    """The first of ``records`` (a source's answer for one holder and type) that the
    holder may use for a material of ``type_code`` today, and ``""``; or ``None`` and the
    code of why the first record was refused (``"none"`` when there is none)."""
    listed: Sequence[Any] = records if isinstance(records, list) else []
    first_refusal = "none"
    for record in listed:
        checked = shared_certificate_verify(
            record=record if isinstance(record, Mapping) else {},
            holder_name=holder_name,
            holder_id_masked=holder_id_masked,
            today=today,
        )
        refusal = _refusal(record, checked, type_code.upper())
        if refusal == Verdict.VALID.value:
            return checked, ""
        if first_refusal == "none":
            first_refusal = refusal
    return None, first_refusal
