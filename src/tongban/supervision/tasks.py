"""Supervision tasks, enqueued by ``tongban scheduler``: the incremental sweep over changed
subjects (every run) and the full sweep over every open one (its date-driven rules), with the escalation of overdue 督办 orders."""

from django_tasks import task

from tongban.supervision.services.orders import orders_escalate_overdue
from tongban.supervision.services.sweep import (
    supervision_sweep,
    supervision_sweep_changes,
)


@task()
def supervision_changes_sweep() -> dict[str, int]:
    return supervision_sweep_changes()


@task()
def supervision_full_sweep() -> dict[str, int]:
    done = supervision_sweep()
    done["orders_escalated"] = orders_escalate_overdue()
    return done
