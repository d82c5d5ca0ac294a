"""The reference provider's certificate source: e-certificates issued by other authorities,
as the national e-certificate sharing service (全国一体化政务服务平台电子证照共享服务)
would hand them out — each a signed record ``{"payload", "signature"}`` in the shape
Tongban signs its own states (``certificates.domain.payload``), so that
``certificates.shared`` verifies it against the issuer's public key the operator installed.

Three made-up issuers, marked as demo:

- 拉萨市不动产登记中心（演示）signs with Ed25519 — its key is installed by ``make run``
  and by the tests;
- 日喀则市不动产登记中心（演示）signs with SM2/SM3 — installed too;
- 某地不动产登记中心（演示，未安装）signs with Ed25519 but its key is never installed:
  its certificates read "unknown issuer key".

The keys are derived from fixed demo seeds so that every start signs the same way and the
public keys can be installed once (``python -m tongban.reference.sharing
--export-issuer-keys DIR``, then ``tongban certificates trust``). Never use such keys for
anything real. The holders are the demo applicant 格桑（演示）and a few test persons, one
per way a certificate can be refused (expired, revoked, another person's, altered after
signing, unknown issuer key). Imports only the pure signing domain of Tongban (no Django):
the payload and signature formats are the protocol.
"""

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import gmalg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tongban.certificates.domain.identifier import identifier_make
from tongban.certificates.domain.payload import state_payload
from tongban.certificates.domain.signing import (
    ED25519,
    SM2,
    SM2_DEFAULT_USER_ID,
    PrivateKey,
    PublicKey,
    Signer,
    payload_sign,
    signer_for,
)

SOURCE = "e_certificate"
TYPE_CODE = "BDCQZ"  # 不动产权证书
PERSON_ID_TYPE = "111"

# (credit code, name, algorithm, key id, installed by make run and the tests)
ISSUERS = (
    ("11540100MB0X00001K", "拉萨市不动产登记中心（演示）", ED25519, "demo-ed25519-2024", True),
    ("11540200MB0X00002F", "日喀则市不动产登记中心（演示）", SM2, "demo-sm2-2024", True),
    ("11540300MB0X00003B", "某地不动产登记中心（演示，未安装）", ED25519, "demo-ed25519-x", False),
)  # fmt: skip
LHASA, XIGAZE, UNTRUSTED = (issuer[0] for issuer in ISSUERS)

# The demo applicant of make run and the tests, and one test person per refusal. The
# identity numbers are valid (GB 11643 check digit) but belong to nobody.
GESANG = ("54010219900101002X", "格桑（演示）")
HOLDERS = {
    "valid": GESANG,
    "sm2": ("540102199001010089", "卓玛（演示）"),
    "expired": ("54010219900101010X", "次仁（演示）"),
    "revoked": ("540102199001010126", "达瓦（演示）"),
    "another": ("540102199001010142", "扎西（演示）"),
    "altered": ("540102199001010169", "央金（演示）"),
    "unknown_issuer": ("540102199001010185", "普布（演示）"),
}
# The person the misfiled certificate of ``another`` names.
STRANGER = ("540102198505050012", "旺堆（演示）")


def _secret(label: str) -> bytes:
    return hashlib.sha256(f"tongban-demo-issuer:{label}".encode()).digest()


def _signer(algorithm: str, key_id: str) -> Signer:
    secret = _secret(key_id)
    if algorithm == ED25519:
        key = Ed25519PrivateKey.from_private_bytes(secret)
        private = PrivateKey(key_id, ED25519, key.private_bytes_raw())
        return signer_for(private, _ed25519_public(key, key_id))
    point = gmalg.SM2().generate_pk(secret)
    return signer_for(
        PrivateKey(key_id, SM2, secret),
        PublicKey(key_id, SM2, point, SM2_DEFAULT_USER_ID),
    )


def _ed25519_public(key: Ed25519PrivateKey, key_id: str) -> PublicKey:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return PublicKey(key_id, ED25519, raw)


