"""Order, pay, notification, refund and reconciliation against the reference payment
platform, a separate process reached over real HTTP; its notifications reach Tongban's
live server."""

import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import requests
from django.utils import timezone

from tests.payments.keys import PRIVATE_B64, PUBLIC_B64
from tests.reference import counterpart
from tongban.payments.models import PaymentOrder
from tongban.payments.services import (
    payment_order_open,
    payment_reconcile,
    payment_refund,
)

pytestmark = pytest.mark.django_db(transaction=True)
MERCHANT_KEY = "merchant-key-for-tests"


@pytest.fixture(scope="module")
def platform() -> Iterator[str]:
    args = ("--merchant-key", MERCHANT_KEY, "--signing-key", PRIVATE_B64)
    with counterpart("payment", *args) as url:
        yield url


@pytest.fixture
def configured(settings: Any, platform: str) -> str:
    settings.PAYMENT_PROVIDER_URL = platform
    settings.PAYMENT_MERCHANT_KEY = MERCHANT_KEY
    settings.PAYMENT_PROVIDER_PUBLIC_KEY = PUBLIC_B64
    return platform


def _open(reference: str, notify_url: str) -> PaymentOrder:
    return payment_order_open(
        actor=None,
        reference=reference,
        payer_name="格桑",
        payee="拉萨市政务服务中心",
        description="营业执照 工本费",
        lines=[("工本费", Decimal("20.00")), ("邮寄费", Decimal("12.50"))],
        notify_url=notify_url,
        return_url="http://127.0.0.1:9/back",
    )


def _wait_paid(order: PaymentOrder) -> PaymentOrder:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        order.refresh_from_db()
        if order.status == "paid":
            return order
        time.sleep(0.1)
    raise AssertionError("no notification arrived")


def test_an_order_paid_at_the_platform_is_confirmed_by_its_notification(
    configured, live_server
) -> None:  # type: ignore[no-untyped-def]
    order = _open("CASE-1", f"{live_server.url}/payments/notify/")
    assert order.amount == Decimal("32.50")
    page = requests.get(order.pay_url, timeout=5)
    assert "32.50" in page.text
    paid = requests.post(order.pay_url, allow_redirects=False, timeout=5)
    assert paid.status_code == 303
    order = _wait_paid(order)
    assert order.paid_through == "notification"
    assert order.provider_trade_no.startswith("T")
    # opening again for the same reference gives no second order
    assert PaymentOrder.objects.count() == 1


def test_a_paid_order_is_refunded_at_the_platform(configured, live_server) -> None:  # type: ignore[no-untyped-def]
    order = _open("CASE-2", f"{live_server.url}/payments/notify/")
    requests.post(order.pay_url, allow_redirects=False, timeout=5)
    order = payment_refund(actor=None, order=_wait_paid(order))
    assert (order.status, order.refunded_amount) == ("refunded", Decimal("32.50"))


def test_reconciliation_marks_paid_what_the_platform_has_and_the_notification_lost(
    configured,
) -> None:  # type: ignore[no-untyped-def]
    order = _open("CASE-3", "http://127.0.0.1:9/lost")  # notifications go nowhere
    requests.post(order.pay_url, allow_redirects=False, timeout=5)
    run = payment_reconcile(day=timezone.localdate())
    assert run.fixed == [order.number]
    order.refresh_from_db()
    assert (order.status, order.paid_through) == ("paid", "reconciliation")
    again = payment_reconcile(day=timezone.localdate())
    assert again.fixed == []
    # (the platform process outlives the other tests' rows: their orders are differences)
    assert order.number not in [d["order"] for d in again.differences]
    assert again.matched == 1


def test_the_platform_refuses_an_unsigned_order(configured) -> None:  # type: ignore[no-untyped-def]
    answer = requests.post(
        f"{configured}/orders", json={"order_number": "x", "amount": "1.00"}, timeout=5
    )
    assert answer.status_code == 401
