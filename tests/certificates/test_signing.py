"""Signatures through Tongban's interface: Ed25519 vectors, round trips, tampering, and
SM2 cross-checked against a second implementation (``snowland-smx``) both ways."""

import secrets

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pysmx.SM2 import Sign as smx_sign
from pysmx.SM2 import Verify as smx_verify
from pysmx.SM2 import get_za as smx_za

from tongban.certificates.domain.canonical import canonical_bytes
from tongban.certificates.domain.signing import (
    ED25519,
    SM2,
    Check,
    Ed25519Signer,
    Ed25519Verifier,
    PrivateKey,
    PublicKey,
    Signature,
    SignatureFormatError,
    Signer,
    Verifier,
    key_pair_generate,
    payload_sign,
    payload_verify,
    signer_for,
    verifier_for,
)

from .vectors import ED25519_EXAMPLES, RECOMMENDED

PAYLOAD = {
    "type": "营业执照",
    "holder": {"name": "次仁卓玛", "name_bo": "ཚེ་རིང་སྒྲོལ་མ།"},
    "valid_until": "2031-12-31",
    "number": 540100,
}


def _pair(algorithm: str, key_id: str = "k1") -> tuple[Signer, Verifier]:
    private, public = key_pair_generate(algorithm=algorithm, key_id=key_id)
    return signer_for(private, public), verifier_for(public)


# Key pairs are slow to make in pure-Python SM2: one per algorithm for the module.
PAIRS = {algorithm: _pair(algorithm) for algorithm in (ED25519, SM2)}
both = pytest.mark.parametrize("algorithm", [ED25519, SM2])
# The order n of the SM2 recommended curve (GM/T 0003.5), for the second library's nonce.
N_SM2 = int("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123", 16)
_sm2_private, _sm2_public = key_pair_generate(algorithm=SM2, key_id="smx")
PRIVATE_SM2 = (_sm2_private.data, _sm2_public)


@pytest.mark.parametrize(("secret", "public", "message", "expected"), ED25519_EXAMPLES)
def test_ed25519_matches_rfc_8032(
    secret: bytes, public: bytes, message: bytes, expected: bytes
) -> None:
    signer = Ed25519Signer(PrivateKey("rfc", ED25519, secret))

    assert signer.public_key.data == public
    assert signer.sign(message).value == expected
    assert Ed25519Verifier(PublicKey("rfc", ED25519, public)).verify(message, expected)


@both
def test_a_signed_payload_verifies_with_its_key(algorithm: str) -> None:
    signer, verifier = PAIRS[algorithm]

    signature = payload_sign(PAYLOAD, signer=signer)

    assert (signature.algorithm, signature.key_id) == (algorithm, "k1")
    assert payload_verify(PAYLOAD, signature, verifier_of={"k1": verifier}.get) is (
        Check.VALID
    )


@both
def test_a_changed_payload_is_rejected(algorithm: str) -> None:
    signer, verifier = PAIRS[algorithm]
    signature = payload_sign(PAYLOAD, signer=signer)
    changed = {**PAYLOAD, "valid_until": "2091-12-31"}

    assert payload_verify(changed, signature, verifier_of={"k1": verifier}.get) is (
        Check.INVALID
    )


@both
def test_a_changed_signature_is_rejected(algorithm: str) -> None:
    signer, verifier = PAIRS[algorithm]
    value = bytearray(payload_sign(PAYLOAD, signer=signer).value)
    value[5] ^= 0x01
    forged = Signature(algorithm, "k1", bytes(value))

    assert payload_verify(PAYLOAD, forged, verifier_of={"k1": verifier}.get) is (
        Check.INVALID
    )


@both
def test_a_truncated_signature_is_rejected(algorithm: str) -> None:
    signer, verifier = PAIRS[algorithm]
    value = payload_sign(PAYLOAD, signer=signer).value[:-1]

    assert not verifier.verify(b"x", value)
    assert not verifier.verify(b"x", b"")


def test_a_signature_naming_an_unknown_key_id_is_rejected() -> None:
    signer, verifier = PAIRS[ED25519]
    signature = payload_sign(PAYLOAD, signer=signer)
    elsewhere = Signature(ED25519, "k2", signature.value)

    assert payload_verify(PAYLOAD, elsewhere, verifier_of={"k1": verifier}.get) is (
        Check.UNKNOWN_KEY
    )


def test_a_signature_verified_with_another_key_of_the_same_kind_is_rejected() -> None:
    signer, _verifier = PAIRS[ED25519]
    _other_signer, other = _pair(ED25519, key_id="k1")
    signature = payload_sign(PAYLOAD, signer=signer)

    assert payload_verify(PAYLOAD, signature, verifier_of={"k1": other}.get) is (
        Check.INVALID
    )


def test_a_signature_claiming_another_algorithm_than_its_key_is_rejected() -> None:
    signer, verifier = PAIRS[ED25519]
    signature = payload_sign(PAYLOAD, signer=signer)
    relabelled = Signature(SM2, "k1", signature.value)

    assert payload_verify(PAYLOAD, relabelled, verifier_of={"k1": verifier}.get) is (
        Check.ALGORITHM_MISMATCH
    )


