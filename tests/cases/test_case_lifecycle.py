"""A case from online submission to archive, through the named actions of the API."""

import datetime

import pytest
from django.conf import settings

from tests.cases.conftest import pdf
from tongban.cases.models import Case, CaseEvent, Notice
from tongban.core.models import AuditEvent
from tongban.notifications.backends import MemorySms

pytestmark = pytest.mark.django_db


def test_an_online_application_gets_a_number_and_a_query_code(submit, service) -> None:  # type: ignore[no-untyped-def]
    response = submit()
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "submitted"
    assert body["number"] == f"{service.implementation.code}202603020001"
    assert len(body["query_code"]) == 10
    case = Case.objects.get(uuid=body["uuid"])
    assert case.version == service  # the catalogue version is frozen on the case
    assert case.materials.count() == 2
    assert MemorySms.sent[-1].template == "case_submit"
    assert MemorySms.sent[-1].language == "bo"


def _supplement_requested(submit, act, materials) -> str:  # type: ignore[no-untyped-def]
    """A case submitted without the ID card copy, sent a one-time notice for it."""
    uuid = submit(attach=("申请书",)).json()["uuid"]
    notice = act(
        "clerk",
        uuid,
        "request-supplement",
        items=[
            {
                "material": materials["法定代表人身份证复印件"],
                "description": "法定代表人身份证复印件",
                "reason": "未提交",
            }
        ],
    )
    assert notice.status_code == 200, notice.json()
    return str(uuid)


def _supplemented(submit, act, materials, applicant_api, capture) -> str:  # type: ignore[no-untyped-def]
    """The same case after the applicant sent the missing copy."""
    uuid = _supplement_requested(submit, act, materials)
    with capture(execute=True):
        supplied = applicant_api.post(
            f"/api/v1/public/cases/{uuid}/supplement",
            {f"material_{materials['法定代表人身份证复印件']}": pdf()},
            format="multipart",
        )
    assert supplied.status_code == 200, supplied.json()
    return uuid


def _reviewed(act, uuid: str) -> None:  # type: ignore[no-untyped-def]
    """承办 → 审核 → 批准, by two officers in turn."""
    for officer in ("officer", "officer2", "officer"):
        assert act(officer, uuid, "approve-step").status_code == 200


def _delivered(submit, act, materials, applicant_api, capture) -> str:  # type: ignore[no-untyped-def]
    """Submitted, supplemented, accepted, reviewed, approved, closed and delivered."""
    uuid = _supplemented(submit, act, materials, applicant_api, capture)
    assert act("clerk", uuid, "accept").status_code == 200
    _reviewed(act, uuid)
    assert act("officer2", uuid, "decide", decision="approve").status_code == 200
    assert act("officer2", uuid, "close", result_name="营业执照").status_code == 200
    assert act("clerk", uuid, "deliver", method="pickup").status_code == 200
    return uuid


def test_a_case_missing_a_required_material_cannot_be_accepted(submit, act) -> None:  # type: ignore[no-untyped-def]
    uuid = submit(attach=("申请书",)).json()["uuid"]
    refused = act("clerk", uuid, "accept")
    assert refused.status_code == 400
    assert refused.json()["invalid_params"][0]["code"] == "materials_missing"


def test_a_supplement_notice_gives_ten_working_days(submit, act, materials) -> None:  # type: ignore[no-untyped-def]
    uuid = _supplement_requested(submit, act, materials)
    body = Case.objects.get(uuid=uuid)
    assert body.state == "supplement_requested"
    assert str(body.supplement_due) == "2026-03-16"  # 10 working days from Monday


