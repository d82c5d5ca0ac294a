"""Kernel tasks: the worker heartbeat that ``/readyz`` checks, and the sweep that seals
parked audit rows a writer could not seal itself."""

from django_tasks import task

from tongban.core.services import audit_seal, worker_heartbeat_beat


@task()
def worker_heartbeat() -> None:
    worker_heartbeat_beat()


@task()
def audit_seal_pending() -> int:
    return audit_seal()
