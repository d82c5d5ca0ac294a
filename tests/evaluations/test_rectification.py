"""The bad-review loop on the lifecycle kernel: verification and classification by a
supervisor, contact and rectification by the responsible unit within working days of the
region's calendar, callback, the evaluator's follow-up rating, appeals and escalation."""

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.evaluations.conftest import BAD
from tongban.core.models import AuditEvent
from tongban.evaluations.lifecycle import RECTIFICATION
from tongban.evaluations.models import Evaluation, Rectification
from tongban.evaluations.services.rectification import rectifications_escalate

pytestmark = pytest.mark.django_db
VERIFY = {"reasons": "核实属实", "content_class": "attitude"}


@pytest.fixture
def ticket(closed_case: str, rate: Callable[..., Any]) -> str:
    assert rate(closed_case, **BAD).status_code == 201
    return str(Rectification.objects.get().uuid)


@pytest.fixture
def step(
    supervisor_api: APIClient,
    staff_api: dict[str, APIClient],
    django_capture_on_commit_callbacks: Any,
) -> Callable[..., Any]:
    clients = {"supervisor": supervisor_api, **staff_api}

    def run(who: str, uuid: str, action: str, **body: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return clients[who].post(
                f"/api/v1/internal/rectifications/{uuid}/{action}", body, format="json"
            )

    return run


def test_the_lifecycle_declarations_are_complete() -> None:
    assert RECTIFICATION.problems() == []


def test_verification_sets_contact_and_rectification_dates_in_working_days(
    ticket: str, step: Callable[..., Any]
) -> None:
    # Verified Monday 2 March 2026: contact by the next working day, rectify within 15.
    body = step("supervisor", ticket, "verify", **VERIFY).json()
    assert (body["state"], body["content_class"]) == ("rectifying", "attitude")
    assert (body["contact_due"], body["due_on"]) == ("2026-03-03", "2026-03-23")


def test_a_tibet_only_holiday_inside_the_15_days_moves_the_due_date(
    region_day_off: None, ticket: str, step: Callable[..., Any]
) -> None:
    # The 自治区 declares Wednesday 4 March off (the national calendar does not): the
    # fifteenth working day moves from 23 to 24 March.
    body = step("supervisor", ticket, "verify", **VERIFY).json()
    assert body["due_on"] == "2026-03-24"


def test_a_tibet_only_holiday_moves_the_contact_date(
    region_day_off: None, ticket: str, step: Callable[..., Any], time_machine: Any
) -> None:
    time_machine.move_to("2026-03-03 10:00:00+08:00", tick=False)  # Tuesday
    body = step("supervisor", ticket, "verify", **VERIFY).json()
    assert body["contact_due"] == "2026-03-05"  # Wednesday is the region's day off


def test_the_whole_loop_closes_with_the_evaluators_new_rating(
    ticket: str,
    step: Callable[..., Any],
    applicant_api: APIClient,
    django_capture_on_commit_callbacks: Any,
) -> None:
    assert step("supervisor", ticket, "verify", **VERIFY).status_code == 200
    assert (
        step("officer", ticket, "contact", reasons="电话联系申请人").status_code == 200
    )
    rectified = step("officer", ticket, "rectify", reasons="窗口人员培训").json()
    assert (rectified["state"], rectified["measures"]) == ("rectified", "窗口人员培训")
    called = step("officer", ticket, "callback", reasons="回访", outcome="satisfied")
    assert called.json()["state"] == "called_back"
    with django_capture_on_commit_callbacks(execute=True):
        again = applicant_api.post(
            f"/api/v1/public/rectifications/{ticket}/follow-up",
            {"level": 2, "options": ["friendly"]},
            format="json",
        )
    assert again.status_code == 201, again.json()
    assert Rectification.objects.get().state == "closed"
    original, follow_up = Evaluation.objects.order_by("id")
    assert (original.superseded, follow_up.follow_up_of_id) == (True, original.pk)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "rectification.open",
        "rectification.verify",
        "rectification.contact",
        "rectification.rectify",
        "rectification.callback",
        "rectification.follow_up",
    } <= actions


def test_the_follow_up_is_only_open_after_the_callback(
    ticket: str, applicant_api: APIClient
) -> None:
    early = applicant_api.post(
        f"/api/v1/public/rectifications/{ticket}/follow-up", {"level": 1}, format="json"
    )
    assert (early.status_code, early.json()["code"]) == (409, "follow_up_not_open")
    assert Evaluation.objects.count() == 1


def test_each_step_needs_its_reasons(ticket: str, step: Callable[..., Any]) -> None:
    response = step(
        "supervisor", ticket, "verify", content_class="attitude", reasons=""
    )
    assert response.status_code == 400
    assert Rectification.objects.get().state == "reported"


def test_only_a_supervisor_verifies_and_only_the_unit_rectifies(
    ticket: str, step: Callable[..., Any]
) -> None:
    assert step("officer", ticket, "verify", **VERIFY).status_code == 403
    assert step("supervisor", ticket, "verify", **VERIFY).status_code == 200
    assert step("supervisor", ticket, "contact", reasons="x").status_code == 403


