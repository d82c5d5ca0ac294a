"""Supervision tasks, enqueued by ``tongban scheduler``: the incremental sweep over changed
subjects (every run) and the full sweep over every open one (its date-driven rules)."""

from django_tasks import task

from tongban.supervision.services.sweep import (
    supervision_sweep,
    supervision_sweep_changes,
)


@task()
def supervision_changes_sweep() -> dict[str, int]:
    return supervision_sweep_changes()


@task()
def supervision_full_sweep() -> dict[str, int]:
    return supervision_sweep()
