"""`make run`'s demo data hold an item whose fee a new user pays online: the resident
identity card renewal charges 20.00 元, a fixed amount, so the payment step offers the
reference payment platform; the catalogue export carries the amount and reads back."""

from decimal import Decimal

import pytest

from tongban.catalog import selectors
from tongban.catalog.exchange.exporter import export_row
from tongban.catalog.exchange.rows import clean_row
from tongban.ops.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_item_with_a_fee_paid_online() -> None:
    load_demo()
    fees = [
        (str(fee.name), fee.amount)
        for version in selectors.live_versions()
        for fee in version.fees.all()
        if fee.amount is not None
    ]
    assert fees == [("居民身份证工本费", Decimal("20.00"))]


def test_the_catalogue_export_carries_a_fee_amount_and_reads_it_back() -> None:
    load_demo()
    version = next(
        v for v in selectors.live_versions() if v.fees.filter(amount__isnull=False)
    )
    row = export_row(version)
    assert row["fees"][0]["amount"] == "20.00"
    cleaned, errors = clean_row(row)
    assert errors == {}
    assert cleaned.fees[0]["amount"] == "20.00"
    row["fees"][0]["amount"] = ""  # no fixed amount: the key is left out, not ""
    assert "amount" not in clean_row(row)[0].fees[0]
