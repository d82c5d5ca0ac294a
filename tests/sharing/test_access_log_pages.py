"""Who looked at whose data: the applicant sees every access to their own data (and no one
else's), supervisors search the log within their area, by page and by API; whose data is
shown masked."""

import pytest
from django.conf import settings

from tests.builders import applicant_with_account
from tests.conftest import otp_verified
from tongban.accounts.domain.roles import Role
from tongban.core.permissions import SYSTEM
from tongban.sharing.adapters import Subject
from tongban.sharing.domain.purpose import Purpose
from tongban.sharing.services import shared_record_fetch

pytestmark = pytest.mark.django_db

GESANG = Subject("person", "111", "54010219900101002X")
OTHER = Subject("person", "111", "540102198503150011")


def _access(subject: Subject, number: str, division: str = "540100") -> None:
    shared_record_fetch(
        source_code="population",
        subject=subject,
        purpose=Purpose("case", number),
        actor=SYSTEM,
        office="拉萨 政务服务中心",
        division_prefix=division,
    )


@pytest.fixture
def accesses(sharing_provider) -> None:  # type: ignore[no-untyped-def]
    _access(GESANG, "CASE-LHASA-1")
    _access(OTHER, "CASE-LHASA-2")
    _access(GESANG, "CASE-XIGAZE-1", division="540200")


def test_the_applicant_sees_who_looked_at_their_data(accesses, client) -> None:  # type: ignore[no-untyped-def]
    applicant = applicant_with_account(language="zh-hans")
    client.force_login(applicant.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get("/me/data-access/").content.decode()
    assert "CASE-LHASA-1" in page
    assert "CASE-XIGAZE-1" in page
    assert "CASE-LHASA-2" not in page  # another person's data
    assert "拉萨 政务服务中心" in page
    assert "人口基础信息库" in page


def test_the_applicants_page_speaks_tibetan(accesses, client) -> None:  # type: ignore[no-untyped-def]
    applicant = applicant_with_account()
    client.force_login(applicant.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bo"
    page = client.get("/me/data-access/").content.decode()
    assert "མི་འབོར་གཞི་རྩའི་ཆ་འཕྲིན་མཛོད།" in page


def test_staff_have_no_applicants_page(client, make_staff) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_staff("clerk", Role.COUNTER_CLERK))
    assert client.get("/me/data-access/").status_code == 404


def test_a_supervisor_searches_the_log_of_their_area(
    accesses, client, make_staff
) -> None:  # type: ignore[no-untyped-def]
    otp_verified(client, make_staff("supervisor", Role.SUPERVISOR))
    page = client.post(
        "/workbench/sharing/access-log/", {"id_number": "54010219900101002X"}
    ).content.decode()
    assert "CASE-LHASA-1" in page
    assert "CASE-LHASA-2" not in page  # another subject
    assert "CASE-XIGAZE-1" not in page  # outside the supervisor's area
    assert "5401**********002X" in page
    assert "54010219900101002X" not in page.replace('value="54010219900101002X"', "")


def test_a_supervisor_searches_by_case_number(accesses, client, make_staff) -> None:  # type: ignore[no-untyped-def]
    otp_verified(client, make_staff("supervisor", Role.SUPERVISOR))
    page = client.post(
        "/workbench/sharing/access-log/", {"purpose": "CASE-LHASA-2"}
    ).content.decode()
    assert "CASE-LHASA-2" in page
    assert "CASE-LHASA-1" not in page


def test_a_bad_search_answers_with_what_to_fix(accesses, client, make_staff) -> None:  # type: ignore[no-untyped-def]
    otp_verified(client, make_staff("supervisor", Role.SUPERVISOR))
    response = client.post(
        "/workbench/sharing/access-log/", {"id_number": "123", "since": "soon"}
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_a_clerk_may_not_search_the_log(client, make_staff) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_staff("clerk", Role.COUNTER_CLERK))
    assert client.get("/workbench/sharing/access-log/").status_code == 403


def test_the_internal_api_searches_the_log_in_scope(
    accesses, api_as, make_staff
) -> None:  # type: ignore[no-untyped-def]
    api = api_as(make_staff("supervisor", Role.SUPERVISOR))
    body = api.get(
        "/api/v1/internal/sharing/access-log/", {"id_number": "54010219900101002X"}
    ).json()
    assert [r["purpose"] for r in body["results"]] == ["CASE-LHASA-1"]
    row = body["results"][0]
    assert row["subject_masked"] == "5401**********002X"
    assert row["source"] == "population"
    assert row["fields"] == ["name", "gender", "ethnicity", "birth_date", "address"]


def test_the_internal_api_refuses_bad_filters_as_problems(api_as, make_staff) -> None:  # type: ignore[no-untyped-def]
    api = api_as(make_staff("supervisor", Role.SUPERVISOR))
    response = api.get(
        "/api/v1/internal/sharing/access-log/", {"data_source": "gossip"}
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["invalid_params"][0]["name"] == "data_source"


def test_the_internal_api_is_for_supervisors(api_as, make_staff) -> None:  # type: ignore[no-untyped-def]
    api = api_as(make_staff("clerk", Role.COUNTER_CLERK))
    assert api.get("/api/v1/internal/sharing/access-log/").status_code == 403
