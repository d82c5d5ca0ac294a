"""``tongban catalog import FILE`` / ``tongban catalog export FILE`` (JSON, CSV, XLSX).

A thin wrapper over the exchange services: the import reports every faulty row by row
number and field and goes on; running it twice changes nothing.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from tongban.catalog.exchange.exporter import catalog_export_rows
from tongban.catalog.exchange.formats import FileFormatError, read_rows, write_rows
from tongban.catalog.exchange.importer import catalog_import
from tongban.core.permissions import SYSTEM


class Command(BaseCommand):
    help = "Import or export the service catalogue (JSON, CSV or XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import", "export"])
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            if options["action"] == "export":
                rows = catalog_export_rows()
                write_rows(path, rows)
                self.stdout.write(f"Exported {len(rows)} guides to {path}.")
                return
            if not path.exists():
                raise CommandError(f"{path} does not exist.")
            headers, rows_iter = read_rows(path)
        except FileFormatError as error:
            raise CommandError(str(error)) from error
        with tqdm(
            desc="import",
            unit="row",
            disable=options["verbosity"] < 1,
            file=self.stderr,
        ) as bar:
            report = catalog_import(
                actor=SYSTEM,
                headers=headers,
                rows=rows_iter,
                progress=lambda: bar.update(),
            )
        self._report(report)

    def _report(self, report: Any) -> None:
        if report.missing_columns:
            # Name what the file has too: a wrong header is usually a near miss.
            found = ", ".join(report.unknown_columns) or "none"
            raise CommandError(
                "Missing columns: "
                + ", ".join(report.missing_columns)
                + f" (unrecognised columns in the file: {found})."
                + " Nothing was imported."
            )
        for column in report.unknown_columns:
            self.stderr.write(f"warning: unknown column {column!r} ignored")
        for error in report.errors:
            # The code is for scripts, the value and message for the person fixing it.
            self.stderr.write(
                f"row {error.row}: {error.field}: {error.code}: "
                f"{error.value!r} — {error.message}"
            )
        self.stdout.write(
            f"{report.rows} rows: {report.created_items} new items, "
            f"{report.created_implementations} new implementations, "
            f"{report.published} guides published, {report.unchanged} unchanged, "
            f"{len({e.row for e in report.errors})} rows with errors."
        )
        if report.errors:
            raise CommandError("Some rows were not imported; see above.")
