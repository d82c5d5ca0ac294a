"""行政许可法 32: an application that is neither accepted, refused nor sent a supplement
notice within 5 working days of receipt counts as accepted from the day of receipt. The
sweep applies it through the one writer as the system, with the acceptance notice; a
warning shows the day before. Counted on the region's calendar (4 March 2026 is off)."""

import datetime

import pytest

from tongban.cases import presentation, selectors
from tongban.cases.models import Case, CaseEvent, Notice
from tongban.cases.services.sweeps import cases_expire_due
from tongban.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(region_day_off, submit) -> Case:  # type: ignore[no-untyped-def]
    return Case.objects.get(uuid=submit().json()["uuid"])


def test_the_acceptance_period_is_five_working_days_of_the_region(received) -> None:  # type: ignore[no-untyped-def]
    # 3, 5, 6, 9, 10 March: the region's day off (4 March) does not count.
    assert received.acceptance_due == datetime.date(2026, 3, 10)


def test_an_application_left_unanswered_is_deemed_accepted_from_receipt(
    received, time_machine, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-10 17:00:00+08:00", tick=False)
    assert cases_expire_due()["deem_accept"] == 0  # the last day is still the office's
    time_machine.move_to("2026-03-11 08:00:00+08:00", tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert cases_expire_due()["deem_accept"] == 1
    case = Case.objects.get(pk=received.pk)
    assert (case.state, case.acceptance_mode) == ("accepted", "deemed")
    assert case.accepted_at == case.submitted_at  # accepted from receipt
    # 5 promised working days from 2 March on the region calendar.
    assert case.promised_due == datetime.date(2026, 3, 10)
    event = CaseEvent.objects.get(case=case, event="deem_accept")
    assert (event.actor_id, event.actor_role) == (None, "system")
    audit = AuditEvent.objects.get(action="case.deem_accept", object_id=str(case.pk))
    assert audit.changes["state"] == ["submitted", "accepted"]
    assert Notice.objects.filter(case=case, kind="acceptance").exists()


def test_a_supplement_notice_in_time_prevents_deemed_acceptance(
    received, act, materials, time_machine
) -> None:  # type: ignore[no-untyped-def]
    asked = act(
        "clerk",
        str(received.uuid),
        "request-supplement",
        items=[
            {
                "material": materials["申请书"],
                "description": "申请书",
                "reason": "未签字",
            }
        ],
    )
    assert asked.status_code == 200
    time_machine.move_to("2026-03-12 08:00:00+08:00", tick=False)
    assert cases_expire_due()["deem_accept"] == 0
    assert Case.objects.get(pk=received.pk).state == "supplement_requested"


def test_an_accepted_or_refused_case_is_left_alone(received, act, time_machine) -> None:  # type: ignore[no-untyped-def]
    assert (
        act(
            "clerk", str(received.uuid), "refuse", reasons="不属于本机关职权"
        ).status_code
        == 200
    )
    time_machine.move_to("2026-03-20 08:00:00+08:00", tick=False)
    assert cases_expire_due()["deem_accept"] == 0
    assert Case.objects.get(pk=received.pk).state == "refused"


def test_staff_are_warned_the_working_day_before(received, time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-05 10:00:00+08:00", tick=False)
    assert selectors.case_light(Case.objects.get(pk=received.pk)) == "green"
    time_machine.move_to("2026-03-09 10:00:00+08:00", tick=False)
    case = Case.objects.get(pk=received.pk)
    assert selectors.case_light(case) == "yellow"
    assert presentation.deadlines(case).acceptance_due == datetime.date(2026, 3, 10)


def test_the_workbench_page_says_when_the_case_will_be_deemed_accepted(
    received, client, staff, time_machine
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff["clerk"])
    page = client.get(f"/workbench/cases/{received.uuid}/")
    assert page.status_code == 200
    assert "2026-03-10" in page.content.decode()


def test_the_queue_shows_the_day_to_answer_by(received, client, staff) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff["clerk"])
    html = client.get("/workbench/cases/").content.decode()
    assert 'data-flag="answer-by"' in html
    assert "2026-03-10" in html
