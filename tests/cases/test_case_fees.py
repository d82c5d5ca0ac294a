"""A case whose item has a fee cannot close while the fee is unpaid (the ``fees_paid``
guard), and the close records what was paid (GB/T 39046 表8 是否收费)."""

from decimal import Decimal

import pytest
from django.test import Client

from tests.payments.keys import PUBLIC_B64, notification
from tongban.cases.models import Case, CaseEvent
from tongban.catalog.models import Fee
from tongban.payments.models import PaymentOrder

pytestmark = pytest.mark.django_db


def _decided(submit, act) -> str:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    act("officer", uuid, "approve-step")
    act("officer2", uuid, "approve-step")
    act("officer", uuid, "approve-step")
    assert act("officer2", uuid, "decide", decision="approve").status_code == 200
    return str(uuid)


def test_a_case_does_not_close_while_its_fee_is_unpaid(
    submit, act, service, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.PAYMENT_PROVIDER_PUBLIC_KEY = PUBLIC_B64
    Fee.objects.create(version=service, name="工本费", amount=Decimal("20.00"), order=1)
    uuid = _decided(submit, act)
    refused = act("officer2", uuid, "close", result_name="营业执照")
    assert refused.status_code == 400
    assert refused.json()["invalid_params"][0]["code"] == "fee_unpaid"
    case = Case.objects.get(uuid=uuid)
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
    closed = act("officer2", uuid, "close", result_name="营业执照")
    assert closed.status_code == 200
    assert CaseEvent.objects.get(case=case, event="close").data["fee_paid"] == "20.00"


def test_a_case_without_fees_closes_as_before(submit, act) -> None:  # type: ignore[no-untyped-def]
    uuid = _decided(submit, act)
    assert act("officer2", uuid, "close", result_name="营业执照").status_code == 200
