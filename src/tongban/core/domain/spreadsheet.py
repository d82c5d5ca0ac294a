"""Cells of exported spreadsheets that cannot run as formulas (CSV/formula injection).

OWASP's CSV injection guidance: a cell beginning with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return may be evaluated by the spreadsheet that opens the file, so such a
text cell is written with a leading apostrophe, which every spreadsheet reads as "this
is text". Every CSV export of the project writes its text cells through
``formula_safe``; XLSX exports write them as typed string cells with the quote prefix
(``xlsx_text_cell``) so nothing is stored as a formula. ``formula_unguard`` undoes the
apostrophe when Tongban reads its own CSV back, so export → import is lossless; a value
that itself starts with apostrophes before such a character gets one more on export.

Numbers are left alone: ``-5`` as a number is not a formula.
"""

import re
from typing import Any

FORMULA_START = "=+-@\t\r"
_GUARD = re.compile(r"'*[=+\-@\t\r]")
_GUARDED = re.compile(r"'+[=+\-@\t\r]")


def needs_guard(value: Any) -> bool:
    return isinstance(value, str) and _GUARD.match(value) is not None


def formula_safe(value: Any) -> Any:
    """``value`` as a CSV cell that a spreadsheet shows as text, never evaluates."""
    return "'" + value if needs_guard(value) else value


def formula_unguard(value: Any) -> Any:
    """The value ``formula_safe`` was given (for reading Tongban's own CSV back)."""
    if isinstance(value, str) and _GUARDED.match(value):
        return value[1:]
    return value


def xlsx_text_cell(sheet: Any, value: Any) -> Any:
    """An openpyxl cell for a write-only ``sheet``: text that starts like a formula is
    stored as a string with the quote prefix (openpyxl would store it as a formula)."""
    from openpyxl.cell import WriteOnlyCell

    if not needs_guard(value):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
