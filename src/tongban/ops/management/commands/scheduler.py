"""``tongban scheduler``: enqueue the periodic sweeps (heartbeat, notification retries,
case deadlines, the supervision sweeps: the incremental one every round, the full one over
every open subject once per ``SUPERVISION_FULL_SWEEP_SECONDS``).

Run exactly one per deployment; the sweeps are idempotent, so a second one wastes work but
does no harm. The tasks themselves run on any number of ``db_worker`` processes.
"""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from tongban.cases.tasks import case_deadline_sweep
from tongban.core.tasks import worker_heartbeat
from tongban.notifications.tasks import dispatch_due_messages
from tongban.supervision.tasks import supervision_changes_sweep, supervision_full_sweep


class Command(BaseCommand):
    help = "Enqueue periodic sweeps every SCHEDULER_INTERVAL seconds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Enqueue one round and exit."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        last_full: float | None = None
        while True:
            worker_heartbeat.enqueue()
            dispatch_due_messages.enqueue()
            case_deadline_sweep.enqueue()
            supervision_changes_sweep.enqueue()
            now = time.monotonic()
            if (
                last_full is None
                or now - last_full >= settings.SUPERVISION_FULL_SWEEP_SECONDS
            ):
                supervision_full_sweep.enqueue()
                last_full = now
            if options["once"]:
                return
            time.sleep(settings.SCHEDULER_INTERVAL_SECONDS)
