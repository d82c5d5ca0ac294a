"""Reference unified public payment platform (统一公共支付): orders, a payment page, signed
asynchronous notifications, refunds and daily statements, over HTTP.

Requests from the merchant (Tongban) must carry ``X-Merchant-Id``, ``X-Timestamp`` and
``X-Signature`` = hex HMAC-SHA256 of ``{timestamp}.{body}`` under the merchant key.
Notifications are JSON signed with the platform's Ed25519 key over the exact body bytes
(``X-Pay-Signature``, base64), POSTed to the order's ``notify_url`` from a background
thread and resent with back-off until the merchant answers 200 (or 409: already had it).

Run: ``python -m tongban.reference.payment --merchant-key K --signing-key B64`` (prints
``READY <url>``). Limits: state in memory, one merchant, full refunds only.
"""

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import Flask, abort, jsonify, redirect, render_template_string, request

from tongban.reference._http import arguments, run

CHINA = timezone(timedelta(hours=8))
PAY_PAGE = """<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">
<title>统一公共支付（参考实现）</title></head><body><main>
<h1>统一公共支付（参考实现）</h1>
<p>订单号：<span id="order">{{ order.number }}</span></p>
<p>{{ order.description }}</p>
<p>应付金额：<strong id="amount">{{ order.amount }}</strong> 元</p>
<form method="post"><button type="submit">确认支付</button></form>
</main></body></html>"""


@dataclass
class Order:
    number: str
    amount: Decimal
    description: str
    notify_url: str
    return_url: str
    status: str = "created"
    trade_no: str = ""
    paid_at: datetime | None = None


def create_app(
    merchant_id: str, merchant_key: str, signing_key: Ed25519PrivateKey
) -> Flask:
    app = Flask(__name__)
    orders: dict[str, Order] = {}
    lock = threading.Lock()

    def checked() -> dict[str, Any]:
        body = request.get_data()
        stamp = request.headers.get("X-Timestamp", "")
        expected = hmac.new(
            merchant_key.encode(), stamp.encode() + b"." + body, hashlib.sha256
        ).hexdigest()
        fresh = stamp.isdigit() and abs(time.time() - int(stamp)) < 300
        if (
            request.headers.get("X-Merchant-Id") != merchant_id
            or not fresh
            or not hmac.compare_digest(expected, request.headers.get("X-Signature", ""))
        ):
            abort(401)
        return dict(json.loads(body or b"{}"))

    def notify(order: Order, kind: str) -> None:
        payload = {
            "notify_id": secrets.token_hex(12),
            "type": kind,
            "order_number": order.number,
            "trade_no": order.trade_no,
            "amount": f"{order.amount:.2f}",
            "timestamp": datetime.now(UTC).isoformat(),
        }
        body = json.dumps(payload, sort_keys=True).encode()
        signature = base64.b64encode(signing_key.sign(body)).decode()
        for delay in (0, 0.2, 0.5, 1, 2, 4, 8):
            time.sleep(delay)
            try:
                answer = requests.post(
                    order.notify_url,
                    data=body,
                    headers={
                        "Content-Type": "application/json",
                        "X-Pay-Signature": signature,
                    },
                    timeout=5,
                )
            except requests.RequestException:
                continue
            if answer.status_code in (200, 409):
                return

    @app.post("/orders")
    def order_create() -> Any:
        data = checked()
        try:
            amount = Decimal(str(data["amount"]))
        except (KeyError, InvalidOperation):
            return jsonify(error="amount"), 400
        number = str(data.get("order_number", ""))
        with lock:
            if number in orders:
                order = orders[number]
            else:
                order = orders[number] = Order(
                    number=number,
                    amount=amount,
                    description=str(data.get("description", "")),
                    notify_url=str(data.get("notify_url", "")),
                    return_url=str(data.get("return_url", "")),
                )
        return jsonify(pay_url=f"{request.host_url}pay/{order.number}")

    @app.route("/pay/<number>", methods=["GET", "POST"])
    def pay(number: str) -> Any:
        order = orders.get(number) or abort(404)
        if request.method == "GET":
            return render_template_string(PAY_PAGE, order=order)
        with lock:
            if order.status == "created":
                order.status = "paid"
                order.trade_no = "T" + secrets.token_hex(8)
                order.paid_at = datetime.now(CHINA)
                threading.Thread(
                    target=notify, args=(order, "paid"), daemon=True
                ).start()
        return redirect(order.return_url or "/", code=303)

    @app.post("/refunds")
    def refund() -> Any:
        data = checked()
        order = orders.get(str(data.get("order_number", ""))) or abort(404)
        with lock:
            if order.status != "paid":
                return jsonify(error="not paid"), 409
            order.status = "refunded"
        return jsonify(refund_id="R" + secrets.token_hex(8), status="refunded")

    @app.post("/statements")
    def statement() -> Any:
        data = checked()
        day = str(data.get("date", ""))
        entries = [
            {
                "order_number": o.number,
                "trade_no": o.trade_no,
                "amount": f"{o.amount:.2f}",
                "status": o.status,
            }
            for o in orders.values()
            if o.paid_at is not None and o.paid_at.date().isoformat() == day
        ]
        return jsonify(date=day, entries=entries)

    return app


def main() -> None:
    parser = arguments("Reference unified public payment platform.")
    parser.add_argument("--merchant-id", default="tongban")
    parser.add_argument("--merchant-key", required=True)
    parser.add_argument(
        "--signing-key", required=True, help="base64 of the 32-byte Ed25519 private key"
    )
    options = parser.parse_args()
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(options.signing_key))
    app = create_app(options.merchant_id, options.merchant_key, key)
    run(lambda url: app, host=options.host, port=options.port)


if __name__ == "__main__":
    main()