def test_a_unit_of_another_region_does_not_see_the_ticket(
    ticket: str, step: Callable[..., Any]
) -> None:
    step("supervisor", ticket, "verify", **VERIFY)
    assert step("xigaze_officer", ticket, "contact", reasons="x").status_code == 404


def test_a_step_out_of_order_is_refused(ticket: str, step: Callable[..., Any]) -> None:
    response = step("officer", ticket, "rectify", reasons="x")
    assert (response.status_code, response.json()["code"]) == (
        409,
        "transition_not_allowed",
    )


def test_an_upheld_appeal_excludes_the_review_from_statistics(
    ticket: str, step: Callable[..., Any]
) -> None:
    step("supervisor", ticket, "verify", **VERIFY)
    assert step("officer", ticket, "appeal", reasons="恶意差评").status_code == 200
    decided = step("supervisor", ticket, "uphold-appeal", reasons="查实为恶意差评")
    assert decided.json()["state"] == "dismissed"
    assert Evaluation.objects.get().excluded


def test_a_rejected_appeal_keeps_the_review_and_the_due_date(
    ticket: str, step: Callable[..., Any]
) -> None:
    due = step("supervisor", ticket, "verify", **VERIFY).json()["due_on"]
    step("officer", ticket, "appeal", reasons="误评")
    back = step("supervisor", ticket, "reject-appeal", reasons="差评属实").json()
    assert (back["state"], back["due_on"]) == ("rectifying", due)
    assert not Evaluation.objects.get().excluded


def test_overdue_tickets_escalate_once(
    ticket: str, step: Callable[..., Any], time_machine: Any
) -> None:
    step("supervisor", ticket, "verify", **VERIFY)
    time_machine.move_to(
        "2026-03-04 10:00:00+08:00", tick=False
    )  # contact was due 3 March
    assert rectifications_escalate() == 1
    assert rectifications_escalate() == 0
    assert Rectification.objects.get().escalated_at is not None
    assert AuditEvent.objects.filter(action="rectification.escalate").count() == 1


def test_an_overdue_ticket_tells_the_unit_and_the_supervisors_in_their_language(
    ticket: str,
    step: Callable[..., Any],
    time_machine: Any,
    supervisor: Any,
    staff: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from tongban.notifications.models import Message

    supervisor.email, supervisor.preferred_language = "jiandu@example.org", "bo"
    supervisor.save()
    officer = staff["officer"]  # of the responsible unit: rectifies its bad reviews
    officer.phone, officer.preferred_language = "13800000009", "zh-hans"
    officer.save()
    step("supervisor", ticket, "verify", **VERIFY)
    time_machine.move_to("2026-03-04 10:00:00+08:00", tick=False)
    with django_capture_on_commit_callbacks(execute=False):
        assert rectifications_escalate() == 1
    told = Message.objects.filter(template__startswith="rectification")
    sent = {m.recipient: m for m in told}
    assert len(sent) == 2  # officer2, of the same unit, has no address: not told
    assert sent["jiandu@example.org"].channel == "email"
    assert sent["jiandu@example.org"].language == "bo"
    assert "དཔྱད་བརྗོད་ངན་པ་" in sent["jiandu@example.org"].body
    assert sent["13800000009"].channel == "sms"
    assert "应于 2026-03-03 前联系评价人" in sent["13800000009"].body
    assert f"/workbench/evaluations/tickets/{ticket}/" in sent["13800000009"].body
    # Escalated once, told once.
    assert rectifications_escalate() == 0
    assert told.count() == len(sent)


def test_a_ticket_on_time_does_not_escalate(
    ticket: str, step: Callable[..., Any], time_machine: Any
) -> None:
    step("supervisor", ticket, "verify", **VERIFY)
    step("officer", ticket, "contact", reasons="电话")
    time_machine.move_to("2026-03-20 10:00:00+08:00", tick=False)  # before 23 March
    assert rectifications_escalate() == 0


def test_the_evaluator_is_shown_only_to_the_supervisor(
    ticket: str, supervisor_api: APIClient, staff_api: dict[str, APIClient]
) -> None:
    unit = staff_api["officer"].get(f"/api/v1/internal/rectifications/{ticket}/").json()
    assert unit["evaluator"] is None
    seen = supervisor_api.get(f"/api/v1/internal/rectifications/{ticket}/").json()
    assert seen["evaluator"]["name"] == "格桑"
    assert AuditEvent.objects.filter(action="rectification.evaluator_read").count() == 1


def test_a_holiday_notice_entered_after_verification_moves_the_due_date(
    ticket: str, step: Callable[..., Any]
) -> None:
    from tests.cases.region_calendar import REGION_NOTICE, import_notice
    from tongban.calendars.selectors import calendar_cache_clear

    assert (
        step("supervisor", ticket, "verify", **VERIFY).json()["due_on"] == "2026-03-23"
    )
    import_notice(REGION_NOTICE)  # the 自治区 declares 4 March off afterwards
    try:
        moved = Rectification.objects.get()
        assert moved.due_on.isoformat() == "2026-03-24"
        assert AuditEvent.objects.filter(action="rectification.recompute").count() == 1
    finally:
        calendar_cache_clear()
