"""``tongban backup FILE``: database and stored files into one archive with a manifest."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tongban.ops.backup import backup_create


class Command(BaseCommand):
    help = "Write a backup archive (.tar.gz) of the database and the stored files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        report = backup_create(target=options["file"])
        rows = sum(report.tables.values())
        self.stdout.write(
            f"Backup written: {len(report.tables)} tables, {rows} rows, "
            f"{len(report.files)} files → {options['file']}"
        )
