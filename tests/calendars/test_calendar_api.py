"""Public deadline and days endpoints, and the internal notice entry, with their
problem+json answers to bad input."""

import pytest

from tongban.accounts.domain.roles import Role

pytestmark = pytest.mark.django_db

DEADLINE = "/api/v1/public/calendars/{code}/deadline"
DAYS = "/api/v1/public/calendars/{code}/days"
NOTICES = "/api/v1/internal/calendars/notices/"
LOSAR = {
    "scope": "540100",
    "year": 2026,
    "number": "拉-1",
    "title": "拉萨市藏历新年放假安排",
    "issued_on": "2026-01-20",
    "days": [
        {"date": "2026-02-24", "kind": "off", "name": "藏历新年", "name_en": "Losar"},
        {"date": "2026-02-25", "kind": "off", "name": "藏历新年", "name_en": "Losar"},
    ],
}


def test_a_deadline_lists_due_date_skipped_days_and_make_up_days(api):
    response = api.get(
        DEADLINE.format(code="540100"), {"start": "2026-02-12", "working_days": 3}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["due_date"] == "2026-02-24"
    assert body["provisional"] is False
    assert [day["date"] for day in body["skipped"]][:1] == ["2026-02-15"]
    assert len(body["skipped"]) == 9
    first = body["skipped"][0]
    assert (first["reason"], first["name"], first["scope"]) == (
        "day_off",
        "春节",
        "national",
    )
    assert first["source"]["title"] == "国务院办公厅关于2026年部分节假日安排的通知"
    assert body["make_up_days"][0]["date"] == "2026-02-14"


def test_the_deadline_of_the_national_calendar_is_public_too(api):
    response = api.get(
        DEADLINE.format(code="national"), {"start": "2025-12-31", "working_days": 1}
    )
    assert response.json()["due_date"] == "2026-01-04"


def test_names_follow_the_requested_language(api):
    response = api.get(
        DEADLINE.format(code="540100"),
        {"start": "2026-02-12", "working_days": 3},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["skipped"][0]["name"] == "Spring Festival"
    assert response.json()["skipped"][0]["reason_label"] == "day off"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ({"start": "2026-02-12", "working_days": -1}, "working_days"),
        ({"start": "2026-02-30", "working_days": 3}, "start"),
        ({"start": "12/02/2026", "working_days": 3}, "start"),
        ({"working_days": 3}, "start"),
        ({"start": "2026-02-12", "working_days": "three"}, "working_days"),
    ],
)
def test_bad_input_is_a_400_problem_naming_the_parameter(api, query, name):
    response = api.get(DEADLINE.format(code="540100"), query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalid_params"]] == [name]


@pytest.mark.parametrize("code", ["549900", "abc"])
def test_an_unknown_division_is_a_404_problem(api, code):
    response = api.get(
        DEADLINE.format(code=code), {"start": "2026-02-12", "working_days": 3}
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_date_in_an_unpublished_year_is_a_409_problem(api):
    response = api.get(
        DEADLINE.format(code="540100"),
        {"start": "2026-12-20", "working_days": 20},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "calendar_year_unpublished"
    assert "2027" in body["detail"]


def test_a_provisional_deadline_is_given_only_on_request_and_flagged(api):
    response = api.get(
        DEADLINE.format(code="540100"),
        {"start": "2026-12-20", "working_days": 20, "provisional": "true"},
    )
    body = response.json()
    assert (body["due_date"], body["provisional"]) == ("2027-01-18", True)
    assert body["provisional_years"] == [2027]


def test_the_days_of_a_year_have_names_and_sources(api):
    response = api.get(DAYS.format(code="540100"), {"year": 2026})
    assert response.status_code == 200
    days = response.json()["days"]
    assert len(days) == 33 + 6  # 33 days off, 6 make-up workdays in 2026
    assert days[0]["date"] == "2026-01-01"
    assert days[0]["source"]["issued_on"] == "2025-11-04"
    assert {d["kind"] for d in days} == {"off", "work"}


def test_the_days_of_an_unpublished_year_are_a_409_problem(api):
    response = api.get(DAYS.format(code="540100"), {"year": 2027})
    assert response.status_code == 409
    assert response.json()["code"] == "calendar_year_unpublished"


def test_an_administrator_enters_a_notice_and_the_deadline_follows(
    api, api_as, admin_user
):
    client = api_as(admin_user)
    response = client.post(NOTICES, LOSAR, format="json")
    assert response.status_code == 201
    assert response.json()["changed_dates"] == ["2026-02-24", "2026-02-25"]
    again = client.post(NOTICES, LOSAR, format="json")
    assert (again.status_code, again.json()["changed"]) == (200, False)
    deadline = api.get(
        DEADLINE.format(code="540100"), {"start": "2026-02-12", "working_days": 3}
    ).json()
    assert deadline["due_date"] == "2026-02-26"
    assert deadline["skipped"][-1]["source"]["number"] == "拉-1"


def test_a_notice_marking_a_date_both_off_and_working_is_a_400_problem(
    api_as, admin_user
):
    days = [*LOSAR["days"], {"date": "2026-02-24", "kind": "work", "name": "藏历新年"}]
    response = api_as(admin_user).post(NOTICES, {**LOSAR, "days": days}, format="json")
    assert response.status_code == 400
    (param,) = response.json()["invalid_params"]
    assert (param["name"], param["code"]) == ("days[2].date", "calendar_day_conflict")


def test_a_notice_for_an_unknown_division_is_a_400_problem(api_as, admin_user):
    response = api_as(admin_user).post(
        NOTICES, {**LOSAR, "scope": "549900"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "scope"


def test_staff_without_the_calendar_permission_cannot_enter_notices(api_as, make_staff):
    clerk = make_staff("clerk", Role.COUNTER_CLERK)
    response = api_as(clerk).post(NOTICES, LOSAR, format="json")
    assert response.status_code == 403


def test_a_regional_administrator_cannot_enter_another_regions_notice(
    api_as, make_staff
):
    admin = make_staff("xigaze.admin", Role.PLATFORM_ADMIN, division_code="540200")
    response = api_as(admin).post(NOTICES, LOSAR, format="json")
    assert response.status_code == 403


def test_anonymous_users_cannot_enter_notices(api):
    assert api.post(NOTICES, LOSAR, format="json").status_code in (401, 403)


def test_a_notice_entered_with_its_source_shows_it(api, api_as, admin_user):
    client = api_as(admin_user)
    notice = {**LOSAR, "source_note": "中国新闻网 2026-01-28 report; number not found"}
    assert client.post(NOTICES, notice, format="json").status_code == 201
    listed = client.get(NOTICES).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert any(row["source_note"].startswith("中国新闻网") for row in rows)
