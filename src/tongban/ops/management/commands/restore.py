"""``tongban restore FILE``: replace the database and stored files from a backup, then
verify row counts and file hashes against the backup's manifest."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongban.ops.backup import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive; refuses without --yes because it replaces all data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Confirm replacing all data."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError(
                "Restoring replaces the whole database and all stored files; "
                "run again with --yes to confirm."
            )
        if not options["file"].is_file():
            raise CommandError(f"No backup file at {options['file']}.")
        report = backup_restore(source=options["file"])
        if report.differences:
            raise CommandError(
                "Restored, but it does not match the backup:\n"
                + "\n".join(report.differences)
            )
        self.stdout.write(
            f"Restored and verified: {sum(report.tables.values())} rows in "
            f"{len(report.tables)} tables, {len(report.files)} files."
        )
