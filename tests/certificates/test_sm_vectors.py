"""SM3 and SM2 against the worked examples of the standards (GB/T 32905, GB/T 32918).

The recommended-curve example runs through Tongban's own ``Sm2Signer``/``Sm2Verifier``
with the published k fixed, so it checks the Z_A preprocessing and the r ‖ s encoding
too; the test-curve example of the IETF draft checks the library's algorithm on other
curve parameters (that curve is not ours, so it goes through ``gmalg``'s core directly).
"""

import pytest
from gmalg import ellipticcurve
from gmalg.sm2 import SM2Core
from gmalg.sm3 import SM3

from tongban.certificates.domain.signing import (
    SM2,
    PrivateKey,
    PublicKey,
    Sm2Signer,
    Sm2Verifier,
    sm3_digest,
    verifier_for,
)

from .vectors import RECOMMENDED, SM3_EXAMPLES, TEST_CURVE


@pytest.mark.parametrize(("message", "digest"), SM3_EXAMPLES)
def test_sm3_matches_the_gb_t_32905_examples(message: bytes, digest: str) -> None:
    assert sm3_digest(message).hex() == digest.replace(" ", "")


def _recommended_keys() -> tuple[PrivateKey, PublicKey]:
    v = RECOMMENDED
    public = PublicKey("gmt-example", SM2, v["public"], v["user_id"])
    return PrivateKey("gmt-example", SM2, v["d"]), public


def test_sm2_signature_with_the_published_k_is_the_published_r_s() -> None:
    private, public = _recommended_keys()
    k = int.from_bytes(RECOMMENDED["k"], "big")
    signer = Sm2Signer(private, public, nonce_source=lambda _bits: k)

    signature = signer.sign(RECOMMENDED["message"])

    assert signature.value == RECOMMENDED["r"] + RECOMMENDED["s"]
    assert (signature.algorithm, signature.key_id) == ("sm2", "gmt-example")


def test_sm2_published_signature_verifies_with_the_published_public_key() -> None:
    _private, public = _recommended_keys()
    value = RECOMMENDED["r"] + RECOMMENDED["s"]

    assert Sm2Verifier(public).verify(RECOMMENDED["message"], value)
    assert not Sm2Verifier(public).verify(b"message digesT", value)


def test_sm2_published_signature_fails_under_another_user_id() -> None:
    # Z_A binds the ID: the same r ‖ s is no signature for "ALICE123@YAHOO.COM".
    _private, public = _recommended_keys()
    other = PublicKey(public.key_id, SM2, public.data, b"ALICE123@YAHOO.COM")

    assert not verifier_for(other).verify(
        RECOMMENDED["message"], RECOMMENDED["r"] + RECOMMENDED["s"]
    )


def test_sm2_test_curve_example_of_the_ietf_draft() -> None:
    v = {name: int.from_bytes(value, "big") for name, value in TEST_CURVE.items()}
    curve = ellipticcurve.ECDLP(v["p"], v["a"], v["b"], (v["x_g"], v["y_g"]), v["n"])
    core = SM2Core(curve, SM3(), lambda _bits: v["k"])

    public = core.generate_pk(v["d"])
    r, s = core.sign(TEST_CURVE["message"], v["d"], TEST_CURVE["user_id"], public)

    assert public == (v["x_a"], v["y_a"])
    assert core.entity_info(TEST_CURVE["user_id"], public) == TEST_CURVE["z_a"]
    assert (r, s) == (v["r"], v["s"])
    assert core.verify(TEST_CURVE["message"], r, s, TEST_CURVE["user_id"], public)
