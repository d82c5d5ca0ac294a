"""一次一评 on site and the SMS link: the clerk opens a one-use invitation for the window's
QR code or tablet (never the evaluation itself); a counter case closed gets an SMS link."""

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.cases.conftest import GOOD_FORM, pdf
from tests.evaluations.conftest import BAD
from tongban.core.models import AuditEvent
from tongban.evaluations.models import Evaluation, Invitation, Rectification
from tongban.evaluations.services.invitations import evaluation_invitations_send
from tongban.notifications.backends import MemorySms

pytestmark = pytest.mark.django_db
ONSITE = {"level": 1, "options": ["friendly"], "scores": {"attitude": 1}}


@pytest.fixture
def invite(staff_api: dict[str, APIClient], window: Any) -> Callable[..., Any]:
    def run(who: str = "clerk") -> Any:
        return staff_api[who].post(
            f"/api/v1/internal/windows/{window.pk}/evaluation-invitations"
        )

    return run


def _token(response: Any) -> str:
    return response.json()["link"].rstrip("/").rsplit("/", 1)[1]


def _visit(token: str, client: APIClient | None = None, **body: Any) -> Any:
    return (client or APIClient()).post(
        f"/api/v1/public/evaluations/visit/{token}", {**ONSITE, **body}, format="json"
    )


def test_the_person_served_rates_the_window_through_the_clerks_invitation(
    invite: Callable[..., Any], window: Any, staff: dict[str, Any]
) -> None:
    opened = invite()
    assert opened.status_code == 201
    response = _visit(_token(opened), channel="4")
    assert response.status_code == 201, response.json()["invalid_params"]
    evaluation = Evaluation.objects.get()
    assert (evaluation.stage, evaluation.channel, evaluation.indicator_kind) == (
        "onsite",
        "4",
        "onsite",
    )
    assert (evaluation.window, evaluation.hall) == (window, window.hall)
    assert evaluation.staff == staff["clerk"]
    assert evaluation.evaluator is None
    assert not evaluation.real_name


def test_a_replayed_window_link_is_refused(invite: Callable[..., Any]) -> None:
    token = _token(invite())
    assert _visit(token).status_code == 201
    again = _visit(token)
    assert (again.status_code, again.json()["code"]) == (409, "invitation_used")
    assert Evaluation.objects.count() == 1


def test_an_expired_window_link_is_refused(
    invite: Callable[..., Any], time_machine: Any
) -> None:
    token = _token(invite())
    time_machine.move_to("2026-03-02 10:31:00+08:00", tick=False)
    response = _visit(token)
    assert (response.status_code, response.json()["code"]) == (
        409,
        "invitation_expired",
    )
    assert not Evaluation.objects.exists()


def test_an_unknown_link_is_refused(db: None) -> None:
    response = _visit("not-a-token")
    assert (response.status_code, response.json()["code"]) == (
        404,
        "invitation_unknown",
    )


def test_the_clerk_cannot_fill_in_the_evaluation(
    invite: Callable[..., Any], staff_api: dict[str, APIClient]
) -> None:
    token = _token(invite())
    response = _visit(token, client=staff_api["clerk"])
    assert (response.status_code, response.json()["code"]) == (
        403,
        "staff_cannot_evaluate",
    )
    assert not Evaluation.objects.exists()
    assert Invitation.objects.get().used_at is None  # still open for the person served


def test_a_clerk_of_another_region_cannot_open_an_invitation(
    invite: Callable[..., Any],
) -> None:
    assert invite("xigaze_clerk").status_code == 404
    assert not Invitation.objects.exists()


def test_an_officer_without_the_counter_role_cannot_open_one(
    invite: Callable[..., Any],
) -> None:
    assert invite("officer").status_code == 403


def test_an_onsite_bad_review_opens_a_ticket_for_the_window_unit(
    invite: Callable[..., Any], window: Any
) -> None:
    response = _visit(_token(invite()), **BAD)
    assert response.status_code == 201, response.json()
    assert Rectification.objects.get().organisation == window.hall.organisation


def test_the_invitation_is_audited_without_the_token(
    invite: Callable[..., Any],
) -> None:
    token = _token(invite())
    row = AuditEvent.objects.get(action="evaluation.invite")
    assert token not in str(row.changes)


@pytest.fixture
def counter_case_closed(
    staff_api: dict[str, APIClient],
    service: Any,
    materials: dict[str, int],
    applicant: Any,
    act: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        created = staff_api["clerk"].post(
            "/api/v1/internal/cases/",
            {
                "implementation_code": service.implementation.code,
                "client_key": "counter-0001",
                "form": GOOD_FORM,
                "applicant": str(applicant.uuid),
                f"material_{materials['申请书']}": pdf(),
                f"material_{materials['法定代表人身份证复印件']}": pdf(),
            },
            format="multipart",
        )
    assert created.status_code == 201, created.json()
    uuid = str(created.json()["uuid"])
    for who, action, body in (
        ("clerk", "accept", {}),
        ("officer", "approve-step", {}),
        ("officer2", "approve-step", {}),
        ("officer", "approve-step", {}),
        ("officer2", "decide", {"decision": "approve"}),
        ("officer2", "close", {"result_name": "营业执照"}),
    ):
        assert act(who, uuid, action, **body).status_code == 200
    return uuid


def test_a_closed_counter_case_gets_one_sms_link(
    counter_case_closed: str, django_capture_on_commit_callbacks: Any
) -> None:
    MemorySms.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert evaluation_invitations_send() == 1
        assert evaluation_invitations_send() == 0  # never twice for one case
    (sms,) = [m for m in MemorySms.sent if m.template == "evaluation_invite"]
    assert "/evaluations/visit/" in sms.body
    token = sms.body.split("/evaluations/visit/")[1].split("/")[0]
    response = _visit(token, channel="7", level=2, options=["fast"], scores={})
    assert response.status_code == 201, response.json()
    evaluation = Evaluation.objects.get()
    assert (evaluation.stage, evaluation.channel, evaluation.real_name) == (
        "close",
        "7",
        True,
    )
    assert evaluation.case is not None


def test_an_online_case_gets_no_sms_link(closed_case: str) -> None:
    assert evaluation_invitations_send() == 0


def test_an_on_site_submit_reads_what_it_is_about_once_and_writes_once(
    window: Any, staff: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    # Lock + read the invitation with its window, hall, unit and clerk (1), mark it used
    # (1), the evaluation (1), the day's and the month's rollup (2), the audit chain (4 on
    # PostgreSQL: the try-lock, the head with whether parked rows wait, the row, the head
    # again), savepoints (4). Before, full_clean re-read every related object and the
    # lookups loaded them one by one: 26 statements; the parked rows were read on every
    # append (one more) until the head read said whether any wait.
    from tongban.evaluations.domain.rating import Rating
    from tongban.evaluations.services.submit import invitation_open, invitation_submit

    _invitation, token = invitation_open(actor=staff["clerk"], window=window)
    with django_assert_max_num_queries(13):
        invitation_submit(
            actor=None,
            token=token,
            channel="3",
            rating=Rating(level=1, options=["fast"]),
        )
    assert Evaluation.objects.get().window == window
