"""Words users read about a case are labels, never internal codes: the delivery method on
the case page, in the 送达回证 and in the SMS; the 送达回证 names the number of the document
it serves (the decision), not the case number; the history names each review step with the
officer's opinion; the audit log names actions and states."""

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tongban.cases.models import Case, Notice
from tongban.notifications.backends import MemorySms

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(submit: Callable[..., Any], act: Callable[..., Any]) -> Case:
    uuid = submit().json()["uuid"]
    assert act("clerk", uuid, "accept").status_code == 200
    for officer, opinion in (
        ("officer", "材料齐全，同意"),
        ("officer2", "符合条件"),
        ("officer", ""),
    ):
        step = act(officer, uuid, "approve-step", opinion=opinion)
        assert step.status_code == 200, step.json()
    assert act("officer2", uuid, "decide", decision="approve").status_code == 200
    assert act("officer2", uuid, "close", result_name="营业执照").status_code == 200
    done = act("clerk", uuid, "deliver", method="electronic")
    assert done.status_code == 200, done.json()
    return Case.objects.get(uuid=uuid)


def test_the_service_receipt_numbers_the_document_it_serves(delivered: Case) -> None:
    receipt = Notice.objects.get(case=delivered, kind="service_receipt")
    decision = Notice.objects.get(case=delivered, kind="approval")
    assert receipt.facts["document_number"] == decision.number
    assert receipt.facts["document_number"] != delivered.number


def test_the_service_receipt_names_the_delivery_method(delivered: Case) -> None:
    receipt = Notice.objects.get(case=delivered, kind="service_receipt")
    with translation.override(delivered.language):
        expected = str(Case.delivery_method_label("electronic"))
    assert receipt.facts["delivery_method"] == expected
    assert "electronic" not in receipt.facts["delivery_method"]


def test_the_delivery_sms_names_the_method_in_the_applicants_language(
    delivered: Case,
) -> None:
    message = MemorySms.sent[-1]
    assert message.template == "case_deliver"
    assert "electronic" not in message.body
    with translation.override(message.language):
        assert str(Case.delivery_method_label("electronic")) in message.body


def _staff_page(client: Client, user: Any, url: str) -> str:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client.get(url).content.decode()


def test_the_workbench_case_page_names_the_delivery_method(
    delivered: Case, client: Client, staff: dict[str, Any]
) -> None:
    page = _staff_page(client, staff["clerk"], f"/workbench/cases/{delivered.uuid}/")
    assert "electronic" not in page.split("<main", 1)[1]


def test_review_history_names_the_step_and_the_opinion(
    delivered: Case, client: Client, staff: dict[str, Any]
) -> None:
    page = _staff_page(client, staff["officer"], f"/workbench/cases/{delivered.uuid}/")
    for step in settings.CASE_REVIEW_STEPS:
        assert step in page
    assert "材料齐全，同意" in page
    assert "符合条件" in page


def test_the_audit_log_names_actions_and_states(
    delivered: Case, client: Client, make_staff: Callable[..., Any]
) -> None:
    auditor = make_staff("auditor", "platform_admin", division_code=None)
    page = _staff_page(client, auditor, "/workbench/audit/")
    main = page.split("<main", 1)[1]
    assert "case.approve_step" not in main
    assert "accepted → accepted" not in main
    assert "审核环节已通过" in main  # "Review step approved"
    assert "已受理" in main
