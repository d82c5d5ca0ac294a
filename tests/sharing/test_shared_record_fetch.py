"""``shared_record_fetch`` over real HTTP to the reference provider: every access states a
purpose and leaves an access-log row, answered or not; an access without a purpose is
refused before any source is asked; a source that is down is an answer (unavailable),
and after it keeps failing the circuit opens."""

import json

import pytest
from django.core.exceptions import ValidationError

from tests.builders import applicant_with_account
from tongban.core import crypto
from tongban.core.permissions import SYSTEM
from tongban.sharing import selectors
from tongban.sharing.adapters import Subject
from tongban.sharing.domain.purpose import Purpose
from tongban.sharing.models import AccessLog
from tongban.sharing.services import consent_record, shared_record_fetch

pytestmark = pytest.mark.django_db

GESANG = Subject("person", "111", "54010219900101002X")
CASE = Purpose("case", "540100-TEST-0001")


def test_an_answered_access_is_logged_with_its_purpose_fields_and_subject(
    sharing_provider,
) -> None:  # type: ignore[no-untyped-def]
    result = shared_record_fetch(
        source_code="population", subject=GESANG, purpose=CASE, actor=SYSTEM
    )
    assert result.answered
    assert result.values["name"] == "格桑（演示）"
    row = AccessLog.objects.get()
    assert (row.source, row.purpose_kind, row.purpose) == (
        "population",
        "case",
        "540100-TEST-0001",
    )
    assert row.fields == ["name", "gender", "ethnicity", "birth_date", "address"]
    assert row.outcome == "answered"
    assert row.reference.startswith("REF-")
    assert row.actor_repr == "system"
    # Whose data: masked and indexed, never the number itself.
    assert row.subject_masked == "5401**********002X"
    assert "54010219900101002X" not in json.dumps(
        [row.subject_masked, row.subject_index, row.record_encrypted]
    )
    assert json.loads(crypto.decrypt(row.record_encrypted))["gender"] == "女"


def test_an_access_asks_only_the_fields_named(sharing_provider) -> None:  # type: ignore[no-untyped-def]
    result = shared_record_fetch(
        source_code="population",
        subject=GESANG,
        purpose=CASE,
        actor=SYSTEM,
        fields=["address"],
    )
    assert set(result.values) == {"address"}
    assert AccessLog.objects.get().fields == ["address"]


@pytest.mark.parametrize(
    "purpose",
    [None, Purpose("case", ""), Purpose("case", "   "), Purpose("curiosity", "x")],
)
def test_an_access_without_a_purpose_is_refused_and_asks_nothing(
    sharing_provider, purpose
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        shared_record_fetch(
            source_code="population", subject=GESANG, purpose=purpose, actor=SYSTEM
        )
    assert "purpose" in refused.value.error_dict
    assert not AccessLog.objects.exists()


def test_a_subject_the_source_does_not_hold_is_not_found_and_logged(
    sharing_provider,
) -> None:  # type: ignore[no-untyped-def]
    nobody = Subject("person", "111", "540102198503150011")
    result = shared_record_fetch(
        source_code="population", subject=nobody, purpose=CASE, actor=SYSTEM
    )
    assert result.outcome == "not_found"
    assert AccessLog.objects.get().outcome == "not_found"


def test_a_stopped_source_is_unavailable_and_the_attempt_logged(
    sharing_provider,
) -> None:  # type: ignore[no-untyped-def]
    sharing_provider.stop()
    result = shared_record_fetch(
        source_code="population", subject=GESANG, purpose=CASE, actor=SYSTEM
    )
    assert result.outcome == "unavailable"
    row = AccessLog.objects.get()
    assert (row.outcome, row.error) == ("unavailable", "connection")
    assert row.purpose == CASE.reference


def test_the_circuit_opens_after_repeated_failures(sharing_provider, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SHARING_BREAKER_FAIL_MAX = 2
    sharing_provider.stop()
    errors = [
        shared_record_fetch(
            source_code="population", subject=GESANG, purpose=CASE, actor=SYSTEM
        ).access.error
        for _ in range(3)
    ]
    assert errors == ["connection", "connection", "circuit_open"]


def test_a_wrong_secret_is_refused_by_the_provider(sharing_provider, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SHARING_SECRET = "not-the-providers-secret"
    result = shared_record_fetch(
        source_code="population", subject=GESANG, purpose=CASE, actor=SYSTEM
    )
    assert (result.outcome, result.access.error) == ("unavailable", "refused")


def test_an_organisation_source_is_keyed_by_credit_code(sharing_provider) -> None:  # type: ignore[no-untyped-def]
    company = Subject("organisation", "001", "91540100MA6T202607")
    result = shared_record_fetch(
        source_code="enterprise", subject=company, purpose=CASE, actor=SYSTEM
    )
    assert result.values["legal_representative"] == "格桑（演示）"
    with pytest.raises(ValidationError):
        shared_record_fetch(
            source_code="enterprise", subject=GESANG, purpose=CASE, actor=SYSTEM
        )


def test_the_access_links_the_consent_given_for_its_purpose(sharing_provider) -> None:  # type: ignore[no-untyped-def]
    applicant = applicant_with_account()
    consent = consent_record(
        source_code="population", subject=GESANG, purpose=CASE, actor=applicant.user
    )
    result = shared_record_fetch(
        source_code="population", subject=GESANG, purpose=CASE, actor=SYSTEM
    )
    assert result.access.consent == consent
    assert list(selectors.accesses_of_subject(subject_index=applicant.id_index)) == [
        result.access
    ]


def test_a_request_signed_at_a_stale_time_is_refused(settings, time_machine) -> None:  # type: ignore[no-untyped-def]
    from tests.sharing_provider import SECRET, ProviderProcess
    from tongban.sharing.adapters import breakers_reset

    provider = ProviderProcess(max_skew=300)
    provider.start()
    try:
        settings.SHARING_URL, settings.SHARING_SECRET = provider.url, SECRET
        breakers_reset()
        time_machine.move_to("2020-01-01T00:00:00Z", tick=False)  # our clock, not its
        result = shared_record_fetch(
            source_code="population", subject=GESANG, purpose=CASE, actor=SYSTEM
        )
        assert (result.outcome, result.access.error) == ("unavailable", "refused")
    finally:
        provider.stop()
        breakers_reset()
