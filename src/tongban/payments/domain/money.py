"""Amounts in 元 with two decimals (支付 data set: 金额 n..16,2), parsed strictly: a
notification's amount must be exactly the order's, never rounded into agreement."""

from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")
MAX = Decimal("99999999999999.99")


def parse_amount(value: object) -> Decimal | None:
    """The amount, or ``None`` unless a non-negative number with at most two decimals."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount > MAX:
        return None
    if amount != amount.quantize(CENT):
        return None
    return amount.quantize(CENT)


def total(amounts: list[Decimal]) -> Decimal:
    return sum(amounts, Decimal("0.00")).quantize(CENT)
