"""通办范围 is stored and exported as its code (1 全国, 2 跨省, 3 跨市, 4 跨县), whether
the file gives the code, the standard's name or Tongban's former key."""

import pytest

from tests.catalog.test_exchange import good_row, run
from tongban.catalog.exchange.exporter import catalog_export_rows
from tongban.catalog.models import ImplementationVersion

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("2", "2"),  # the code itself
        ("跨省通办", "2"),  # the standard's name
        ("county", "4"),  # a file exported by an earlier Tongban
        ("全国通办", "1"),
    ],
)
def test_the_scope_is_stored_and_exported_as_its_code(orgs, given, code) -> None:  # type: ignore[no-untyped-def]
    report = run([good_row(service_scope=given)])
    assert report.ok, report.errors
    assert ImplementationVersion.objects.get().service_scope == code
    assert catalog_export_rows()[0]["service_scope"] == code


def test_an_unknown_scope_is_reported(orgs) -> None:  # type: ignore[no-untyped-def]
    report = run([good_row(service_scope="跨星球")])
    assert not report.ok
