"""What the provider's claims vouch for (accounts/domain/realname.py), one row per case."""

import pytest

from tongban.accounts.domain.assurance import Assurance
from tongban.accounts.domain.realname import (
    ClaimsRefused,
    assurance_from_acr,
    identity_from_claims,
)

LEVELS = {"urn:p:1": 1, "urn:p:3": 3, "urn:p:bad": 9}
PERSON = {
    "sub": "s1",
    "acr": "urn:p:3",
    "name": "次仁",
    "id_type": "111",
    "id_number": "54010219850315001X",
}


@pytest.mark.parametrize(
    ("acr", "level"),
    [
        ("urn:p:1", Assurance.L1_BASIC),  # configured value
        ("urn:p:3", Assurance.L3_FACE),  # configured value
        ("urn:p:2", None),  # not configured: vouches for nothing
        ("urn:p:bad", None),  # configured to a level Tongban does not have
        (None, None),  # no acr claim
        (3, None),  # not a string
    ],
)
def test_the_acr_maps_only_through_the_configuration(
    acr: object, level: object
) -> None:
    assert assurance_from_acr(acr, LEVELS) == level


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"sub": ""}, "no_subject"),  # no stable subject to link to
        ({"acr": "urn:p:2"}, "unknown_level"),  # level not configured
        ({"id_type": "999"}, "no_identity_document"),  # not a person's document type
        ({"id_number": None}, "no_identity_document"),  # realname scope not granted
        ({"user_type": "legal_person"}, "no_organisation"),  # legal person without USCC
    ],
)
def test_claims_that_vouch_for_nothing_are_refused(change: dict, code: str) -> None:
    with pytest.raises(ClaimsRefused) as refused:
        identity_from_claims({**PERSON, **change}, LEVELS)
    assert refused.value.code == code


def test_a_phone_counts_only_when_the_provider_verified_it() -> None:
    unverified = identity_from_claims({**PERSON, "phone_number": "138"}, LEVELS)
    verified = identity_from_claims(
        {**PERSON, "phone_number": "138", "phone_number_verified": True}, LEVELS
    )
    assert (unverified.phone, verified.phone) == ("", "138")


def test_a_legal_person_is_the_organisation_by_its_credit_code() -> None:
    identity = identity_from_claims(
        {
            **PERSON,
            "user_type": "legal_person",
            "uscc": "91540100MA6T000006",
            "org_name": "公司",
            "legal_representative": "次仁",
        },
        LEVELS,
    )
    assert (identity.applicant_type, identity.id_type, identity.name) == (
        "organisation",
        "001",
        "公司",
    )
