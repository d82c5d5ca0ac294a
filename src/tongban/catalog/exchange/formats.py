"""Reading and writing exchange files: JSON (a list of objects), CSV (UTF-8, header row)
and XLSX (first sheet, header row). Rows come back as dicts keyed by the file's headers;
mapping headers to columns is the importer's job so it can report unknown ones.

A file larger than ``CATALOG_IMPORT_MAX_BYTES`` is refused before anything is parsed:
JSON is read whole into memory and a runaway export should fail fast and clearly. An
XLSX file is a ZIP archive whose sheets may inflate a thousandfold (a "zip bomb"): its
members' declared sizes are checked against ``CATALOG_IMPORT_MAX_INFLATED_BYTES`` (in
total) and ``CATALOG_IMPORT_MAX_RATIO`` (per member) before openpyxl opens it. Python's
``zipfile`` stops a member at its declared size, so a member lying about it cannot get
past the check either.

Writing guards against formula injection (``core.domain.spreadsheet``): CSV text cells
starting with ``=``, ``+``, ``-``, ``@``, tab or CR get a leading apostrophe (removed
again when such a CSV is read back), XLSX cells are typed strings, never formulas.
"""

import csv
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings

from tongban.catalog.exchange.shape import COLUMNS, LIST_COLUMNS
from tongban.core.domain.spreadsheet import (
    formula_safe,
    formula_unguard,
    xlsx_text_cell,
)

FORMATS = ("json", "csv", "xlsx")


class FileFormatError(Exception):
    pass


def detect(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise FileFormatError(f"unsupported file type .{suffix}; use json, csv or xlsx")
    return suffix


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_size(path: Path, max_bytes: int | None = None) -> None:
    limit = settings.CATALOG_IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    size = path.stat().st_size
    if size > limit:
        raise FileFormatError(
            f"{path.name} is {_megabytes(size)}; catalogue imports are limited to "
            f"{_megabytes(limit)} (CATALOG_IMPORT_MAX_BYTES). Split the file, e.g. by "
            "region, and import the parts."
        )


def read_rows(
    path: Path, *, max_bytes: int | None = None
) -> tuple[list[str], Iterator[dict[str, Any]]]:
    """Headers and rows of ``path``; refuses files above the size limit unread."""
    kind = detect(path)
    check_size(path, max_bytes)
    if kind == "json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as error:
            raise FileFormatError(f"not valid JSON: {error}") from error
        if isinstance(data, dict):
            data = data.get("items", [])
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise FileFormatError(
                'JSON must be a list of objects (or {"items": [...]})'
            )
        headers = list(dict.fromkeys(key for row in data for key in row))
        return headers, iter(data)
    if kind == "csv":
        handle = path.open(encoding="utf-8-sig", newline="")
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), _csv_rows(reader)
    return _xlsx_rows(path)


def _csv_rows(reader: csv.DictReader) -> Iterator[dict[str, Any]]:
    for row in reader:
        yield {k: formula_unguard(v) for k, v in row.items() if k is not None}


def check_inflation(path: Path) -> None:
    """Refuse an XLSX whose members would inflate past the limits, unparsed."""
    total_limit = settings.CATALOG_IMPORT_MAX_INFLATED_BYTES
    ratio_limit = settings.CATALOG_IMPORT_MAX_RATIO
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise FileFormatError(
            f"{path.name} is not an XLSX workbook: {error}"
        ) from error
    total = sum(member.file_size for member in members)
    if total > total_limit:
        raise FileFormatError(
            f"{path.name} would inflate to {_megabytes(total)}; catalogue imports "
            f"are limited to {_megabytes(total_limit)} unpacked "
            "(CATALOG_IMPORT_MAX_INFLATED_BYTES). Nothing was read."
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > ratio_limit:
            raise FileFormatError(
                f"{path.name}: {member.filename} inflates {ratio:.0f}-fold; the "
                f"compression ratio is limited to {ratio_limit} "
                "(CATALOG_IMPORT_MAX_RATIO). Nothing was read."
            )


def _xlsx_rows(path: Path) -> tuple[list[str], Iterator[dict[str, Any]]]:
    import openpyxl

    check_inflation(path)
    sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    headers = [str(h or "") for h in next(rows, ())]

    def generate() -> Iterator[dict[str, Any]]:
        for values in rows:
            if any(v not in (None, "") for v in values):
                yield dict(zip(headers, values, strict=False))

    return headers, generate()


def _cell(key: str, value: Any) -> Any:
    if key in LIST_COLUMNS:
        # None is "not stated" and stays an empty cell; [] is "stated: none".
        return "" if value is None else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):  # code lists such as service objects: "1,2"
        return ",".join(str(v) for v in value)
    return "" if value is None else value


def write_rows(path: Path, rows: list[dict[str, Any]]) -> None:
    kind = detect(path)
    keys = list(COLUMNS)
    if kind == "json":
        path.write_text(
            json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    elif kind == "csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=keys)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: formula_safe(_cell(k, row.get(k))) for k in keys})
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("catalogue")
        sheet.append(keys)
        for row in rows:
            sheet.append([xlsx_text_cell(sheet, _cell(k, row.get(k))) for k in keys])
        book.save(path)
