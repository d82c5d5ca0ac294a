"""Halls: split opening sessions, closures and windows; public read of hours."""

import datetime

import pytest

from tongban.regions.domain.hours import Session, is_open, session_errors

pytestmark = pytest.mark.django_db
T = datetime.time


@pytest.mark.parametrize(
    ("sessions", "errors"),
    [
        (
            [Session(0, T(9, 30), T(13)), Session(0, T(15, 30), T(18))],
            [],
        ),  # Lhasa's two sessions
        ([Session(0, T(13), T(9, 30))], [(0, "order")]),
        ([Session(0, T(9), T(13)), Session(0, T(12), T(18))], [(1, "overlap")]),
        ([Session(7, T(9), T(13))], [(0, "weekday")]),
        (
            [Session(0, T(9), T(13)), Session(1, T(12), T(18))],
            [],
        ),  # other day: no overlap
    ],
)
def test_session_rules(sessions: list[Session], errors: list[tuple[int, str]]) -> None:
    assert session_errors(sessions) == errors


def test_the_lunch_break_is_closed() -> None:
    sessions = [Session(0, T(9, 30), T(13)), Session(0, T(15, 30), T(18))]
    monday = datetime.date(2026, 11, 23)
    assert is_open(sessions, datetime.datetime.combine(monday, T(10)))
    assert not is_open(sessions, datetime.datetime.combine(monday, T(14)))


def test_overlapping_sessions_are_refused_by_the_api(admin_user, api_as, halls) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/internal/halls/{halls['lhasa'].uuid}/sessions/"
    body = {
        "sessions": [
            {"weekday": 0, "opens": "09:00", "closes": "13:00"},
            {"weekday": 0, "opens": "12:00", "closes": "18:00"},
        ]
    }
    response = api_as(admin_user).put(url, body, format="json")
    assert response.status_code == 400
    assert response.json()["invalid_params"][0] == {
        "name": "sessions[1]",
        "code": "session_overlap",
        "reason": response.json()["invalid_params"][0]["reason"],
    }
    assert halls["lhasa"].sessions.count() == 2  # unchanged


def test_closures_and_windows(admin_user, api_as, halls) -> None:  # type: ignore[no-untyped-def]
    client = api_as(admin_user)
    base = f"/api/v1/internal/halls/{halls['lhasa'].uuid}"
    bad = client.post(
        f"{base}/closures/",
        {"start_date": "2027-02-10", "end_date": "2027-02-01", "reason": "藏历新年"},
        format="json",
    )
    assert bad.status_code == 400
    assert (
        client.post(
            f"{base}/closures/",
            {
                "start_date": "2027-02-07",
                "end_date": "2027-02-10",
                "reason": "藏历新年",
            },
            format="json",
        ).status_code
        == 201
    )
    assert (
        client.post(
            f"{base}/windows/",
            {"number": "A01", "name": "综合窗口", "kind": "integrated"},
            format="json",
        ).status_code
        == 201
    )
    duplicate = client.post(
        f"{base}/windows/",
        {"number": "A01", "name": "x", "kind": "integrated"},
        format="json",
    )
    assert duplicate.json()["invalid_params"][0]["code"] == "unique"


def test_the_public_sees_hours_of_a_prefecture(client, halls) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/public/halls/?division=540100").json()
    assert [h["name"] for h in body["results"]] == ["lhasa 大厅"]
    assert [s["opens"] for s in body["results"][0]["sessions"]] == [
        "09:30:00",
        "15:30:00",
    ]
    assert client.get("/api/v1/public/halls/?division=999999").json()["count"] == 0
