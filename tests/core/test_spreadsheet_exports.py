"""Every CSV or XLSX writer in Tongban goes through the formula guard of
``core.domain.spreadsheet`` (OWASP CSV injection): a new export that writes cells
directly fails here."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "tongban"
WRITERS = re.compile(r"csv\.(writer|DictWriter)\(|Workbook\(")
GUARDS = re.compile(r"\b(formula_safe|xlsx_text_cell)\b")


def test_every_spreadsheet_writer_guards_its_cells():
    writers = [
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if WRITERS.search(text := path.read_text(encoding="utf-8"))
        and not GUARDS.search(text)
        and path.name != "spreadsheet.py"
    ]
    assert writers == []


def test_the_catalogue_exchange_is_among_the_guarded_writers():
    text = (SRC / "catalog" / "exchange" / "formats.py").read_text(encoding="utf-8")
    assert WRITERS.search(text)
    assert GUARDS.search(text)
