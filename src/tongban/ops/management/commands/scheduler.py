"""``tongban scheduler``: enqueue the periodic sweeps (heartbeat, parked audit rows,
notification and webhook retries, case deadlines, the queue's day, data sources that were
down, evaluation invitations and overdue rectifications, service-desk tickets, and the
supervision sweeps: the incremental one every round, the full one over every open subject once per
``SUPERVISION_FULL_SWEEP_SECONDS``), and with ``AUDIT_PARTITION_YEARS_AHEAD`` set the audit
log's year partitions ahead of time, at the first round and once a day.

Run exactly one per deployment; the sweeps are idempotent, so a second one wastes work but
does no harm. The tasks themselves run on any number of ``db_worker`` processes.
"""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from tongban.appointments.tasks import queue_day_sweep
from tongban.cases.tasks import case_deadline_sweep, case_shared_materials_retry
from tongban.core.tasks import (
    audit_partitions_ahead,
    audit_seal_pending,
    worker_heartbeat,
)
from tongban.evaluations.tasks import evaluation_sweep
from tongban.exchange.tasks import relay_case_events
from tongban.notifications.tasks import dispatch_due_messages, dispatch_due_webhooks
from tongban.servicedesk.tasks import ticket_ladder_sweep
from tongban.supervision.tasks import supervision_changes_sweep, supervision_full_sweep

# How often the audit log's partitions ahead are looked at (when switched on).
AUDIT_PARTITIONS_EVERY_SECONDS = 24 * 3600


class Command(BaseCommand):
    help = "Enqueue periodic sweeps every SCHEDULER_INTERVAL seconds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Enqueue one round and exit."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        last_full: float | None = None
        last_partitions: float | None = None
        while True:
            worker_heartbeat.enqueue()
            audit_seal_pending.enqueue()
            dispatch_due_messages.enqueue()
            relay_case_events.enqueue()
            dispatch_due_webhooks.enqueue()
            case_deadline_sweep.enqueue()
            queue_day_sweep.enqueue()
            case_shared_materials_retry.enqueue()
            evaluation_sweep.enqueue()
            ticket_ladder_sweep.enqueue()
            supervision_changes_sweep.enqueue()
            now = time.monotonic()
            if (
                last_full is None
                or now - last_full >= settings.SUPERVISION_FULL_SWEEP_SECONDS
            ):
                supervision_full_sweep.enqueue()
                last_full = now
            if settings.AUDIT_PARTITION_YEARS_AHEAD > 0 and (
                last_partitions is None
                or now - last_partitions >= AUDIT_PARTITIONS_EVERY_SECONDS
            ):
                audit_partitions_ahead.enqueue()
                last_partitions = now
            if options["once"]:
                return
            time.sleep(settings.SCHEDULER_INTERVAL_SECONDS)
