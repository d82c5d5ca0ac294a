"""``tongban calendar import FILE``: enter holiday notices from a CSV or JSON file.

A thin wrapper over ``services.calendar_import``: the file is parsed (format from
``--format`` or the file's extension), every notice is applied in one transaction as
the system actor, and each problem is reported with its row and column. Importing the
same file again changes nothing. Formats: ``docs/calendars.md``.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongban.calendars import services
from tongban.calendars.domain import notices
from tongban.core.permissions import SYSTEM


class Command(BaseCommand):
    help = "Working-day calendars. 'import FILE' enters holiday notices (CSV or JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importer = actions.add_parser("import", help="enter notices from a file")
        importer.add_argument("file", type=Path)
        importer.add_argument("--format", choices=["csv", "json"], default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        fmt = options["format"] or ("json" if path.suffix.lower() == ".json" else "csv")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            parsed = notices.parse(text, fmt=fmt)
            results = services.calendar_import(actor=SYSTEM, notices=parsed)
        except notices.NoticeFileError as error:
            report = _report(path, services.problems_error(error.problems))
            raise CommandError(report) from error
        except ValidationError as error:
            raise CommandError(_report(path, error)) from error
        for result in results:
            scope = (
                result.notice.division.code if result.notice.division else "national"
            )
            state = (
                "created"
                if result.created
                else "updated"
                if result.changed
                else "unchanged"
            )
            self.stdout.write(
                f"{scope} {result.notice.number}: {state}, "
                f"{len(result.changed_dates)} day(s) changed, "
                f"{result.recomputed_total} deadline(s) recomputed"
            )
        changed = sum(1 for r in results if r.changed)
        self.stdout.write(
            self.style.SUCCESS(f"{len(results)} notice(s) read, {changed} changed.")
        )


def _report(path: Path, error: ValidationError) -> str:
    lines = [f"{path}: nothing imported."]
    for key, messages in error.message_dict.items():
        where, _, column = key.rpartition(", ")
        lines.append(f"  {where or key}, column {column}: {'; '.join(messages)}")
    return "\n".join(lines)
