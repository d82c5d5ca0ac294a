"""Service-desk tasks: the daily ticket sweeps (enqueued by ``tongban scheduler``): the
reminder → 催办 → escalation ladder and the callbacks due."""

from django_tasks import task

from tongban.servicedesk.services.sweep import callbacks_sweep, tickets_sweep


@task()
def ticket_ladder_sweep() -> dict[str, int]:
    return {**tickets_sweep(), "callback": callbacks_sweep()}
