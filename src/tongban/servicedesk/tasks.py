"""Service-desk tasks: the ticket ladder sweep (enqueued by ``tongban scheduler``)."""

from django_tasks import task

from tongban.servicedesk.services.sweep import tickets_sweep


@task()
def ticket_ladder_sweep() -> dict[str, int]:
    return tickets_sweep()
