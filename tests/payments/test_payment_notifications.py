"""The platform's notification marks an order paid only when its signature, amount,
freshness and id hold; every refused one is logged with why."""

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests.payments.keys import PUBLIC_B64, notification
from tongban.payments.models import PaymentNotification, PaymentOrder

pytestmark = pytest.mark.django_db
NOTIFY = "/payments/notify/"


@pytest.fixture
def order(settings: Any) -> PaymentOrder:
    settings.PAYMENT_PROVIDER_PUBLIC_KEY = PUBLIC_B64
    return PaymentOrder.objects.create(
        number="202603020000000001",
        reference="CASE-1",
        payer_name="格桑",
        payee="拉萨市政务服务中心",
        description="工本费",
        amount=Decimal("20.00"),
    )


def _post(body: bytes, signature: str) -> Any:
    return Client().post(
        NOTIFY, body, content_type="application/json", HTTP_X_PAY_SIGNATURE=signature
    )


def _outcomes() -> list[str]:
    return list(
        PaymentNotification.objects.order_by("id").values_list("outcome", flat=True)
    )


def test_a_signed_notification_with_the_right_amount_marks_the_order_paid(
    order,
) -> None:  # type: ignore[no-untyped-def]
    assert _post(*notification(order.number, "20.00")).status_code == 200
    order.refresh_from_db()
    assert (order.status, order.paid_through) == ("paid", "notification")


def test_a_bad_signature_is_refused_and_logged(order) -> None:  # type: ignore[no-untyped-def]
    body, _signature = notification(order.number, "20.00")
    _other, forged = notification(order.number, "20.00")
    assert _post(body, forged).status_code == 401
    order.refresh_from_db()
    assert order.status == "created"
    assert _outcomes() == ["bad_signature"]


def test_a_wrong_amount_is_refused_and_logged(order) -> None:  # type: ignore[no-untyped-def]
    for amount in ("2.00", "20.001", "-20.00", "20"):
        body, signature = notification(order.number, amount)
        expected = 200 if amount == "20" else 400  # 20 is exactly 20.00 yuan
        assert _post(body, signature).status_code == expected, amount
    assert _outcomes() == ["wrong_amount"] * 3 + ["accepted"]


def test_a_replayed_notification_is_refused_and_logged(order) -> None:  # type: ignore[no-untyped-def]
    body, signature = notification(order.number, "20.00")
    assert _post(body, signature).status_code == 200
    assert _post(body, signature).status_code == 409
    assert _outcomes() == ["accepted", "replay"]


def test_a_stale_notification_is_refused(order) -> None:  # type: ignore[no-untyped-def]
    body, signature = notification(
        order.number, "20.00", timestamp="2020-01-01T00:00:00+00:00"
    )
    assert _post(body, signature).status_code == 400
    assert _outcomes() == ["stale"]


def test_an_unknown_order_and_garbage_are_refused(order) -> None:  # type: ignore[no-untyped-def]
    assert _post(*notification("nope", "20.00")).status_code == 404
    assert _post(b"\xff\x00", "AAAA").status_code == 401
    nul_id = notification(order.number, "20.00", notify_id="a\u0000b")
    assert _post(*nul_id).status_code == 400  # refused; logged without the NUL
    assert _outcomes() == ["unknown_order", "bad_signature", "malformed"]
