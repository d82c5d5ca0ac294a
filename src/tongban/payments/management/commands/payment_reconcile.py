"""``tongban payment_reconcile [--date YYYY-MM-DD]``: compare a day (default yesterday)
with the payment platform's statement; run daily from cron or the operator."""

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tongban.payments.adapter import PaymentUnavailable
from tongban.payments.services import payment_reconcile


class Command(BaseCommand):
    help = "Reconcile one day's payments with the payment platform's statement."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat)

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["date"] or timezone.localdate() - timedelta(days=1)
        try:
            run = payment_reconcile(day=day)
        except PaymentUnavailable as error:
            raise CommandError(f"payment platform unavailable: {error}") from error
        self.stdout.write(
            f"{day}: {run.matched} matched, {len(run.fixed)} marked paid, "
            f"{len(run.differences)} differences"
        )
        for difference in run.differences:
            self.stdout.write(f"  {difference['order']}: {difference['problem']}")
