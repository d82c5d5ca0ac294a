"""Looking an applicant up by ID number is for counter clerks only, needs a stated purpose,
and leaves an audit row saying who looked up whom and why, found or not."""

import pytest

from tests.builders import applicant_with_account
from tongban.core.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = "/api/v1/internal/applicants/lookup/"
ID = "54010219900101002X"


@pytest.fixture
def applicant(db: None):  # type: ignore[no-untyped-def]
    return applicant_with_account(id_number=ID)


@pytest.mark.parametrize("role", ["case_officer", "supervisor", "catalogue_manager"])
def test_roles_that_do_not_take_in_applications_cannot_look_up(
    make_staff, api_as, applicant, role: str
) -> None:  # type: ignore[no-untyped-def]
    caller = api_as(make_staff("someone", role))
    response = caller.post(
        URL,
        {"id_type": "111", "id_number": ID, "purpose": "curious"},
        format="json",
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="applicant.lookup").exists()


def test_a_lookup_needs_a_purpose(make_staff, api_as, applicant) -> None:  # type: ignore[no-untyped-def]
    clerk = api_as(make_staff("clerk", "counter_clerk"))
    response = clerk.post(URL, {"id_type": "111", "id_number": ID}, format="json")
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "purpose"


def test_a_clerks_lookup_is_audited_with_whom_and_why(
    make_staff, api_as, applicant
) -> None:  # type: ignore[no-untyped-def]
    clerk = api_as(make_staff("clerk", "counter_clerk"))
    found = clerk.post(
        URL,
        {"id_type": "111", "id_number": ID, "purpose": "窗口受理：营业执照"},
        format="json",
    )
    assert found.status_code == 200
    missing = clerk.post(
        URL,
        {"id_type": "111", "id_number": "540202198512311239", "purpose": "窗口受理"},
        format="json",
    )
    assert missing.status_code == 404
    rows = list(AuditEvent.objects.filter(action="applicant.lookup").order_by("id"))
    assert [row.actor_repr for row in rows] == ["clerk", "clerk"]
    assert rows[0].object_id == str(applicant.pk)
    assert rows[0].changes["purpose"] == [None, "窗口受理：营业执照"]
    assert rows[0].changes["found"] == [None, True]
    assert rows[1].changes["found"] == [None, False]
    assert rows[1].object_repr == "5402**********1239"  # the number asked, masked
    assert ID not in str(rows[0].changes) + rows[0].object_repr
    # In the clerk's area (拉萨), so their supervisor sees it.
    assert rows[0].division_prefix == "5401"
