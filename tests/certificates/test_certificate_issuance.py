"""Issuance and the changes of state: every state signed by the issuer's key, audited;
typed data; only an issuing organisation issues; rotation keeps old signatures valid."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.certificates.conftest import DATA
from tongban.certificates import keys, selectors, services
from tongban.certificates.domain.signing import SM2, Signature
from tongban.certificates.models import Certificate
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db


def test_an_issued_certificate_is_valid_and_signed_by_its_issuers_key(
    issue, orgs
) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    state = certificate.states.get()
    signature = Signature.decode(state.signature)
    issuer_keys = keys.key_store_for(orgs["lhasa"].uscc)
    assert signature.key_id == issuer_keys.active_key_id()
    assert (
        selectors.certificate_verify(identifier=certificate.identifier).verdict
        == "valid"
    )
    assert AuditEvent.objects.filter(action="certificates.issue").count() == 1


def test_validity_follows_the_types_rule(issue) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    assert certificate.valid_until == certificate.valid_from.replace(
        year=certificate.valid_from.year + 5
    ) - dt.timedelta(days=1)


def test_serials_count_per_type_and_issuer(issue) -> None:  # type: ignore[no-untyped-def]
    first, second = issue(), issue()
    assert (first.serial, second.serial) == (1, 2)
    assert first.identifier != second.identifier


def test_an_organisation_that_does_not_issue_the_type_is_refused(issue, orgs) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        issue(organisation=orgs["xigaze"])
    assert refused.value.error_dict["organisation"][0].code == "not_an_issuer"


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("capital", "a lot", "invalid_number"),
        ("capital", "NaN", "invalid_number"),
        ("founded", "2026-13-01", "invalid_date"),
        ("company_name", "  ", "required"),
    ],
)
def test_data_fields_are_typed(issue, key, value, code) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        issue(data={**DATA, key: value})
    assert refused.value.error_dict[f"data.{key}"][0].code == code
    assert not Certificate.objects.exists()


@pytest.mark.parametrize(
    ("change", "verdict"),
    [
        (services.certificate_annul, "annulled"),
        (services.certificate_revoke, "revoked"),
    ],
)
def test_annulment_and_revocation_are_new_signed_states(
    issue, staff_officer, change, verdict
) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    change(certificate=certificate, reason="经营者申请注销", actor=staff_officer)
    states = list(certificate.states.order_by("sequence"))
    assert [s.status for s in states] == ["valid", verdict]
    assert states[1].reason == "经营者申请注销"
    assert states[1].signature != states[0].signature
    checked = selectors.certificate_verify(identifier=certificate.identifier)
    assert (checked.verdict, checked.signature_check) == (verdict, "valid")
    assert AuditEvent.objects.filter(action=f"certificates.{verdict}").count() == 1


def test_a_change_needs_a_reason(issue, staff_officer) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.certificate_revoke(
            certificate=issue(), reason=" ", actor=staff_officer
        )


def test_only_staff_of_the_issuer_change_a_certificate(issue, holder) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.certificate_revoke(
            certificate=issue(), reason="无权", actor=holder.user
        )


def test_a_replacement_is_a_new_certificate_and_the_old_one_points_to_it(
    issue, staff_officer
) -> None:  # type: ignore[no-untyped-def]
    old = issue()
    new = services.certificate_replace(
        certificate=old,
        reason="名称变更",
        actor=staff_officer,
        data={"company_name": "拉萨雪域商贸集团有限公司"},
    )
    assert new.identifier != old.identifier
    assert new.data["company_name"] == "拉萨雪域商贸集团有限公司"
    checked = selectors.certificate_verify(identifier=old.identifier)
    assert (checked.verdict, checked.replaced_by) == ("replaced", new.identifier)
    assert selectors.certificate_verify(identifier=new.identifier).verdict == "valid"


def test_a_changed_certificate_cannot_change_again(issue, staff_officer) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    services.certificate_revoke(
        certificate=certificate, reason="违法", actor=staff_officer
    )
    with pytest.raises(ValidationError):
        services.certificate_annul(
            certificate=certificate, reason="再次", actor=staff_officer
        )


def test_after_key_rotation_old_certificates_still_verify(issue, orgs) -> None:  # type: ignore[no-untyped-def]
    before = issue()
    services.signing_key_rotate(
        algorithm=SM2, actor=SYSTEM, organisation=orgs["lhasa"].uscc
    )
    after = issue()
    assert Signature.decode(after.states.get().signature).algorithm == SM2
    assert Signature.decode(before.states.get().signature).algorithm == "ed25519"
    for certificate in (before, after):
        checked = selectors.certificate_verify(identifier=certificate.identifier)
        assert checked.verdict == "valid"


def test_states_are_chained_by_the_previous_check_value(issue, staff_officer) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    services.certificate_revoke(
        certificate=certificate, reason="违法", actor=staff_officer
    )
    first = certificate.states.get(sequence=1)
    first.check_value = (
        "AAAAAAAAAAAAAAAA"  # the issuance state replaced behind our back
    )
    first.save()
    checked = selectors.certificate_verify(identifier=certificate.identifier)
    assert checked.verdict == "forged"
