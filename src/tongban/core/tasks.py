"""Kernel tasks: the worker heartbeat that ``/readyz`` checks."""

from django_tasks import task

from tongban.core.services import worker_heartbeat_beat


@task()
def worker_heartbeat() -> None:
    worker_heartbeat_beat()
