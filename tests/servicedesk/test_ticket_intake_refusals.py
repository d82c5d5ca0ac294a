"""Bad input at intake is refused clearly and leaves nothing behind: script in the text,
attachments the materials checks refuse, a flood from one address, a ticket about
another person's case, an anonymous requester without a proven phone."""

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from rest_framework.test import APIClient

from tests.servicedesk.conftest import pdf
from tongban.documents.models import StoredFile
from tongban.notifications.models import Message
from tongban.servicedesk.models import Ticket

pytestmark = pytest.mark.django_db
URL = "/api/v1/public/servicedesk/tickets/"
BODY = {
    "ticket_type": "complaint",
    "title": "窗口态度不好",
    "content": "办理时态度生硬。",
    "division_code": "540100",
}


def _codes(response: Any) -> dict[str, str]:
    return {p["name"]: p["code"] for p in response.json().get("invalid_params", [])}


def test_script_in_the_text_is_refused_with_what_to_fix(
    as_user: Any, applicant: Any
) -> None:
    client = as_user(applicant.user)
    response = client.post(
        URL, {**BODY, "content": "看这里<script>alert(1)</script>"}, format="json"
    )
    assert response.status_code == 400
    assert _codes(response) == {"content": "text_markup"}
    assert Ticket.objects.count() == 0


def test_an_attachment_the_material_checks_refuse_refuses_the_ticket(
    as_user: Any, applicant: Any
) -> None:
    program = SimpleUploadedFile("a.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = as_user(applicant.user).post(
        URL, {**BODY, "attachments": [pdf(), program]}, format="multipart"
    )
    assert response.status_code == 400
    assert _codes(response) == {"attachments": "file_executable"}
    assert Ticket.objects.count() == 0
    assert StoredFile.objects.count() == 0


def test_an_accepted_attachment_is_stored_with_the_ticket(
    as_user: Any, applicant: Any
) -> None:
    response = as_user(applicant.user).post(
        URL, {**BODY, "attachments": [pdf()]}, format="multipart"
    )
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get()
    assert ticket.attachments.count() == 1


@override_settings(
    SCOPED_THROTTLE_RATES={"ticket_address": "2/hour", "sms_address": "10/hour"}
)
def test_a_flood_from_one_address_is_refused_after_the_limit(
    as_user: Any, applicant: Any
) -> None:
    client = as_user(applicant.user)
    answers = [client.post(URL, BODY, format="json").status_code for _ in range(3)]
    assert answers == [201, 201, 429]
    assert Ticket.objects.count() == 2


def test_a_ticket_about_another_persons_case_is_refused(
    as_user: Any, applicant: Any, case_of: Any
) -> None:
    from tests.builders import applicant_with_account

    other = applicant_with_account(
        phone="13800000002", name="次仁", id_number="540102199001010046"
    )
    case = case_of(other)
    response = as_user(applicant.user).post(
        URL, {**BODY, "case_number": case.number}, format="json"
    )
    assert response.status_code == 400
    assert _codes(response) == {"case_number": "not_own_case"}


def test_a_ticket_about_ones_own_case_takes_its_unit_and_item(
    as_user: Any, applicant: Any, case_of: Any, orgs: dict[str, Any]
) -> None:
    case = case_of(applicant)
    response = as_user(applicant.user).post(
        URL, {**BODY, "case_number": case.number}, format="json"
    )
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get()
    assert ticket.case == case
    assert ticket.subject_organisation == orgs["lhasa"]
    assert ticket.implementation == case.implementation


def test_an_anonymous_requester_must_prove_the_phone() -> None:
    client = APIClient()
    body = {**BODY, "requester_phone": "13900000009"}
    assert _codes(client.post(URL, body, format="json")) == {
        "phone_code": "invalid_code"
    }
    client.post(
        "/api/v1/public/servicedesk/phone-code",
        {"phone": "13900000009"},
        format="json",
    )
    code = _code()
    response = client.post(URL, {**body, "phone_code": code}, format="json")
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get()
    assert ticket.requester is None
    assert ticket.requester_phone == "13900000009"
    # the code is spent: a second ticket needs a new one
    again = client.post(URL, {**body, "phone_code": code}, format="json")
    assert _codes(again) == {"phone_code": "invalid_code"}


def _code() -> str:
    message = Message.objects.filter(template="ticket_phone_code").latest("pk")
    return re.findall(r"\d{6}", message.body)[0]


def test_only_a_complaint_or_report_keeps_the_requester_from_the_unit(
    as_user: Any, applicant: Any
) -> None:
    response = as_user(applicant.user).post(
        URL,
        {**BODY, "ticket_type": "suggestion", "anonymous_to_unit": True},
        format="json",
    )
    assert _codes(response) == {"anonymous_to_unit": "anonymous_not_allowed"}


def test_an_unknown_item_or_region_is_refused_by_name(
    as_user: Any, applicant: Any
) -> None:
    client = as_user(applicant.user)
    item = client.post(URL, {**BODY, "implementation_code": "NOPE"}, format="json")
    assert _codes(item) == {"implementation_code": "unknown_item"}
    region = client.post(URL, {**BODY, "division_code": "999999"}, format="json")
    assert _codes(region) == {"division_code": "unknown_division"}
