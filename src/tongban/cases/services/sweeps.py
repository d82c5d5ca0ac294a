"""Deadline sweeps the system performs (the ``system`` actor of the transition table):
accepting applications left unanswered past the acceptance period (行政许可法 32, deemed
acceptance), closing cases whose supplement period ended (补正超时, result code 5) and
cases whose 容缺 materials did not arrive in time. Each goes through ``case_transition``, so guards re-check
the deadline under the row lock and a case acted on meanwhile is left alone."""

import logging

from django.core.exceptions import ValidationError
from django.utils import timezone

from tongban.cases.domain.workflow import HANDLING, AcceptanceMode, Event, State
from tongban.cases.models import Case
from tongban.cases.services.transition import case_transition
from tongban.core.api.problems import Problem
from tongban.core.permissions import SYSTEM

logger = logging.getLogger(__name__)


def cases_expire_due() -> dict[str, int]:
    today = timezone.localdate()
    sweeps = {
        Event.DEEM_ACCEPT: Case.objects.filter(
            state=State.SUBMITTED, supplement_rounds=0, acceptance_due__lt=today
        ),
        Event.SUPPLEMENT_EXPIRE: Case.objects.filter(
            state=State.SUPPLEMENT_REQUESTED, supplement_due__lt=today
        ),
        Event.TOLERANCE_EXPIRE: Case.objects.filter(
            state__in=HANDLING,
            acceptance_mode=AcceptanceMode.TOLERATED,
            tolerance_due__lt=today,
        ),
    }
    done = {}
    for event, cases in sweeps.items():
        done[str(event)] = 0
        for case in cases.only("pk").iterator():
            try:
                case_transition(case=case, event=event, actor=SYSTEM)
            except (ValidationError, Problem) as error:  # changed since the query: skip
                logger.info("sweep %s skipped case %s: %s", event, case.pk, error)
            else:
                done[str(event)] += 1
    return done
