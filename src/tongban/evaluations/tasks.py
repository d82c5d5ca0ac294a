"""Evaluation tasks (enqueued by ``tongban scheduler``): SMS links for counter cases just
completed, and the escalation of overdue rectification tickets."""

from django_tasks import task

from tongban.evaluations.services.invitations import evaluation_invitations_send
from tongban.evaluations.services.rectification import rectifications_escalate


@task()
def evaluation_sweep() -> dict[str, int]:
    return {
        "invited": evaluation_invitations_send(),
        "escalated": rectifications_escalate(),
    }
