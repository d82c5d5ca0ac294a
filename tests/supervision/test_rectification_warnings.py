"""Bad-review rectifications in the supervision sweep (DOMAIN §11.3, §11.5), counted on
the region's calendar: the 自治区 declares Wednesday 4 March 2026 off. Verified on Monday
2 March, a ticket must contact the evaluator by Tuesday 3 March (one working day) and be
rectified within 15 working days: by Tuesday 24 March there (23 March nationally)."""

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.evaluations.conftest import (  # noqa: F401 - fixtures, used by name
    BAD,
    accepted_case,
    closed_case,
    rate,
)
from tests.supervision.conftest import active_rules
from tongban.evaluations.models import Rectification
from tongban.supervision.domain.rules import Rule
from tongban.supervision.models import Warning
from tongban.supervision.services.sweep import supervision_sweep_changes

pytestmark = pytest.mark.django_db


@pytest.fixture
def step(
    supervisor: Any,
    staff_api: dict[str, APIClient],
    django_capture_on_commit_callbacks: Any,
) -> Callable[..., Any]:
    supervisor_api = APIClient()
    supervisor_api.force_authenticate(supervisor)
    clients = {"supervisor": supervisor_api, **staff_api}

    def run(who: str, uuid: str, action: str, **body: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            response = clients[who].post(
                f"/api/v1/internal/rectifications/{uuid}/{action}", body, format="json"
            )
        assert response.status_code == 200, response.content
        return response.json()

    return run


@pytest.fixture
def verified(
    region_day_off: None,
    closed_case: str,  # noqa: F811 - the imported fixture
    rate: Any,  # noqa: F811 - the imported fixture
    step: Any,
) -> Rectification:
    assert rate(closed_case, **BAD).status_code == 201
    ticket = Rectification.objects.get()
    body = step(
        "supervisor",
        str(ticket.uuid),
        "verify",
        reasons="核实属实",
        content_class="attitude",
    )
    assert (body["contact_due"], body["due_on"]) == ("2026-03-03", "2026-03-24")
    return ticket


def test_contact_later_than_its_own_limit_is_a_yellow_card(
    verified: Rectification, sweep: Any, time_machine: Any
) -> None:
    # Wednesday 4 March is off in the region: one working day since verification, the
    # contact limit, not over it (nationally two days would have passed).
    time_machine.move_to("2026-03-04 10:00:00+08:00", tick=False)
    sweep()
    assert Rule.STEP_OVER_LIMIT not in active_rules(str(verified.uuid))
    time_machine.move_to("2026-03-05 10:00:00+08:00", tick=False)
    sweep()
    assert active_rules(str(verified.uuid)) == {Rule.STEP_OVER_LIMIT}
    warning = Warning.objects.get(subject_uuid=verified.uuid)
    assert warning.subject_kind == "rectification"
    assert warning.subject_number == verified.evaluation.case.number
    assert warning.organisation_id == verified.organisation_id
    assert warning.card.colour == "2"


def test_contacting_the_evaluator_clears_the_step_warning(
    verified: Rectification, sweep: Any, step: Any, time_machine: Any
) -> None:
    time_machine.move_to("2026-03-05 10:00:00+08:00", tick=False)
    sweep()
    step("officer", str(verified.uuid), "contact", reasons="电话联系申请人")
    supervision_sweep_changes()
    assert active_rules(str(verified.uuid)) == set()


def test_a_rectification_past_its_limit_earns_the_unit_a_red_card(
    verified: Rectification, sweep: Any, step: Any, time_machine: Any
) -> None:
    step("officer", str(verified.uuid), "contact", reasons="电话联系申请人")
    time_machine.move_to("2026-03-23 10:00:00+08:00", tick=False)
    sweep()
    assert active_rules(str(verified.uuid)) == {Rule.PROMISE_NEAR}
    # Tuesday 24 March is the due day there (nationally a day late already).
    time_machine.move_to("2026-03-24 10:00:00+08:00", tick=False)
    sweep()
    assert Rule.PROMISE_PASSED not in active_rules(str(verified.uuid))
    time_machine.move_to("2026-03-25 10:00:00+08:00", tick=False)
    sweep()
    assert active_rules(str(verified.uuid)) == {Rule.PROMISE_PASSED}
    card = Warning.objects.get(rule=Rule.PROMISE_PASSED, subject_kind="rectification")
    assert (card.card.colour, card.staff) == ("3", None)


def test_rectifying_clears_the_limit_warnings(
    verified: Rectification, sweep: Any, step: Any, time_machine: Any
) -> None:
    step("officer", str(verified.uuid), "contact", reasons="电话联系申请人")
    time_machine.move_to("2026-03-25 10:00:00+08:00", tick=False)
    sweep()
    step("officer", str(verified.uuid), "rectify", reasons="窗口人员培训")
    assert supervision_sweep_changes()["rectification"] == 1
    assert active_rules(str(verified.uuid)) == set()