def test_a_payload_that_cannot_be_canonicalised_is_malformed() -> None:
    signer, verifier = PAIRS[ED25519]
    signature = payload_sign(PAYLOAD, signer=signer)

    result = payload_verify(
        {"amount": 2**60}, signature, verifier_of={"k1": verifier}.get
    )

    assert result is Check.MALFORMED


@both
def test_signature_text_round_trips(algorithm: str) -> None:
    signature = payload_sign(PAYLOAD, signer=PAIRS[algorithm][0])

    assert Signature.decode(signature.encode()) == signature


@pytest.mark.parametrize(
    "text",
    [
        "",
        "ed25519.k1",
        "rsa.k1.AAAA",  # not an algorithm of ours
        "ed25519.../etc.AAAA",  # a key id that would leave the key directory
        "ed25519.a/b.AAAA",  # nor may it name a subdirectory
        "ed25519.k1.A",  # not base64
    ],
)
def test_unreadable_signature_text_is_refused(text: str) -> None:
    with pytest.raises(SignatureFormatError):
        Signature.decode(text)


def test_private_key_material_is_not_in_repr() -> None:
    private, public = key_pair_generate(algorithm=ED25519, key_id="k1")
    signer = signer_for(private, public)

    for text in (repr(private), repr(signer)):
        assert private.data.hex() not in text
        assert repr(private.data)[2:-1] not in text
        assert "k1" in text


def test_a_private_key_with_a_foreign_public_key_is_refused() -> None:
    private, _public = key_pair_generate(algorithm=SM2, key_id="k1")
    _other, public = key_pair_generate(algorithm=SM2, key_id="k1")

    with pytest.raises(SignatureFormatError):
        signer_for(private, public)


# --- SM2 against a second implementation ----------------------------------------------


def test_z_a_of_the_published_example_agrees_with_the_second_implementation() -> None:
    za = smx_za(RECOMMENDED["user_id"], RECOMMENDED["public"][1:])

    assert bytes.fromhex(za) == RECOMMENDED["z_a"]


@settings(max_examples=8, deadline=None)
@given(message=st.binary(max_size=300))
def test_tongban_sm2_signatures_verify_in_the_second_implementation(
    message: bytes,
) -> None:
    signer, _verifier = PAIRS[SM2]
    value = signer.sign(message).value

    public = signer.public_key
    assert smx_verify(value, message, public.data[1:], 64, uid=public.user_id) is True


@settings(max_examples=8, deadline=None)
@given(message=st.binary(max_size=300))
def test_second_implementation_sm2_signatures_verify_in_tongban(message: bytes) -> None:
    secret, point = PRIVATE_SM2
    k = "%064x" % (secrets.randbelow(N_SM2 - 1) + 1)
    value = smx_sign(message, secret.hex(), k, 64, uid=RECOMMENDED["user_id"])

    assert verifier_for(point).verify(message, value)


def test_second_implementation_signature_of_a_payload_verifies_in_tongban() -> None:
    secret, point = PRIVATE_SM2
    k = "%064x" % (secrets.randbelow(N_SM2 - 1) + 1)
    value = smx_sign(
        canonical_bytes(PAYLOAD), secret.hex(), k, 64, uid=b"1234567812345678"
    )
    signature = Signature(SM2, point.key_id, value)

    check = payload_verify(
        PAYLOAD, signature, verifier_of={point.key_id: verifier_for(point)}.get
    )

    assert check is Check.VALID


def test_sm2_signs_with_the_user_id_of_its_key() -> None:
    private, public = key_pair_generate(algorithm=SM2, key_id="alice")
    alice = PublicKey("alice", SM2, public.data, b"ALICE123@YAHOO.COM")
    value = signer_for(private, alice).sign(b"message digest").value

    assert smx_verify(value, b"message digest", alice.data[1:], 64, uid=alice.user_id)
    assert not verifier_for(public).verify(b"message digest", value)


@given(message=st.binary(max_size=200), bit=st.integers(min_value=0, max_value=511))
def test_any_flipped_bit_of_an_ed25519_signature_is_rejected(
    message: bytes, bit: int
) -> None:
    signer, verifier = PAIRS[ED25519]
    value = bytearray(signer.sign(message).value)
    value[bit // 8] ^= 1 << (bit % 8)

    assert not verifier.verify(message, bytes(value))


@given(field=st.sampled_from(sorted(PAYLOAD)), text=st.text(min_size=1, max_size=20))
def test_any_changed_field_of_a_signed_payload_is_rejected(
    field: str, text: str
) -> None:
    signer, verifier = PAIRS[ED25519]
    signature = payload_sign(PAYLOAD, signer=signer)
    changed = {**PAYLOAD, field: text}

    check = payload_verify(changed, signature, verifier_of={"k1": verifier}.get)

    assert check is Check.INVALID or canonical_bytes(changed) == canonical_bytes(
        PAYLOAD
    )


@pytest.mark.parametrize(
    "value",
    [
        bytes(64),  # r = s = 0
        N_SM2.to_bytes(32, "big") + RECOMMENDED["s"],  # r = n, outside [1, n-1]
        RECOMMENDED["r"] + N_SM2.to_bytes(32, "big"),  # s = n
    ],
)
def test_sm2_values_outside_the_signature_range_are_rejected(value: bytes) -> None:
    public = PublicKey("gmt", SM2, RECOMMENDED["public"], RECOMMENDED["user_id"])

    assert not verifier_for(public).verify(RECOMMENDED["message"], value)
