"""Case transitions become webhook events: the relay reads the append-only case history
(``CaseEvent``) and emits one CloudEvent per transition into the notifications outbox.

A relay rather than a call inside ``case_transition``: the case history is already the
durable record written in the transition's transaction, so reading it after commit loses
nothing, and the lifecycle writer stays free of webhook concerns. Emitting is idempotent
on the history row (``origin``), so the relay rescans a window (``WEBHOOK_RELAY_WINDOW``)
and a transaction that commits late is still picked up; per case, transitions commit in
order under the case's row lock, so per-subject order holds.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tongban.cases import selectors as case_selectors
from tongban.cases.domain.workflow import Event
from tongban.notifications.selectors import webhook_origins_emitted
from tongban.notifications.webhooks import event_type_register, webhook_event_emit

CASE_TYPE = "cn.tongban.case.{event}"


def register_case_event_types() -> None:
    for event in sorted(e.value for e in Event):
        event_type_register(CASE_TYPE.format(event=event), f"case {event}")


def case_events_relay() -> int:
    """Emit the recent transitions not yet emitted; returns how many were."""
    since = timezone.now() - timedelta(seconds=settings.WEBHOOK_RELAY_WINDOW_SECONDS)
    events = list(case_selectors.case_events_recent(since=since))
    done = webhook_origins_emitted(origins=[f"case-event:{e.pk}" for e in events])
    emitted = 0
    for event in events:
        origin = f"case-event:{event.pk}"
        if origin in done:
            continue
        case = event.case
        with transaction.atomic():
            webhook_event_emit(
                type=CASE_TYPE.format(event=event.event),
                subject=case.number,
                division_code=case.division.code,
                origin=origin,
                time=event.created_at,
                data={
                    "case_number": case.number,
                    "implementation_code": case.implementation.code,
                    "division_code": case.division.code,
                    "organisation_uscc": case.organisation.uscc,
                    "event": event.event,
                    "from_state": event.from_state,
                    "to_state": event.to_state,
                    "actor_role": event.actor_role,
                },
            )
        emitted += 1
    return emitted
