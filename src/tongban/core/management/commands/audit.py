"""``tongban audit verify``: walk the audit hash chain and report OK or the first broken row."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongban.core import selectors


class Command(BaseCommand):
    help = "Audit log tools. 'verify' checks the hash chain of every audit row."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        count = selectors.audit_event_count()
        broken = selectors.audit_chain_break()
        if broken is None:
            self.stdout.write(
                self.style.SUCCESS(f"OK: {count} audit rows, chain intact.")
            )
            return
        what = (
            "its content no longer matches its hash"
            if broken.reason == "hash"
            else "the row before it is missing or was changed"
        )
        raise CommandError(f"Chain broken at audit row id={broken.row_id}: {what}.")
