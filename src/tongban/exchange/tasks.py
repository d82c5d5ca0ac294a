"""Exchange tasks: relay case transitions to webhooks (enqueued by the scheduler)."""

from django_tasks import task

from tongban.exchange.services import case_events_relay


@task()
def relay_case_events() -> int:
    return case_events_relay()
