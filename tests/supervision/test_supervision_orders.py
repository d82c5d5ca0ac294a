"""督办 orders on the lifecycle kernel: a supervisor issues one on an overdue case with a
reply deadline in working days of the region's calendar, the organisation's officer
replies, the supervisor closes it; an order left unanswered is escalated by the sweep;
nobody outside the organisation may reply."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from tongban.supervision.models import SupervisionOrder
from tongban.supervision.orders import ORDERS
from tongban.supervision.services.orders import orders_escalate_overdue

pytestmark = pytest.mark.django_db


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def overdue_case(region_day_off, submit, act, sweep, time_machine) -> str:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    time_machine.move_to("2026-03-11 10:00:00+08:00", tick=False)
    sweep()
    return uuid


def test_the_order_lifecycle_declares_every_piece() -> None:
    assert ORDERS.problems() == []


def test_issue_reply_close(overdue_case, supervisor, staff) -> None:  # type: ignore[no-untyped-def]
    boss = _client(supervisor)
    issued = boss.post(
        "/api/v1/internal/supervision/orders",
        {"case": overdue_case, "content": "请于三个工作日内办结并说明超期原因。"},
        format="json",
    )
    assert issued.status_code == 201, issued.json()
    body = issued.json()
    # Wednesday 11 March + 3 working days of the region = Monday 16 March.
    assert (body["state"], body["due_on"]) == ("issued", "2026-03-16")
    order = SupervisionOrder.objects.get(uuid=body["uuid"])
    assert order.warning is not None
    assert order.warning.rule == "JC02"
    url = f"/api/v1/internal/supervision/orders/{body['uuid']}"
    replied = _client(staff["officer"]).post(
        f"{url}/reply", {"reply": "已于今日办结，超期系材料核验所致。"}, format="json"
    )
    assert replied.status_code == 200, replied.json()
    assert replied.json()["state"] == "replied"
    closed = boss.post(
        f"{url}/close", {"outcome": "情况属实，予以办结。"}, format="json"
    )
    assert closed.json()["state"] == "closed"
    events = list(order.events.values_list("event", flat=True))
    assert events == ["issue", "reply", "close"]


def test_an_empty_reply_is_refused_with_what_to_fix(
    overdue_case, supervisor, staff
) -> None:  # type: ignore[no-untyped-def]
    body = (
        _client(supervisor)
        .post(
            "/api/v1/internal/supervision/orders",
            {"case": overdue_case, "content": "请说明。"},
            format="json",
        )
        .json()
    )
    answer = _client(staff["officer"]).post(
        f"/api/v1/internal/supervision/orders/{body['uuid']}/reply",
        {"reply": "   "},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["invalid_params"][0]["name"] == "reply"


def test_an_organisation_outside_the_order_cannot_reply(
    overdue_case, supervisor, staff
) -> None:  # type: ignore[no-untyped-def]
    body = (
        _client(supervisor)
        .post(
            "/api/v1/internal/supervision/orders",
            {"case": overdue_case, "content": "请说明。"},
            format="json",
        )
        .json()
    )
    answer = _client(staff["xigaze_officer"]).post(
        f"/api/v1/internal/supervision/orders/{body['uuid']}/reply",
        {"reply": "不是我们的。"},
        format="json",
    )
    assert answer.status_code == 404


def test_a_case_officer_cannot_issue_orders(overdue_case, staff) -> None:  # type: ignore[no-untyped-def]
    answer = _client(staff["officer"]).post(
        "/api/v1/internal/supervision/orders",
        {"case": overdue_case, "content": "自己督办自己。"},
        format="json",
    )
    assert answer.status_code == 403


def test_an_unanswered_order_is_escalated_after_its_deadline(
    overdue_case, supervisor, time_machine
) -> None:  # type: ignore[no-untyped-def]
    body = (
        _client(supervisor)
        .post(
            "/api/v1/internal/supervision/orders",
            {"case": overdue_case, "content": "请说明。"},
            format="json",
        )
        .json()
    )
    time_machine.move_to("2026-03-16 10:00:00+08:00", tick=False)
    assert orders_escalate_overdue() == 0  # the due day itself is still in time
    time_machine.move_to("2026-03-17 10:00:00+08:00", tick=False)
    assert orders_escalate_overdue() == 1
    assert SupervisionOrder.objects.get(uuid=body["uuid"]).state == "escalated"
