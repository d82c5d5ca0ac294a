"""HTTP adapter to the unified public payment platform (统一公共支付): create an order,
refund, fetch a day's statement. The reference platform (``tongban.reference.payment``)
speaks the same protocol; a province's platform gets an adapter with the same functions.
"""

import json
import time
from datetime import date
from decimal import Decimal
from typing import Any

import requests
from django.conf import settings

from tongban.payments.domain.signing import request_signature


class PaymentUnavailable(Exception):
    """The platform could not be reached or refused the request."""


def enabled() -> bool:
    return bool(settings.PAYMENT_PROVIDER_URL)


def _call(method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
    body = json.dumps(payload or {}, ensure_ascii=False, sort_keys=True).encode()
    stamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-Merchant-Id": settings.PAYMENT_MERCHANT_ID,
        "X-Timestamp": stamp,
        "X-Signature": request_signature(
            key=settings.PAYMENT_MERCHANT_KEY, timestamp=stamp, body=body
        ),
    }
    try:
        response = requests.request(
            method,
            settings.PAYMENT_PROVIDER_URL + path,
            data=body,
            headers=headers,
            timeout=settings.PAYMENT_TIMEOUT_SECONDS,
        )
    except requests.RequestException as error:
        raise PaymentUnavailable(type(error).__name__) from error
    if not response.ok:
        raise PaymentUnavailable(f"{response.status_code} {response.text[:200]}")
    return response.json()


def order_create(
    *, number: str, amount: Decimal, description: str, notify_url: str, return_url: str
) -> str:
    """The platform's payment page for a new order."""
    answer = _call(
        "POST",
        "/orders",
        {
            "order_number": number,
            "amount": f"{amount:.2f}",
            "description": description,
            "notify_url": notify_url,
            "return_url": return_url,
        },
    )
    return str(answer["pay_url"])


def refund(*, number: str, amount: Decimal) -> str:
    answer = _call(
        "POST", "/refunds", {"order_number": number, "amount": f"{amount:.2f}"}
    )
    return str(answer["refund_id"])


def statement(*, day: date) -> list[dict[str, Any]]:
    return list(_call("POST", "/statements", {"date": day.isoformat()})["entries"])
