"""Kernel tasks: the worker heartbeat that ``/readyz`` checks, the sweep that seals
parked audit rows a writer could not seal itself, and the year partitions of a
partitioned audit table made ahead of time (``AUDIT_PARTITION_YEARS_AHEAD``)."""

from django.conf import settings
from django_tasks import task

from tongban.core import auditpartition
from tongban.core.services import audit_seal, worker_heartbeat_beat


@task()
def worker_heartbeat() -> None:
    worker_heartbeat_beat()


@task()
def audit_seal_pending() -> int:
    return audit_seal()


@task()
def audit_partitions_ahead() -> list[int]:
    """The years whose partitions were made; none when off or not partitioned."""
    return auditpartition.ahead(settings.AUDIT_PARTITION_YEARS_AHEAD)
