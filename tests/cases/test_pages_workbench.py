"""Workbench case pages: the queue, the case page with the actions the user may take, the
actions' POSTs (errors on the form, conflicts as a message), and the materials viewer."""

from typing import Any

import pytest
from django.test import Client

from tests.cases.conftest import PDF
from tongban.cases.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_staff(staff: dict[str, Any]) -> Any:
    def login(name: str) -> Client:
        client = Client()
        client.force_login(staff[name])
        return client

    return login


def _actions(page: Any) -> list[str]:
    return [a["event"] for a in page.context["actions"]]


def test_the_queue_lists_cases_in_scope(as_staff: Any, submit: Any) -> None:
    number = submit().json()["number"]
    assert number in as_staff("clerk").get("/workbench/cases/").content.decode()
    other = as_staff("xigaze_clerk").get("/workbench/cases/").content.decode()
    assert number not in other


def test_the_queue_is_for_staff_only(
    client: Client, applicant: Any, service: Any
) -> None:
    anonymous = client.get("/workbench/cases/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/workbench/login/")
    client.force_login(applicant.user)
    assert client.get("/workbench/cases/").status_code == 404


def test_queue_filters_and_light_badges(as_staff: Any, submit: Any, act: Any) -> None:
    first = submit().json()
    second = submit(key="key-00000002").json()
    act("clerk", first["uuid"], "accept")
    clerk = as_staff("clerk")
    accepted = clerk.get("/workbench/cases/?state=accepted").content.decode()
    assert first["number"] in accepted
    assert second["number"] not in accepted
    green = clerk.get("/workbench/cases/?light=green")
    # The unanswered application is green too: its deemed-acceptance day is 5 working
    # days away (行政许可法 32).
    rows = {r["case"].number: r["light"] for r in green.context["rows"]}
    assert rows == {first["number"]: "green", second["number"]: "green"}
    red = clerk.get("/workbench/cases/?light=red").context["rows"]
    assert list(red) == []
    assert 'class="light light-green"' in green.content.decode()  # with its text
    item = clerk.get("/workbench/cases/?item=NOPE").context["rows"]
    assert item == []
    code = Case.objects.get(uuid=first["uuid"]).implementation.code
    by_item = clerk.get(f"/workbench/cases/?item={code}").context["rows"]
    assert {r["case"].number for r in by_item} == {first["number"], second["number"]}
    assert clerk.get("/workbench/cases/?mine=on").context["rows"] == []


def test_another_prefecture_gets_404_for_the_case(as_staff: Any, submit: Any) -> None:
    uuid = submit().json()["uuid"]
    assert as_staff("xigaze_clerk").get(f"/workbench/cases/{uuid}/").status_code == 404
    assert (
        as_staff("xigaze_officer")
        .post(f"/workbench/cases/{uuid}/actions/accept/")
        .status_code
        == 404
    )


def test_a_clerk_is_offered_intake_actions_but_not_the_decision(
    as_staff: Any, submit: Any
) -> None:
    uuid = submit().json()["uuid"]
    actions = _actions(as_staff("clerk").get(f"/workbench/cases/{uuid}/"))
    assert {"accept", "request_supplement", "refuse"} <= set(actions)
    assert "accept_tolerated" in actions  # the item allows 容缺
    assert "accept_pledged" not in actions  # the item has no 告知承诺
    assert "decide_on_spot" not in actions  # not an on-the-spot item
    assert "decide" not in actions
    assert _actions(as_staff("officer").get(f"/workbench/cases/{uuid}/")) == []


def test_officers_see_the_review_step_then_the_decision(
    as_staff: Any, submit: Any, act: Any
) -> None:
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    officer = as_staff("officer")
    actions = _actions(officer.get(f"/workbench/cases/{uuid}/"))
    assert "approve_step" in actions
    assert "decide" not in actions
    assert (
        officer.post(f"/workbench/cases/{uuid}/actions/approve_step/").status_code
        == 302
    )
    # four eyes: the same officer is not offered the next step
    assert "approve_step" not in _actions(officer.get(f"/workbench/cases/{uuid}/"))
    act("officer2", uuid, "approve-step")
    act("officer", uuid, "approve-step")
    actions = _actions(as_staff("officer2").get(f"/workbench/cases/{uuid}/"))
    assert "decide" in actions
    assert "approve_step" not in actions


def test_an_action_redirects_and_records_the_event(as_staff: Any, submit: Any) -> None:
    uuid = submit().json()["uuid"]
    response = as_staff("clerk").post(f"/workbench/cases/{uuid}/actions/accept/")
    assert response.status_code == 302
    assert response["Location"] == f"/workbench/cases/{uuid}/"
    assert Case.objects.get().state == "accepted"


def test_a_guard_error_is_shown_on_the_action_form(as_staff: Any, submit: Any) -> None:
    uuid = submit().json()["uuid"]
    clerk = as_staff("clerk")
    page = clerk.post(
        f"/workbench/cases/{uuid}/actions/refuse/", {"refuse-reasons": ""}
    )
    assert page.status_code == 400
    refuse = next(a for a in page.context["actions"] if a["event"] == "refuse")
    assert refuse["open"]
    assert refuse["form"].errors["reasons"]
    supplement = clerk.post(f"/workbench/cases/{uuid}/actions/request_supplement/")
    form = next(
        a["form"]
        for a in supplement.context["actions"]
        if a["event"] == "request_supplement"
    )
    assert form.errors["missing"]
    assert Case.objects.get().state == "submitted"


def test_the_supplement_request_names_the_ticked_materials(
    as_staff: Any, submit: Any, materials: dict[str, int]
) -> None:
    uuid = submit().json()["uuid"]
    response = as_staff("clerk").post(
        f"/workbench/cases/{uuid}/actions/request_supplement/",
        {
            "request_supplement-missing": [str(materials["住所使用证明"])],
            "request_supplement-reasons": "看不清",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.state == "supplement_requested"
    item = case.supplement_items.get()
    assert (item.description, item.reason) == ("住所使用证明", "看不清")


def test_a_second_clerk_acting_late_gets_a_clear_message(
    as_staff: Any, submit: Any, act: Any
) -> None:
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    late = as_staff("clerk").post(
        f"/workbench/cases/{uuid}/actions/accept/", follow=True
    )
    assert late.redirect_chain[-1][0] == f"/workbench/cases/{uuid}/"
    assert [m.level_tag for m in late.context["messages"]] == ["error"]
    assert "accept" not in _actions(late)


def test_staff_view_the_materials_of_cases_in_scope(as_staff: Any, submit: Any) -> None:
    uuid = submit().json()["uuid"]
    stored = Case.objects.get().materials.first().file
    url = f"/workbench/cases/{uuid}/files/{stored.uuid}/"
    page = as_staff("clerk").get(f"/workbench/cases/{uuid}/").content.decode()
    assert url in page
    response = as_staff("officer").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == PDF
    assert as_staff("xigaze_clerk").get(url).status_code == 404
    other = f"/workbench/cases/{uuid}/files/{Case.objects.get().uuid}/"
    assert as_staff("clerk").get(other).status_code == 404


def test_the_workbench_nav_links_to_cases_and_intake(as_staff: Any) -> None:
    clerk = as_staff("clerk").get("/workbench/").content.decode()
    assert 'href="/workbench/cases/"' in clerk
    assert 'href="/workbench/intake/"' in clerk
    officer = as_staff("officer").get("/workbench/").content.decode()
    assert 'href="/workbench/intake/"' not in officer
