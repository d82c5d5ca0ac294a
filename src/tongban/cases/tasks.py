"""Case tasks: the periodic deadline sweep and the retry of data sources that were down
(enqueued by ``tongban scheduler``), and the fetch of a new case's shared-data materials."""

from django_tasks import task

from tongban.cases.models import Case
from tongban.cases.services.shared_materials import (
    case_shared_materials_fetch,
    case_shared_materials_sweep,
)
from tongban.cases.services.sweeps import cases_expire_due
from tongban.core.permissions import SYSTEM


@task()
def case_deadline_sweep() -> dict[str, int]:
    return cases_expire_due()


@task()
def case_shared_materials(case_uuid: str) -> int:
    """Fetch a new case's shared-data materials (enqueued when it is submitted)."""
    case = Case.objects.filter(uuid=case_uuid).first()
    if case is None:
        return 0
    return len(case_shared_materials_fetch(case=case, actor=SYSTEM))


@task()
def case_shared_materials_retry() -> dict[str, int]:
    """Ask again the sources that were down (enqueued by ``tongban scheduler``)."""
    return case_shared_materials_sweep()
