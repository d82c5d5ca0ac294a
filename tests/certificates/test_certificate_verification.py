"""Public verification, by page and API, without login: genuine / valid / revoked /
replaced / expired; the holder masked; an edited payload, a forged signature, an unknown
key and a 2-D code from elsewhere are each reported as not genuine."""

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from tongban.certificates import presentation, selectors, services
from tongban.certificates.domain.payload import check_value
from tongban.certificates.domain.signing import Signature
from tongban.certificates.models import Certificate

pytestmark = pytest.mark.django_db


def _api(identifier: str, check: str = "") -> dict:  # type: ignore[type-arg]
    response = APIClient().get(
        "/api/v1/public/certificates/verify",
        {"identifier": identifier, **({"check": check} if check else {})},
    )
    assert response.status_code == 200, response.content
    return response.json()


def _page(identifier: str, check: str = "", language: str = "zh-hans") -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/certificates/verify/", {"id": identifier, "c": check})
    assert response.status_code == 200
    return response.content.decode()


def _verdicts(certificate: Certificate) -> tuple[str, str]:
    """The verdict the API gives and the one the page shows."""
    api = _api(certificate.identifier)["verdict"]
    page = _page(certificate.identifier)
    shown = page.split('data-verdict="', 1)[1].split('"', 1)[0]
    return api, shown


def test_a_genuine_valid_certificate_is_reported_valid_with_the_holder_masked(
    issue,
) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    answer = _api(certificate.identifier, selectors.current_check(certificate))
    assert (answer["verdict"], answer["genuine"]) == ("valid", True)
    assert answer["holder"] == "格*"
    assert answer["holder_id_masked"] == "5401**********002X"
    page = _page(certificate.identifier)
    assert "格桑" not in page
    assert "54010219900101002X" not in page
    assert "格*" in page
    assert "拉萨雪域商贸有限公司" in page


def test_the_page_speaks_tibetan(issue) -> None:  # type: ignore[no-untyped-def]
    page = _page(issue().identifier, language="bo")
    assert "ཚོང་ལས་ལག་ཁྱེར།" in page  # the type's Tibetan name


def test_a_revoked_certificate_is_reported_revoked(issue, staff_officer) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    services.certificate_revoke(
        certificate=certificate, reason="违法经营", actor=staff_officer
    )
    assert _verdicts(certificate) == ("revoked", "revoked")
    assert _api(certificate.identifier)["status_reason"] == "违法经营"


def test_a_replaced_certificate_names_its_successor(issue, staff_officer) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    new = services.certificate_replace(
        certificate=certificate, reason="换发", actor=staff_officer
    )
    assert _verdicts(certificate) == ("replaced", "replaced")
    assert _api(certificate.identifier)["replaced_by"] == new.identifier


def test_an_expired_certificate_is_reported_expired(issue, time_machine) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    time_machine.move_to(f"{certificate.valid_until.year + 1}-01-01 10:00:00+08:00")
    assert _verdicts(certificate) == ("expired", "expired")


def test_an_edited_payload_is_reported_not_genuine(issue) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    Certificate.objects.filter(pk=certificate.pk).update(
        data={**certificate.data, "capital": "100000"}
    )
    assert _verdicts(certificate) == ("forged", "forged")
    answer = _api(certificate.identifier)
    assert answer["signature_check"] == "invalid"
    assert answer["data"] == []  # nothing of the altered record is vouched for


def test_an_edited_validity_is_reported_not_genuine(issue) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=None)
    assert _verdicts(certificate) == ("forged", "forged")


def test_a_forged_signature_is_reported_not_genuine(issue) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    state = certificate.states.get()
    real = Signature.decode(state.signature)
    forged = Signature(real.algorithm, real.key_id, bytes(64)).encode()
    state.signature, state.check_value = forged, check_value(forged)
    state.save()
    assert _verdicts(certificate) == ("forged", "forged")


def test_a_signature_by_an_unknown_key_is_reported_not_genuine(issue) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    state = certificate.states.get()
    real = Signature.decode(state.signature)
    forged = Signature(real.algorithm, "ed25519-forger", real.value).encode()
    state.signature, state.check_value = forged, check_value(forged)
    state.save()
    assert _api(certificate.identifier)["signature_check"] == "unknown_key"
    assert _verdicts(certificate) == ("forged", "forged")


def test_a_2d_code_with_another_check_value_is_reported(issue) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    assert (
        _api(certificate.identifier, "ABCDEFGHIJKLMNOP")["verdict"] == "code_mismatch"
    )
    assert 'data-verdict="code_mismatch"' in _page(
        certificate.identifier, "ABCDEFGHIJKLMNOP"
    )


def test_a_printout_made_before_a_revocation_shows_the_revocation(
    issue, staff_officer
) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    printed = selectors.current_check(certificate)
    services.certificate_revoke(
        certificate=certificate, reason="违法", actor=staff_officer
    )
    assert _api(certificate.identifier, printed)["verdict"] == "revoked"


def test_the_2d_code_carries_the_identifier_and_the_check_value(issue) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    url = presentation.verify_url(certificate, selectors.current_check(certificate))
    assert certificate.identifier in url
    assert f"c={selectors.current_check(certificate)}" in url


@pytest.mark.parametrize(
    "identifier", ["", "nonsense", "1.2.156.3005.2.X." + "A" * 300]
)
def test_bad_identifiers_get_an_answer_not_an_error(identifier: str) -> None:
    response = APIClient().get(
        "/api/v1/public/certificates/verify", {"identifier": identifier}
    )
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["verdict"] == "not_found"
    page = Client().get("/certificates/verify/", {"id": identifier})
    assert page.status_code in (200, 400)


def test_an_unknown_identifier_is_not_found(issue) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    other = certificate.identifier.replace(".0000000001.", ".0000000002.")
    other = other[:-1] + "X"  # any check character: the parser refuses or no row
    assert _api(other)["verdict"] == "not_found"
