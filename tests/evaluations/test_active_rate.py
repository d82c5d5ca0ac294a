"""主动评价率 and the other rates by hall, window, staff member and channel: a counter case
records the hall and window it was taken in at (the clerk is who submitted it), a case
that closes is counted in the case rollup in its own transaction, its first evaluation
counts it evaluated under that evaluation's channel; whole months are read from the
monthly rollup and the days around them from the daily one."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from tests.evaluations.conftest import intake
from tongban.cases.models import Case
from tongban.cases.services.submit import case_submit
from tongban.core.permissions import SYSTEM
from tongban.evaluations.models import CaseRollup
from tongban.evaluations.selectors import (
    Filters,
    closed_cases_from_rollup,
    closed_cases_recomputed,
    levels_from_rollup,
    levels_recomputed,
)
from tongban.evaluations.services.rollups import rollup_mismatches
from tongban.regions import services as regions

pytestmark = pytest.mark.django_db
ZONE = dt.timezone(dt.timedelta(hours=8))
STATS = "/api/v1/internal/evaluations/statistics?month=2026-03"


def _close(uuid: str, act: Callable[..., Any]) -> None:
    for who in ("officer", "officer2", "officer"):
        assert act(who, uuid, "approve-step").status_code == 200
    assert act("officer2", uuid, "decide", decision="approve").status_code == 200
    assert act("officer2", uuid, "close", result_name="营业执照").status_code == 200


def test_counter_intake_records_the_clerks_window_and_hall(
    staff: dict[str, Any],
    service: Any,
    applicant: Any,
    materials: dict[str, int],
    window: Any,
) -> None:
    client, url = intake(staff["clerk"], service, applicant, materials, window)
    case = Case.objects.get()
    assert (case.intake_window, case.intake_hall) == (window, window.hall)
    assert case.submitted_by == staff["clerk"]
    # The next applicant's form has the clerk's window chosen already.
    assert f'value="{window.pk}" selected' in client.get(url).content.decode()


def test_a_window_of_a_hall_outside_the_clerks_scope_is_refused(
    staff: dict[str, Any], service: Any, applicant: Any, halls: dict[str, Any]
) -> None:
    elsewhere = regions.window_create(
        actor=SYSTEM, hall=halls["xigaze"], number="1", name="综合窗口"
    )
    with pytest.raises(PermissionDenied):
        case_submit(
            actor=staff["clerk"],
            implementation_code=service.implementation.code,
            client_key="counter-window-2",
            form_data={
                "company_name": "拉萨雪域商贸有限公司",
                "legal_rep_id": "54010219900101002X",
            },
            applicant=applicant,
            window=elsewhere,
        )
    assert not Case.objects.exists()


def test_active_rate_by_window_hall_clerk_and_channel(
    counter_case: Case,
    act: Callable[..., Any],
    rate: Callable[..., Any],
    supervisor_api: APIClient,
    staff: dict[str, Any],
    window: Any,
) -> None:
    uuid = str(counter_case.uuid)
    _close(uuid, act)
    assert rate(uuid).status_code == 201

    def active(query: str) -> Any:
        return supervisor_api.get(STATS + query).json()["rates"]["active"]

    assert active(f"&window={window.pk}") == "100.00"
    assert active(f"&hall={window.hall_id}") == "100.00"
    assert active(f"&staff={staff['clerk'].pk}") == "100.00"
    assert active("&channel=1") == "100.00"  # evaluated on the computer
    assert active("&channel=7") == "0.00"  # not through the SMS link
    assert active(f"&window={window.pk + 1000}") is None  # no case closed there
    # The case's evaluation is also the window's and the clerk's.
    counts = supervisor_api.get(STATS + f"&window={window.pk}").json()["counts"]
    assert counts["level_1"] == 1
    assert rollup_mismatches() == {}


def test_a_case_evaluated_at_acceptance_counts_evaluated_when_it_closes(
    counter_case: Case, act: Callable[..., Any], rate: Callable[..., Any]
) -> None:
    uuid = str(counter_case.uuid)
    assert rate(uuid, stage="accept").status_code == 201
    assert not CaseRollup.objects.exists()  # not closed yet: nothing to count
    _close(uuid, act)
    march = _range(dt.date(2026, 3, 1), dt.date(2026, 4, 1))
    assert closed_cases_from_rollup(filters=march) == (1, 1)
    assert closed_cases_from_rollup(filters=march) == closed_cases_recomputed(
        filters=march
    )
    # Delivering the closed case does not count it a second time.
    assert act("clerk", uuid, "deliver", method="pickup").status_code == 200
    assert closed_cases_from_rollup(filters=march) == (1, 1)


def _range(start: dt.date, end: dt.date) -> Filters:
    return Filters(
        start=dt.datetime.combine(start, dt.time(), ZONE),
        end=dt.datetime.combine(end, dt.time(), ZONE),
    )


@pytest.mark.parametrize(
    ("start", "end", "counted"),
    [
        (dt.date(2026, 3, 1), dt.date(2026, 4, 1), 1),  # March: the monthly row
        (dt.date(2026, 2, 15), dt.date(2026, 4, 15), 1),  # days + March + days
        (dt.date(2026, 2, 15), dt.date(2026, 3, 2), 0),  # days only, before it
        (dt.date(2026, 3, 2), dt.date(2026, 3, 3), 1),  # the one day
        (dt.date(2026, 1, 1), dt.date(2026, 3, 1), 0),  # whole months before it
    ],
)
def test_whole_months_and_days_around_them_count_the_same_as_a_recomputation(
    closed_case: str,
    rate: Callable[..., Any],
    start: dt.date,
    end: dt.date,
    counted: int,
) -> None:
    assert rate(closed_case).status_code == 201  # Monday 2 March 2026
    period = _range(start, end)
    assert levels_from_rollup(filters=period) == levels_recomputed(filters=period)
    assert sum(levels_from_rollup(filters=period).values()) == counted


def test_rebuilding_the_rollups_gives_what_was_maintained(
    counter_case: Case, act: Callable[..., Any], rate: Callable[..., Any]
) -> None:
    from tongban.evaluations.services.rollups import rollups_rebuild

    uuid = str(counter_case.uuid)
    assert rate(uuid, stage="accept").status_code == 201
    _close(uuid, act)
    before = sorted(CaseRollup.objects.values_list("key", "closed", "evaluated"))
    written = rollups_rebuild()
    # closed + evaluated rows; no bad review, so no ticket rows
    assert written == {
        "day": 1,
        "month": 1,
        "case": 2,
        "ticketrollup": 0,
        "ticketmonthrollup": 0,
    }
    assert (
        sorted(CaseRollup.objects.values_list("key", "closed", "evaluated")) == before
    )
    assert rollup_mismatches() == {}
