"""Fees paid at the service counter: a clerk of the handling organisation (or of the hall
that took the case in) records the payment with its method and receipt number; the
amount is exactly what is owed, fees the item allows to waive are waived with a reason;
a case is recorded once, never on top of an online payment; only a supervisor reverses a
record, with a reason; and the close guard accepts a counter-paid (or waived) fee."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tests.cases.conftest import MONDAY
from tests.payments.keys import PUBLIC_B64, notification
from tongban.accounts.domain.roles import Role
from tongban.cases.models import Case, CaseEvent
from tongban.catalog.models import Fee
from tongban.core.models import AuditEvent
from tongban.payments.models import PaymentOrder
from tongban.payments.services import payment_reconcile
from tongban.payments.services.counter import (
    payment_counter_record,
    payment_counter_reverse,
)

pytestmark = pytest.mark.django_db
COUNTER = "/api/v1/internal/payments/{number}/counter"


@pytest.fixture(autouse=True)
def _monday(time_machine: Any) -> None:
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def fee(service: Any) -> Fee:
    return Fee.objects.create(
        version=service, name="工本费", amount=Decimal("20.00"), order=1
    )


@pytest.fixture
def case(submit: Any, fee: Fee) -> Case:
    return Case.objects.get(uuid=submit().json()["uuid"])


@pytest.fixture
def supervisor(make_staff: Any) -> Any:
    return make_staff("supervisor", Role.SUPERVISOR, division_code="540100")


def _decide(case: Case, act: Any) -> None:
    uuid = str(case.uuid)
    assert act("clerk", uuid, "accept").status_code == 200
    for who in ("officer", "officer2", "officer"):
        assert act(who, uuid, "approve-step").status_code == 200
    assert act("officer2", uuid, "decide", decision="approve").status_code == 200


def _close(case: Case, act: Any) -> Any:
    return act("officer2", str(case.uuid), "close", result_name="营业执照")


def _pay(staff_api: Any, case: Case, who: str = "clerk", **data: Any) -> Any:
    body = {"counter_method": "cash", "amount": "20.00", "receipt_number": "XZ0001234"}
    return staff_api[who].post(
        COUNTER.format(number=case.number), {**body, **data}, format="json"
    )


def _code(answer: Any) -> str:
    return str(answer.json()["invalid_params"][0]["code"])


def test_the_close_guard_accepts_a_fee_paid_at_the_counter(
    case: Case, act: Any, staff_api: Any, staff: Any
) -> None:
    _decide(case, act)
    assert _code(_close(case, act)) == "fee_unpaid"
    paid = _pay(staff_api, case)
    assert paid.status_code == 201, paid.json()
    record = paid.json()
    assert (record["status"], record["paid_through"]) == ("paid", "counter")
    assert (record["counter_method"], record["receipt_number"]) == ("cash", "XZ0001234")
    assert record["collected_by"] == staff["clerk"].display_name
    assert _close(case, act).status_code == 200
    assert CaseEvent.objects.get(case=case, event="close").data["fee_paid"] == "20.00"


def test_the_amount_must_be_exactly_what_is_owed(case: Case, staff_api: Any) -> None:
    for amount in ("19.99", "20.001", "200", "-20", "二十"):
        answer = _pay(staff_api, case, amount=amount)
        assert (answer.status_code, _code(answer)) == (400, "wrong_amount"), amount
    reason = _pay(staff_api, case, amount="19.99").json()["invalid_params"][0]["reason"]
    assert "20.00" in reason
    assert _pay(staff_api, case, amount="20").status_code == 201


def test_the_receipt_number_is_required(case: Case, staff_api: Any, staff: Any) -> None:
    answer = _pay(staff_api, case, receipt_number="   ")
    assert (answer.status_code, _code(answer)) == (400, "blank")
    with pytest.raises(ValidationError) as refused:
        payment_counter_record(
            actor=staff["clerk"],
            reference=case.number,
            method="cash",
            amount="20.00",
            receipt_number=" ",
        )
    assert refused.value.error_dict["receipt_number"][0].code == "required"
    assert not PaymentOrder.objects.exists()


def test_a_case_is_recorded_at_the_counter_once(case: Case, staff_api: Any) -> None:
    assert _pay(staff_api, case).status_code == 201
    again = _pay(staff_api, case, receipt_number="XZ0001235")
    assert (again.status_code, _code(again)) == (400, "already_recorded")
    assert PaymentOrder.objects.count() == 1


def test_a_case_paid_online_is_not_recorded_at_the_counter(
    case: Case, staff_api: Any, settings: Any
) -> None:
    settings.PAYMENT_PROVIDER_PUBLIC_KEY = PUBLIC_B64
    order = PaymentOrder.objects.create(
        number="N1",
        reference=case.number,
        payer_name="格桑",
        payee="拉萨",
        description="工本费",
        amount=Decimal("20.00"),
    )
    body, signature = notification(order.number, "20.00")
    Client().post(
        "/payments/notify/",
        body,
        content_type="application/json",
        HTTP_X_PAY_SIGNATURE=signature,
    )
    answer = _pay(staff_api, case)
    assert (answer.status_code, _code(answer)) == (400, "paid_online")


def test_only_a_clerk_of_the_handling_organisation_or_hall_records_it(
    case: Case, staff_api: Any, staff: Any, halls: Any
) -> None:
    assert _pay(staff_api, case, who="officer").status_code == 403  # no payment role
    assert _pay(staff_api, case, who="xigaze_clerk").status_code == 404  # elsewhere
    # Taken in at the 日喀则 hall (代收): that hall's clerk may take the fee.
    Case.objects.filter(pk=case.pk).update(intake_hall=halls["xigaze"])
    assert _pay(staff_api, case, who="xigaze_clerk").status_code == 201


def test_a_fee_the_item_allows_to_waive_is_waived_with_a_reason_and_closes(
    case: Case, fee: Fee, act: Any, staff_api: Any, service: Any
) -> None:
    refused = _pay(staff_api, case, amount="0.00", waive=True, waiver_reason="低保户")
    assert _code(refused) == "waiver_not_allowed"
    Fee.objects.filter(pk=fee.pk).update(waiver_allowed=True)
    no_reason = _pay(staff_api, case, amount="0.00", waive=True)
    assert _code(no_reason) == "required"
    Fee.objects.create(version=service, name="邮寄费", amount=Decimal("12.50"), order=2)
    wrong = _pay(staff_api, case, amount="32.50", waive=True, waiver_reason="低保户")
    assert _code(wrong) == "wrong_amount"  # the waivable 20.00 is not paid
    done = _pay(staff_api, case, amount="12.50", waive=True, waiver_reason="低保户")
    assert done.status_code == 201
    assert (done.json()["waived_amount"], done.json()["amount"]) == ("20.00", "12.50")
    _decide(case, act)
    assert _close(case, act).status_code == 200
    # 表8 是否收费 records what was paid, not what was waived.
    assert CaseEvent.objects.get(case=case, event="close").data["fee_paid"] == "12.50"


def test_a_fully_waived_fee_is_a_waived_record(
    case: Case, fee: Fee, staff_api: Any
) -> None:
    Fee.objects.filter(pk=fee.pk).update(waiver_allowed=True)
    done = _pay(staff_api, case, amount="0", waive=True, waiver_reason="残疾人减免")
    assert done.status_code == 201
    assert (done.json()["status"], done.json()["waiver_reason"]) == (
        "waived",
        "残疾人减免",
    )


def test_only_a_supervisor_reverses_a_counter_record_with_a_reason(
    case: Case, staff: Any, supervisor: Any, act: Any, staff_api: Any
) -> None:
    number = _pay(staff_api, case).json()["number"]
    with pytest.raises(PermissionDenied):
        payment_counter_reverse(actor=staff["clerk"], number=number, reason="录错")
    with pytest.raises(ValidationError) as no_reason:
        payment_counter_reverse(actor=supervisor, number=number, reason=" ")
    assert no_reason.value.error_dict["reason"][0].code == "required"
    order = payment_counter_reverse(actor=supervisor, number=number, reason="票据作废")
    assert (order.status, order.reversed_by) == ("reversed", supervisor)
    # The fee is owed again: the case does not close, and it may be recorded anew.
    _decide(case, act)
    assert _code(_close(case, act)) == "fee_unpaid"
    with pytest.raises(ValidationError):  # a reversed record is not reversed twice
        payment_counter_reverse(actor=supervisor, number=number, reason="again")
    assert _pay(staff_api, case, receipt_number="XZ0001236").status_code == 201
    assert _close(case, act).status_code == 200


def test_an_online_payment_is_not_reversed_as_a_counter_record(
    case: Case, supervisor: Any
) -> None:
    order = PaymentOrder.objects.create(
        number="N2",
        reference=case.number,
        payer_name="格桑",
        payee="拉萨",
        description="工本费",
        amount=Decimal("20.00"),
        status="paid",
        paid_through="notification",
    )
    with pytest.raises(ValidationError) as refused:
        payment_counter_reverse(actor=supervisor, number=order.number, reason="x")
    assert refused.value.error_dict["number"][0].code == "not_reversible"


def test_recording_and_reversing_are_audited(
    case: Case, staff: Any, supervisor: Any
) -> None:
    order = payment_counter_record(
        actor=staff["clerk"],
        reference=case.number,
        method="qr",
        amount="20.00",
        receipt_number="XZ0009",
    )
    payment_counter_reverse(actor=supervisor, number=order.number, reason="录错")
    rows = AuditEvent.objects.filter(
        object_type="payments.paymentorder", object_id=str(order.pk)
    ).order_by("id")
    assert [(r.action, r.actor_id) for r in rows] == [
        ("payment.counter", staff["clerk"].pk),
        ("payment.counter_reverse", supervisor.pk),
    ]
    assert rows[0].changes["receipt_number"] == [None, "XZ0009"]


def test_the_record_shows_on_the_case_page_the_applicants_page_and_the_records(
    case: Case, staff: Any, staff_api: Any, applicant: Any
) -> None:
    _pay(staff_api, case, counter_method="card", receipt_number="XZ0007777")
    clerk = Client()
    clerk.force_login(staff["clerk"])
    page = clerk.get(f"/workbench/cases/{case.uuid}/").content.decode()
    assert "XZ0007777" in page
    assert f"/workbench/payments/{case.number}/" in page
    mine = Client()
    mine.force_login(applicant.user)
    own = mine.get(f"/me/cases/{case.uuid}/").content.decode()
    assert "XZ0007777" in own
    assert 'id="fee-status" class="ok"' in own
    records = staff_api["clerk"].get(f"/api/v1/internal/payments/{case.number}/")
    assert records.status_code == 200
    assert records.json()["owed"] == "0.00"
    assert [r["receipt_number"] for r in records.json()["records"]] == ["XZ0007777"]


def test_the_counter_page_records_a_payment(case: Case, staff: Any) -> None:
    clerk = Client()
    clerk.force_login(staff["clerk"])
    url = f"/workbench/payments/{case.number}/"
    assert 'id="counter-form"' in clerk.get(url).content.decode()
    wrong = clerk.post(
        url, {"method": "cash", "amount": "2.00", "receipt_number": "XZ1"}
    )
    assert wrong.status_code == 400
    done = clerk.post(
        url, {"method": "cash", "amount": "20.00", "receipt_number": "XZ1"}
    )
    assert done.status_code == 302
    assert PaymentOrder.objects.get().receipt_number == "XZ1"


def test_reconciliation_leaves_counter_payments_alone(
    case: Case, staff: Any, monkeypatch: Any
) -> None:
    payment_counter_record(
        actor=staff["clerk"],
        reference=case.number,
        method="cash",
        amount="20.00",
        receipt_number="XZ2",
    )
    monkeypatch.setattr("tongban.payments.adapter.statement", lambda day: [])
    run = payment_reconcile(day=PaymentOrder.objects.get().paid_at.date())
    assert run.differences == []
