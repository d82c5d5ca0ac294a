"""Certificates that came from a shared source, not issued by Tongban, are verified
against the public keys the operator trusts for their issuer: genuine and valid, altered,
from an issuer nobody trusts, revoked, expired, another person's — Ed25519 and SM2."""

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from tongban.certificates.domain.identifier import identifier_make
from tongban.certificates.domain.payload import state_payload
from tongban.certificates.domain.signing import payload_sign
from tongban.certificates.keys import FileKeyStore
from tongban.certificates.shared import shared_certificate_verify

ISSUER = "11540200MB0Q111101"  # another region's issuing body
TODAY = dt.date(2026, 12, 1)
HOLDER = ("格桑", "5401**********002X")


@pytest.fixture
def trusted(tmp_path: Path, settings: Any) -> Path:
    settings.CERTIFICATE_TRUSTED_KEY_DIR = tmp_path / "trusted"
    return tmp_path / "trusted"


def _issuer_key(tmp_path: Path, trusted: Path, algorithm: str) -> Any:
    """The issuer signs at home; only its public key file is installed here."""
    home = FileKeyStore(tmp_path / "issuer-home")
    public = home.generate(algorithm=algorithm)
    home.activate(public.key_id)
    (trusted / ISSUER).mkdir(parents=True, exist_ok=True)
    name = f"{public.key_id}.public.json"
    shutil.copy(home.directory / name, trusted / ISSUER / name)
    return home.signer()


def _record(signer: Any, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "identifier": identifier_make(type_code="CJRZ", issuer=ISSUER, serial=7),
        "type_code": "CJRZ",
        "issuer": ISSUER,
        "holder_name": HOLDER[0],
        "holder_id_masked": HOLDER[1],
        "holder_index": "",
        "data": {"category": "肢体", "grade": "三级"},
        "valid_from": dt.date(2026, 1, 5),
        "valid_until": dt.date(2031, 1, 4),
        "sequence": 1,
        "status": "valid",
        "reason": "",
        "replaced_by": "",
        "previous_check": "",
        "at": dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC),
    }
    fields.update(changes)
    payload = state_payload(**fields)
    return {
        "payload": payload,
        "signature": payload_sign(payload, signer=signer).encode(),
    }


def _verify(record: dict[str, Any], holder: tuple[str, str] = HOLDER) -> Any:
    return shared_certificate_verify(
        record=record, holder_name=holder[0], holder_id_masked=holder[1], today=TODAY
    )


@pytest.mark.parametrize("algorithm", ["ed25519", "sm2"])
def test_a_record_signed_by_a_trusted_issuer_is_genuine_and_usable(
    tmp_path, trusted, algorithm
) -> None:  # type: ignore[no-untyped-def]
    checked = _verify(_record(_issuer_key(tmp_path, trusted, algorithm)))
    assert (checked.verdict, checked.signature_check) == ("valid", "valid")
    assert checked.usable


def test_an_altered_record_is_not_genuine(tmp_path, trusted) -> None:  # type: ignore[no-untyped-def]
    record = _record(_issuer_key(tmp_path, trusted, "ed25519"))
    record["payload"]["data"]["grade"] = "一级"
    checked = _verify(record)
    assert (checked.verdict, checked.signature_check) == ("forged", "invalid")
    assert not checked.usable


def test_a_record_of_an_issuer_nobody_trusts_is_not_genuine(tmp_path, trusted) -> None:  # type: ignore[no-untyped-def]
    record = _record(_issuer_key(tmp_path, trusted, "ed25519"))
    shutil.rmtree(trusted / ISSUER)
    checked = _verify(record)
    assert (checked.verdict, checked.signature_check) == ("forged", "unknown_key")


def test_a_revoked_record_is_reported_revoked(tmp_path, trusted) -> None:  # type: ignore[no-untyped-def]
    signer = _issuer_key(tmp_path, trusted, "ed25519")
    checked = _verify(_record(signer, sequence=2, status="revoked", reason="吊销"))
    assert checked.verdict == "revoked"
    assert not checked.usable


def test_an_expired_record_is_reported_expired(tmp_path, trusted) -> None:  # type: ignore[no-untyped-def]
    signer = _issuer_key(tmp_path, trusted, "ed25519")
    checked = _verify(_record(signer, valid_until=dt.date(2026, 11, 30)))
    assert checked.verdict == "expired"


def test_another_persons_record_is_genuine_but_not_usable(tmp_path, trusted) -> None:  # type: ignore[no-untyped-def]
    checked = _verify(
        _record(_issuer_key(tmp_path, trusted, "ed25519")),
        holder=("次仁", "5401**********0013"),
    )
    assert checked.verdict == "valid"
    assert not checked.holder_matches
    assert not checked.usable


@pytest.mark.parametrize(
    "record",
    [{}, {"payload": "x"}, {"payload": {"identifier": "1.2"}, "signature": "zz"}],
)
def test_a_malformed_record_is_not_genuine(trusted, record) -> None:  # type: ignore[no-untyped-def]
    assert _verify(record).verdict == "forged"
