"""表10 咨询投诉 and 表11 电子监察 with real records: a complaint filed, routed, replied
through the service-desk services; a case overdue, its warning raised by the sweep and a
督办 order issued on it through the API — each cut into a batch and every exported field
compared with what was stored; an anonymous requester is not named; a warning that gets
its order after it went out goes out again with it; a bad record is held back."""

import re
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.builders import applicant_with_account
from tests.exchange.records import cut, within_lengths
from tests.servicedesk.conftest import file_ticket
from tests.supervision.conftest import *  # noqa: F403 - case and supervision fixtures
from tests.supervision.conftest import _monday  # noqa: F401 - autouse: 2 March 2026
from tongban.exchange.sources import stamp
from tongban.servicedesk.models import Ticket
from tongban.servicedesk.services import actions
from tongban.supervision.models import SupervisionOrder, Warning

pytestmark = pytest.mark.django_db


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_replied_complaint_goes_out_and_an_anonymous_one_names_nobody(
    desk, orgs, platform, time_machine
) -> None:  # type: ignore[no-untyped-def]
    person = applicant_with_account(phone="13900000009", name="卓玛")
    named = file_ticket(person.user)
    hidden = file_ticket(person.user, anonymous_to_unit=True, ticket_type="report")
    first = cut(platform, "interaction")
    assert first["held"] == []
    by_number = {r["ticket_number"]: r for r in first["records"]}
    assert set(by_number) == {named.number, hidden.number}
    record = by_number[named.number]
    assert record["sync_type"] == "I"
    assert (record["ticket_type"], record["title"]) == ("complaint", named.title)
    assert record["content"] == named.content
    assert record["requester"] == named.requester_name == "卓玛"
    assert record["received_at"] == stamp(named.received_at)
    assert (record["handled_at"], record["reply"]) == ("", "")
    assert record["overdue_days"] == "0"
    assert record["division_code"] == "540100"
    assert by_number[hidden.number]["requester"] == ""
    assert by_number[hidden.number]["ticket_type"] == "report"
    for each in first["records"]:
        within_lengths("interaction", each)
        assert "13900000009" not in str(each)  # the phone never goes out

    time_machine.move_to("2026-03-03 10:00:00+08:00", tick=False)
    ticket = actions.ticket_route(
        ticket=named, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    ticket = actions.ticket_assign(
        ticket=ticket, handler=desk["handler"], actor=desk["handler"]
    )
    actions.ticket_reply(ticket=ticket, actor=desk["handler"], reply="已整改。")
    again = cut(platform, "interaction")
    [update] = again["records"]
    stored = Ticket.objects.get(pk=named.pk)
    assert update["sync_type"] == "U"
    assert update["ticket_number"] == named.number
    assert update["handled_at"] == stamp(stored.replied_at) == "20260303100000"
    assert update["reply"] == "已整改。"
    assert update["handling_unit"] == orgs["lhasa"].name
    assert update["handling_unit_uscc"] == orgs["lhasa"].uscc


def test_a_ticket_with_a_bad_field_is_held_back(desk, platform) -> None:  # type: ignore[no-untyped-def]
    person = applicant_with_account(phone="13900000009", name="卓玛")
    good = file_ticket(person.user)
    bad = file_ticket(person.user, title="另一件")
    Ticket.objects.filter(pk=bad.pk).update(overdue_days=12345)  # n..4
    batch = cut(platform, "interaction")
    assert [r["ticket_number"] for r in batch["records"]] == [good.number]
    assert batch["held"] == [
        {
            "record_key": bad.number,
            "problems": [
                {"field": "overdue_days", "code": "too_long", "reason": "longer than 4"}
            ],
        }
    ]


@pytest.fixture
def overdue_case(region_day_off, submit, act, sweep, time_machine) -> str:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    time_machine.move_to("2026-03-11 10:00:00+08:00", tick=False)
    sweep()
    return uuid


def test_a_warning_goes_out_and_again_with_its_order(
    overdue_case, supervisor, platform, time_machine
) -> None:  # type: ignore[no-untyped-def]
    raised = cut(platform, "supervision")
    assert raised["held"] == []
    warnings = {w.number: w for w in Warning.objects.filter(subject_uuid=overdue_case)}
    assert {r["supervision_number"] for r in raised["records"]} == set(warnings)
    for record in raised["records"]:
        warning = warnings[record["supervision_number"]]
        assert record["sync_type"] == "I"
        assert record["case_number"] == warning.subject_number
        assert record["rule_number"] == warning.rule
        assert record["warning_type_code"] == warning.severity
        assert record["warning_type_code"] in ("1", "2", "3")
        assert record["item_type_code"] == warning.item_type
        assert record["state_changed_at"] == stamp(warning.state_changed_at)
        assert record["result_description"] == warning.description
        assert record["responsible_unit"] == warning.organisation.name
        assert record["division_code"] == warning.division.code
        assert record["order_content"] == record["order_issued_at"] == ""
        within_lengths("supervision", record)

    time_machine.move_to("2026-03-12 09:30:00+08:00", tick=False)
    issued = _client(supervisor).post(
        "/api/v1/internal/supervision/orders",
        {"case": overdue_case, "content": "请于三个工作日内办结并说明超期原因。"},
        format="json",
    )
    assert issued.status_code == 201, issued.content
    order = SupervisionOrder.objects.get(uuid=issued.json()["uuid"])
    again = cut(platform, "supervision")
    assert again["held"] == []
    [record] = [
        r for r in again["records"] if r["supervision_number"] == order.warning.number
    ]
    assert record["sync_type"] == "U"
    assert record["order_content"] == "请于三个工作日内办结并说明超期原因。"
    assert record["supervised_unit"] == order.organisation.name
    assert record["order_issued_at"] == stamp(order.issued_at) == "20260312093000"


def test_a_warning_with_a_bad_field_is_held_back(overdue_case, platform) -> None:  # type: ignore[no-untyped-def]
    warnings = list(Warning.objects.filter(subject_uuid=overdue_case).order_by("pk"))
    assert warnings
    Warning.objects.filter(pk=warnings[0].pk).update(item_type="99")  # not in A.1
    batch = cut(platform, "supervision")
    assert warnings[0].number not in {r["supervision_number"] for r in batch["records"]}
    [held] = batch["held"]
    assert held["record_key"] == warnings[0].number
    assert held["problems"][0]["field"] == "item_type_code"
    assert re.fullmatch(r"[a-z_]+", held["problems"][0]["code"])
