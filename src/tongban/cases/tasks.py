"""Case tasks: the periodic deadline sweep (enqueued by ``tongban scheduler``)."""

from django_tasks import task

from tongban.cases.services.sweeps import cases_expire_due


@task()
def case_deadline_sweep() -> dict[str, int]:
    return cases_expire_due()
