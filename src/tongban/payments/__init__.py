"""统一公共支付: fees of an item paid online through the unified public payment platform
(order, pay, signed asynchronous notification, refund, daily reconciliation). Like
certificates and sharing it knows nothing of cases: an order names what it pays for by a
reference (the case number)."""
