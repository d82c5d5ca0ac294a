"""The queue's denormalised column ``Case.queue_due`` and its keyset pages: every
transition keeps the column equal to the rule (so the repair sweep finds nothing), the
rule in SQL agrees with the rule in Python row by row, the queue puts the most urgent case
first, and keyset pages list every case of the queue exactly once. Without the call in the
transition writer the first test fails (the column stays 9999-12-31 after acceptance)."""

import datetime
from typing import Any

import pytest
from django.test import Client

from tongban.cases import selectors
from tongban.cases.domain.lights import NO_CLOCK, queue_due
from tongban.cases.models import Case
from tongban.cases.services.deadlines import cases_clock_columns_sweep

pytestmark = pytest.mark.django_db


def _rule(case: Case) -> datetime.date:
    return queue_due(
        state=case.state,
        supplement_rounds=case.supplement_rounds,
        acceptance_due=case.acceptance_due,
        promised_due=case.promised_due,
        statutory_due=case.statutory_due,
    )


def test_every_transition_keeps_the_queue_column(submit: Any, act: Any) -> None:
    first = submit().json()
    second = submit(key="key-00000002").json()
    third = submit(key="key-00000003").json()
    act("clerk", first["uuid"], "accept")
    act(
        "clerk",
        second["uuid"],
        "request-supplement",
        items=[{"description": "申请书签字页", "reason": "未签字"}],
    )
    act("clerk", third["uuid"], "refuse", reasons="不属于本机关职权范围")
    for case in Case.objects.all():
        assert case.queue_due == _rule(case), case.state
    accepted = Case.objects.get(uuid=first["uuid"])
    assert accepted.queue_due == accepted.promised_due
    assert cases_clock_columns_sweep() == 0


# One commented row per case: (state, supplement rounds, acceptance due, promised,
# statutory) → what the queue sorts the case by.
D1, D2, D3 = (
    datetime.date(2026, 3, 9),
    datetime.date(2026, 3, 16),
    datetime.date(2026, 4, 1),
)
ROWS = [
    ("submitted", 0, D1, None, None),  # unanswered: the deemed-acceptance day
    (
        "submitted",
        1,
        D1,
        None,
        None,
    ),  # resubmitted after a notice: no deemed acceptance
    ("accepted", 0, None, D2, D3),  # handled: the promised due date
    ("suspended", 0, None, None, D3),  # no promise: the statutory one
    ("accepted", 0, None, None, None),  # no limit at all: no clock
    ("closed", 0, None, D2, D3),  # closed: no clock
]


@pytest.mark.parametrize(
    ("state", "rounds", "acceptance", "promised", "statutory"), ROWS
)
def test_the_sweep_applies_the_same_rule_as_the_writer(
    submit: Any,
    state: str,
    rounds: int,
    acceptance: Any,
    promised: Any,
    statutory: Any,
) -> None:
    uuid = submit().json()["uuid"]
    # Behind the writer's back, as a bulk load or a restore would write the row.
    Case.objects.filter(uuid=uuid).update(
        state=state,
        supplement_rounds=rounds,
        acceptance_due=acceptance,
        promised_due=promised,
        statutory_due=statutory,
        queue_due=datetime.date(2000, 1, 1),
    )
    assert cases_clock_columns_sweep() == 1
    case = Case.objects.get(uuid=uuid)
    assert case.queue_due == _rule(case)
    assert cases_clock_columns_sweep() == 0


def test_the_queue_puts_the_most_urgent_case_first(
    submit: Any, act: Any, staff: dict[str, Any]
) -> None:
    waiting = submit().json()  # deemed acceptance in 5 working days
    accepted = submit(key="key-00000002").json()
    act("clerk", accepted["uuid"], "accept")  # promised in 5 working days from tomorrow
    refused = submit(key="key-00000003").json()
    act("clerk", refused["uuid"], "refuse", reasons="不属于本机关职权范围")
    order = [c.uuid for c in selectors.case_queue_for(user=staff["clerk"])]
    assert [str(u) for u in order] == [
        waiting["uuid"],
        accepted["uuid"],
        refused["uuid"],
    ]
    assert Case.objects.get(uuid=refused["uuid"]).queue_due == NO_CLOCK


def test_keyset_pages_list_every_case_of_the_queue_once(
    submit: Any, staff: dict[str, Any]
) -> None:
    for n in range(7):
        submit(key=f"key-page-{n:04d}")
    queue = selectors.case_queue_for(user=staff["clerk"])
    seen, after = [], None
    while True:
        rows, after = selectors.case_queue_page(queue, after=after, size=3)
        seen += [c.pk for c in rows]
        if after is None:
            break
    assert seen == [c.pk for c in queue]
    assert len(seen) == 7


def test_a_cursor_that_does_not_parse_starts_from_the_first_page(
    submit: Any, staff: dict[str, Any]
) -> None:
    submit()
    client = Client()
    client.force_login(staff["clerk"])
    for after in ("yesterday'--", "20260302." + "9" * 40, "00000000.1"):
        page = client.get("/workbench/cases/", {"after": after})
        assert page.status_code == 200
        assert len(page.context["rows"]) == 1


def test_the_api_queue_pages_by_cursor(submit: Any, staff_api: dict[str, Any]) -> None:
    for n in range(3):
        submit(key=f"key-api-{n:04d}")
    first = staff_api["clerk"].get("/api/v1/internal/cases/", {"page_size": 2}).json()
    assert len(first["results"]) == 2
    assert first["next"]
    rest = staff_api["clerk"].get(first["next"]).json()
    assert len(rest["results"]) == 1
    assert rest["next"] is None