def test_the_supplement_sends_the_case_back_for_acceptance(
    submit, act, materials, applicant_api, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    uuid = _supplemented(
        submit, act, materials, applicant_api, django_capture_on_commit_callbacks
    )
    assert Case.objects.get(uuid=uuid).state == "submitted"


def test_acceptance_starts_the_limits_the_day_after(
    submit, act, materials, applicant_api, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    uuid = _supplemented(
        submit, act, materials, applicant_api, django_capture_on_commit_callbacks
    )
    accepted = act("clerk", uuid, "accept").json()
    assert accepted["state"] == "accepted"
    # 5 promised / 20 statutory working days from Monday 2 March, that day not counted.
    assert (accepted["promised_due"], accepted["statutory_due"]) == (
        "2026-03-09",
        "2026-03-30",
    )
    assert accepted["light"] == "green"


def test_acceptance_is_audited(submit, act) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    assert act("clerk", uuid, "accept").status_code == 200
    assert AuditEvent.objects.filter(
        action="case.accept", object_id=str(Case.objects.get(uuid=uuid).pk)
    ).exists()


def test_one_officer_cannot_approve_two_review_steps_in_a_row(submit, act) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    assert act("officer", uuid, "approve-step").status_code == 200
    same = act("officer", uuid, "approve-step")
    assert same.json()["invalid_params"][0]["code"] == "same_officer"


def test_a_decision_waits_for_every_review_step(submit, act) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    act("officer", uuid, "approve-step")
    act("officer2", uuid, "approve-step")
    early = act("officer2", uuid, "decide", decision="approve")
    assert early.json()["invalid_params"][0]["code"] == "steps_pending"


def test_an_approval_closed_with_its_certificate_has_result_code_0(submit, act) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    _reviewed(act, uuid)
    decided = act("officer2", uuid, "decide", decision="approve").json()
    assert decided["state"] == "decided"
    closed = act("officer2", uuid, "close", result_name="营业执照").json()
    assert (closed["state"], closed["result_code"]) == ("closed", "0")


def test_the_result_is_delivered_last(
    submit, act, materials, applicant_api, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    uuid = _delivered(
        submit, act, materials, applicant_api, django_capture_on_commit_callbacks
    )
    assert Case.objects.get(uuid=uuid).state == "delivered"


def test_each_step_of_the_journey_issues_its_statutory_notice(
    submit, act, materials, applicant_api, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    uuid = _delivered(
        submit, act, materials, applicant_api, django_capture_on_commit_callbacks
    )
    kinds = list(Notice.objects.filter(case__uuid=uuid).values_list("kind", flat=True))
    assert kinds == [
        "supplement",
        "acceptance",
        "approval",
        "completion",
        "service_receipt",
    ]


def test_the_history_records_each_event_in_order(
    submit, act, materials, applicant_api, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    uuid = _delivered(
        submit, act, materials, applicant_api, django_capture_on_commit_callbacks
    )
    events = list(
        CaseEvent.objects.filter(case__uuid=uuid).values_list("event", flat=True)
    )
    assert events == [
        "submit",
        "request_supplement",
        "supplement",
        "accept",
        "approve_step",
        "approve_step",
        "approve_step",
        "decide",
        "close",
        "deliver",
    ]


def test_forbidden_transitions_are_409_problems(submit, act) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    # Well-formed bodies (a malformed one is a 400 before the state is looked at).
    bodies = {"decide": {"decision": "approve"}, "deliver": {"method": "pickup"}}
    # The state is judged before the role: none of these leaves a submitted case.
    for action in ("decide", "close", "deliver", "resume", "approve-step", "archive"):
        response = act("officer", uuid, action, **bodies.get(action, {}))
        assert response.status_code == 409, action
    response = act("clerk", uuid, "resume")
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"
    assert response["Content-Type"] == "application/problem+json"


def test_a_double_submit_with_one_key_makes_one_case(submit) -> None:  # type: ignore[no-untyped-def]
    first = submit(key="same-key-123").json()
    second = submit(key="same-key-123").json()
    assert first == second
    assert Case.objects.count() == 1


def test_a_bad_form_or_missing_material_stores_nothing(
    submit, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    response = submit(
        form='{"company_name": "", "legal_rep_id": "540102199001010021"}',
        attach=("法定代表人身份证复印件",),
    )
    assert response.status_code == 400
    names = {p["name"]: p["code"] for p in response.json()["invalid_params"]}
    assert names["form.company_name"] == "required"
    assert names["form.legal_rep_id"] == "resident_id_checksum"
    assert any(n.startswith("materials.") and c == "required" for n, c in names.items())
    assert not Case.objects.exists()
    assert not any(tmp_path.rglob("*.pdf"))


def test_a_case_of_another_region_cannot_be_touched(submit, act) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    assert act("xigaze_clerk", uuid, "accept").status_code == 404
    assert Case.objects.get(uuid=uuid).state == "submitted"


def test_special_procedure_pauses_and_extension_adds(submit, act, time_machine) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    assert act("clerk", uuid, "accept").json()["statutory_due"] == "2026-03-30"
    time_machine.move_to("2026-03-04 10:00:00+08:00", tick=False)
    paused = act(
        "officer",
        uuid,
        "suspend",
        procedure="现场核查",
        reasons="核实经营场所",
        expected_days=3,
    )
    assert paused.json()["state"] == "suspended"
    time_machine.move_to("2026-03-09 10:00:00+08:00", tick=False)
    resumed = act("officer", uuid, "resume").json()
    # Paused 4–8 March (3 working days): the statutory due date moves 3 working days.
    assert resumed["statutory_due"] == "2026-04-02"
    extended = act(
        "officer", uuid, "extend", days=10, reasons="情况复杂", approver="局长"
    )
    assert extended.json()["extension_days"] == 10
    again = act("officer", uuid, "extend", days=5, reasons="x", approver="y")
    assert again.json()["invalid_params"][0]["code"] == "already_extended"
    too_long = act("officer2", uuid, "return-step", reasons="x")
    assert too_long.status_code == 200


def test_tolerated_acceptance_and_its_deadline(submit, act, time_machine) -> None:  # type: ignore[no-untyped-def]
    uuid = submit(attach=("申请书",)).json()["uuid"]
    no_pledge = act("clerk", uuid, "accept-tolerated")
    assert no_pledge.json()["invalid_params"][0]["name"] == "pledge_signed"
    accepted = act(
        "clerk", uuid, "accept-tolerated", pledge_signed=True, due_days=3
    ).json()
    assert (accepted["state"], accepted["tolerance_due"]) == ("accepted", "2026-03-05")
    for _ in range(3):
        act("officer", uuid, "approve-step")
        act("officer2", uuid, "approve-step")
    blocked = act("officer", uuid, "decide", decision="approve")
    assert blocked.status_code == 400


def test_the_applicant_withdraws_and_queries_progress_without_login(
    submit, applicant_api, client
) -> None:  # type: ignore[no-untyped-def]
    body = submit().json()
    progress = client.post(
        "/api/v1/public/case-progress/",
        {"number": body["number"], "query_code": body["query_code"]},
        content_type="application/json",
    )
    assert progress.status_code == 200
    assert progress.json()["state"] == "submitted"
    assert "格桑" not in str(progress.json())  # no personal data without login
    wrong = client.post(
        "/api/v1/public/case-progress/",
        {"number": body["number"], "query_code": "0000000000"},
        content_type="application/json",
    )
    assert wrong.status_code == 404
    withdrawn = applicant_api.post(
        f"/api/v1/public/cases/{body['uuid']}/withdraw",
        {"reasons": "不需要了"},
        format="json",
    )
    assert withdrawn.json()["state"] == "withdrawn"


def test_deadlines_need_published_years_or_are_flagged(
    submit, act, time_machine
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-12-28 10:00:00+08:00", tick=False)
    uuid = submit(key="december-case").json()["uuid"]
    accepted = act("clerk", uuid, "accept").json()
    # 20 working days from 28 December 2026 reach into 2027, whose notice is not out.
    assert accepted["deadline_provisional"] is True
    assert datetime.date.fromisoformat(accepted["statutory_due"]).year == 2027


def test_the_acceptance_notice_is_a_pdf_whose_qr_page_confirms_it(
    submit, act, applicant_api, client
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    accepted = act("clerk", uuid, "accept").json()
    notice = accepted["notices"][0]
    assert notice["kind"] == "acceptance"
    response = applicant_api.get(
        f"/api/v1/public/cases/{uuid}/notices/{notice['uuid']}/pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    stored = Notice.objects.get(uuid=notice["uuid"])
    assert stored.file is not None  # rendered once, then served from storage
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bo"
    page = client.get(f"/notices/verify/{stored.verify_code}/")
    assert page.status_code == 200
    assert stored.number in page.content.decode()
    assert "格桑" not in page.content.decode()
    assert client.get("/notices/verify/forged-code/").status_code == 404


def test_another_applicant_cannot_see_a_case(submit, make_staff) -> None:  # type: ignore[no-untyped-def]
    from rest_framework.test import APIClient

    from tests.conftest import PASSWORD
    from tongban.accounts import services as accounts
    from tongban.core.permissions import SYSTEM

    uuid = submit().json()["uuid"]
    other = accounts.applicant_register(
        actor=SYSTEM,
        applicant_type="person",
        name="次仁",
        id_type="111",
        id_number="540202198512311239",
        phone="13800000002",
        password=PASSWORD,
    )
    client = APIClient()
    client.force_authenticate(other.user)
    assert client.get(f"/api/v1/public/cases/{uuid}/").status_code == 404
    assert (
        client.post(
            f"/api/v1/public/cases/{uuid}/withdraw", {}, format="json"
        ).status_code
        == 404
    )
    assert Case.objects.get(uuid=uuid).state == "submitted"


def test_staff_download_notices_of_cases_in_scope_only(submit, act, staff_api) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    notice = act("clerk", uuid, "accept").json()["notices"][0]["uuid"]
    url = f"/api/v1/internal/cases/{uuid}/notices/{notice}/pdf"
    response = staff_api["officer"].get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert staff_api["xigaze_officer"].get(url).status_code == 404


def test_a_notice_download_without_a_pdf_engine_is_a_503(
    submit, act, applicant_api, no_weasyprint
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    notice = act("clerk", uuid, "accept").json()["notices"][0]["uuid"]
    response = applicant_api.get(f"/api/v1/public/cases/{uuid}/notices/{notice}/pdf")
    assert response.status_code == 503
    assert response.json()["code"] == "notice_unavailable"
