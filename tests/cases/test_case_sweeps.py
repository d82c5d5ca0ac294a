"""The system closes cases whose supplement or 容缺 period ended, and only those."""

import pytest

from tongban.cases.models import Case
from tongban.cases.tasks import case_deadline_sweep

pytestmark = pytest.mark.django_db


def test_an_unanswered_supplement_notice_closes_the_case(
    submit, act, materials, time_machine
) -> None:  # type: ignore[no-untyped-def]
    late = submit(key="late-applicant").json()["uuid"]
    act(
        "clerk",
        late,
        "request-supplement",
        items=[{"description": "申请书", "reason": "不清晰"}],
    )
    on_time = submit(key="other-applicant").json()["uuid"]
    act(
        "clerk",
        on_time,
        "request-supplement",
        due_days=20,
        items=[{"description": "申请书", "reason": "不清晰"}],
    )
    time_machine.move_to("2026-03-16 10:00:00+08:00", tick=False)  # due day: still open
    case_deadline_sweep.enqueue()
    assert Case.objects.get(uuid=late).state == "supplement_requested"
    time_machine.move_to("2026-03-17 10:00:00+08:00", tick=False)
    case_deadline_sweep.enqueue()
    closed = Case.objects.get(uuid=late)
    assert (closed.state, closed.result_code) == ("closed", "5")
    assert Case.objects.get(uuid=on_time).state == "supplement_requested"
    assert closed.events.last().actor_role == "system"


def test_missing_tolerated_materials_close_the_case_after_their_deadline(
    submit, act, time_machine
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit(attach=("申请书",)).json()["uuid"]
    act("clerk", uuid, "accept-tolerated", pledge_signed=True, due_days=3)
    time_machine.move_to("2026-03-06 10:00:00+08:00", tick=False)
    case_deadline_sweep.enqueue()
    assert Case.objects.get(uuid=uuid).state == "closed"
    assert Case.objects.get(uuid=uuid).result_code == "2"