def _mask(number: str) -> str:
    # The masking of ``core.domain.masking``: the first four and last four kept.
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def _record(
    signer: Signer,
    *,
    issuer: str,
    serial: int,
    holder: tuple[str, str],
    address: str,
    valid_until: dt.date | None = None,
    status: str = "valid",
    reason: str = "",
) -> dict[str, Any]:
    issued = dt.date(2024, 5, 20)
    payload = state_payload(
        identifier=identifier_make(type_code=TYPE_CODE, issuer=issuer, serial=serial),
        type_code=TYPE_CODE,
        issuer=issuer,
        holder_name=holder[1],
        holder_id_masked=_mask(holder[0]),
        holder_index="",
        data={
            "certificate_number": f"藏（2024）不动产权第{serial:07d}号（演示）",
            "property_address": address,
            "floor_area": "86.5",
        },
        valid_from=issued,
        valid_until=valid_until,
        sequence=1 if status == "valid" else 2,
        status=status,
        reason=reason,
        replaced_by="",
        previous_check="",
        at=dt.datetime(2024, 5, 20, 2, tzinfo=dt.UTC),
    )
    return {
        "payload": payload,
        "signature": payload_sign(payload, signer=signer).encode(),
    }


def certificate_records() -> dict[tuple[str, str, str], dict[str, Any]]:
    """The source's records for the provider: (source, id type, id number) → record,
    whose one field is the certificate type code with the holder's certificates."""
    lhasa = _signer(ED25519, ISSUERS[0][3])
    xigaze = _signer(SM2, ISSUERS[1][3])
    untrusted = _signer(ED25519, ISSUERS[2][3])
    street = "拉萨市城关区江苏路2号3单元101（演示）"
    altered = _record(
        lhasa, issuer=LHASA, serial=6, holder=HOLDERS["altered"], address=street
    )
    altered["payload"]["data"]["floor_area"] = "186.5"  # changed after signing
    made = {
        "valid": _record(lhasa, issuer=LHASA, serial=1, holder=GESANG, address=street),
        "sm2": _record(xigaze, issuer=XIGAZE, serial=2, holder=HOLDERS["sm2"], address="日喀则市桑珠孜区上海中路5号（演示）"),
        "expired": _record(lhasa, issuer=LHASA, serial=3, holder=HOLDERS["expired"], address=street, valid_until=dt.date(2025, 12, 31)),
        "revoked": _record(lhasa, issuer=LHASA, serial=4, holder=HOLDERS["revoked"], address=street, status="revoked", reason="登记错误，依法撤销（演示）"),
        "another": _record(lhasa, issuer=LHASA, serial=5, holder=STRANGER, address=street),
        "altered": altered,
        "unknown_issuer": _record(untrusted, issuer=UNTRUSTED, serial=7, holder=HOLDERS["unknown_issuer"], address=street),
    }  # fmt: skip
    return {
        (SOURCE, PERSON_ID_TYPE, HOLDERS[name][0]): {TYPE_CODE: [record]}
        for name, record in made.items()
    }


def issuer_keys_export(directory: Path, *, all_issuers: bool = False) -> list[Path]:
    """Write the public key files of the trusted demo issuers (``all_issuers``: the
    untrusted one too) as ``<credit code>/<key id>.public.json``, the file the operator
    installs with ``tongban certificates trust``. No private key is written."""
    written = []
    for code, _name, algorithm, key_id, trusted in ISSUERS:
        if not (trusted or all_issuers):
            continue
        public = _signer(algorithm, key_id).public_key
        target = Path(directory) / code / f"{key_id}.public.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "key_id": key_id,
            "algorithm": algorithm,
            "public_key": public.data.hex(),
            "user_id": public.user_id.decode("ascii"),
            "created_at": "2024-05-01T00:00:00+00:00",
        }
        target.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        written.append(target)
    return written
