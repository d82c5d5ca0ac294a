"""Reads of the certificates app: public verification, the holder's wallet, the
certificates an applicant may use for a material, shared links, the public keys.

``certificate_verify`` trusts nothing but the signature: it rebuilds the newest state's
payload from the stored columns and checks it with the issuer's key named in the
signature, so an edited column, a swapped signature or an unknown key all read as forged.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .domain.identifier import IdentifierError, identifier_parse
from .domain.payload import check_value, state_payload
from .domain.signing import (
    Check,
    PublicKey,
    Signature,
    SignatureFormatError,
    payload_verify,
)
from .domain.status import Status, Verdict, verdict
from .keys import key_store, key_store_for
from .lookup import states_with_certificate
from .models import Certificate, CertificateShare, CertificateState, CertificateType


def signing_public_keys() -> list[tuple[PublicKey, bool]]:
    """Every public key of the store, each with whether it signs new signatures."""
    store = key_store()
    active = store.active_key_id()
    return [(key, key.key_id == active) for key in store.public_keys()]


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    identifier: str
    certificate: Certificate | None = None
    state: CertificateState | None = None
    signature_check: str = ""  # a domain.signing.Check value
    replaced_by: str = ""

    @property
    def genuine(self) -> bool:
        return self.verdict not in (
            Verdict.FORGED,
            Verdict.CODE_MISMATCH,
            Verdict.NOT_FOUND,
        )


def _replaced_by(certificate: Certificate, state: CertificateState) -> str:
    newer = certificate.replaced_by
    return newer.identifier if newer and state.status == Status.REPLACED else ""


def _state_check(certificate: Certificate, state: CertificateState) -> Check:
    payload = state_payload(
        identifier=certificate.identifier,
        type_code=certificate.certificate_type.code,
        issuer=certificate.organisation.uscc,
        holder_name=certificate.holder_name,
        holder_id_masked=certificate.holder_id_masked,
        holder_index=certificate.holder_index,
        data=certificate.data,
        valid_from=certificate.valid_from,
        valid_until=certificate.valid_until,
        sequence=state.sequence,
        status=state.status,
        reason=state.reason,
        replaced_by=_replaced_by(certificate, state),
        previous_check=state.previous_check,  # type: ignore[attr-defined]
        at=state.at,
    )
    try:
        signature = Signature.decode(state.signature)
    except SignatureFormatError:
        return Check.MALFORMED
    if check_value(state.signature) != state.check_value:
        return Check.INVALID
    store = key_store_for(state.key_scope)
    return payload_verify(payload, signature, verifier_of=store.verifier)


def _chain(states: list[CertificateState]) -> None:
    """Give each state the check value of the one before it (signed into its payload)."""
    previous = ""
    for state in states:
        state.previous_check = previous  # type: ignore[attr-defined]
        previous = state.check_value


def certificate_verify(
    *, identifier: str, check: str = "", today: dt.date | None = None
) -> Verification:
    """The verdict on ``identifier``; ``check`` is the 2-D code's check value, if any.

    A check value of an earlier state is a printout made before a change: the current
    verdict is given. One that matches no state means the code was made elsewhere."""
    try:
        identifier = str(identifier_parse(identifier))
    except IdentifierError:
        return Verification(verdict=Verdict.NOT_FOUND, identifier=identifier[:100])
    # One statement built once per process (lookup.py): verification is the hot path.
    states = states_with_certificate(identifier)
    if not states:
        known = Certificate.objects.filter(identifier=identifier).first()
        return Verification(
            verdict=Verdict.FORGED if known else Verdict.NOT_FOUND,
            identifier=identifier,
            certificate=known,
        )
    certificate = states[-1].certificate
    _chain(states)
    state = states[-1]
    outcome = _state_check(certificate, state)
    replaced_by = _replaced_by(certificate, state)
    result = verdict(
        genuine=outcome == Check.VALID,
        status=state.status,
        valid_from=certificate.valid_from,
        valid_until=certificate.valid_until,
        today=today or timezone.localdate(),
    )
    if (
        result != Verdict.FORGED
        and check
        and check.strip().upper() not in {s.check_value for s in states}
    ):
        result = Verdict.CODE_MISMATCH
    return Verification(
        verdict=result,
        identifier=identifier,
        certificate=certificate,
        state=state,
        signature_check=outcome.value,
        replaced_by=replaced_by,
    )


def current_check(certificate: Certificate) -> str:
    state = certificate.states.order_by("-sequence").first()
    return state.check_value if state else ""


def wallet_list(*, user: Any) -> QuerySet[Certificate]:
    """The certificates of the applicant behind ``user`` (none for staff)."""
    return Certificate.objects.filter(holder__user=user).select_related(
        "certificate_type", "organisation"
    )


def wallet_get(*, user: Any, uuid: Any) -> Certificate | None:
    return wallet_list(user=user).filter(uuid=uuid).first()


def usable_for(*, holder: Any, type_code: str) -> list[Certificate]:
    """The holder's valid certificates of a type, offered instead of an upload."""
    if holder is None or not type_code:
        return []
    today = timezone.localdate()
    found = Certificate.objects.filter(
        holder=holder, certificate_type__code=type_code.upper(), status=Status.VALID
    ).select_related("certificate_type", "organisation")
    return [
        c
        for c in found
        if c.valid_from <= today and (c.valid_until is None or c.valid_until >= today)
    ]


def type_get(*, code: str) -> CertificateType | None:
    return CertificateType.objects.filter(code=code.strip().upper()).first()


def share_get(*, token: str) -> CertificateShare | None:
    """An open share: not revoked, not expired."""
    return (
        CertificateShare.objects.select_related(
            "certificate__certificate_type", "certificate__organisation"
        )
        .filter(token=token, revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


def shares_of(*, certificate: Certificate) -> QuerySet[CertificateShare]:
    return certificate.shares.prefetch_related("views")


def type_choices() -> list[tuple[str, str]]:
    """(code, "code name") of every type issued now, for the catalogue's pickers."""
    return [
        (t.code, f"{t.code} {t.name}")
        for t in CertificateType.objects.filter(active=True)
    ]
