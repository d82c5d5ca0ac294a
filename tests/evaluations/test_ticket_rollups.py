"""The bad-review ticket rollups equal a recomputation from the tickets after every kind of
ticket change: opening with the review, each transition of the lifecycle (verify, dismiss,
contact, rectify on time and late, callback, follow-up, close, appeal, uphold, reject) and
a holiday notice that moves an open ticket's due date; and 差评整改率, 实名差评回访率 and the
on-time rate read from them."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.evaluations.conftest import BAD
from tongban.evaluations.models import Rectification, TicketMonthRollup, TicketRollup
from tongban.evaluations.selectors import (
    Filters,
    statistics_counts,
    ticket_figures,
    tickets_recomputed,
)
from tongban.evaluations.services.rectification import rectification_transition
from tongban.evaluations.services.rollups import rollup_mismatches
from tongban.evaluations.services.ticket_rollups import ticket_rollups_rebuild

pytestmark = pytest.mark.django_db
ZONE = dt.timezone(dt.timedelta(hours=8))
VERIFY = {"reasons": "核实属实", "content_class": "attitude"}


def _periods() -> list[Filters]:
    """March as a whole month (the monthly rollup) and a span of days inside it (the
    daily one)."""
    return [
        Filters(
            start=dt.datetime(2026, 3, 1, tzinfo=ZONE),
            end=dt.datetime(2026, 4, 1, tzinfo=ZONE),
        ),
        Filters(
            start=dt.datetime(2026, 3, 2, tzinfo=ZONE),
            end=dt.datetime(2026, 3, 3, tzinfo=ZONE),
        ),
    ]


def _assert_equal_to_recomputation() -> None:
    assert rollup_mismatches() == {}
    for filters in _periods():
        assert ticket_figures(filters=filters) == tickets_recomputed(filters=filters)


@override_settings(EVALUATION_PER_STAGE=5)
def test_ticket_rollups_equal_a_recomputation_after_every_kind_of_ticket_change(
    closed_case: str,
    rate: Callable[..., Any],
    supervisor: Any,
    staff: dict[str, Any],
    applicant_api: APIClient,
    time_machine: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    for _ in range(4):
        assert rate(closed_case, **BAD).status_code == 201
        _assert_equal_to_recomputation()  # opened with the review
    first, second, third, fourth = Rectification.objects.order_by("id")
    officer = staff["officer"]

    def step(ticket: Rectification, who: Any, event: str, **data: Any) -> None:
        rectification_transition(ticket=ticket, event=event, actor=who, data=data)
        _assert_equal_to_recomputation()

    # 1: the whole loop, rectified on time, closed by the evaluator's follow-up rating.
    step(first, supervisor, "verify", **VERIFY)
    step(first, officer, "contact", reasons="电话联系")
    step(first, officer, "rectify", reasons="窗口人员培训")
    step(first, officer, "callback", reasons="回访", outcome="satisfied")
    with django_capture_on_commit_callbacks(execute=True):
        again = applicant_api.post(
            f"/api/v1/public/rectifications/{first.uuid}/follow-up",
            {"level": 2, "options": ["friendly"]},
            format="json",
        )
    assert again.status_code == 201, again.json()
    _assert_equal_to_recomputation()
    # 2: not a review of a service.
    step(second, supervisor, "dismiss", reasons="与办事无关")
    # 3: appealed, the appeal rejected, appealed again and upheld.
    step(third, supervisor, "verify", **VERIFY)
    step(third, officer, "appeal", reasons="误评")
    step(third, supervisor, "reject_appeal", reasons="差评属实")
    step(third, officer, "appeal", reasons="恶意差评")
    step(third, supervisor, "uphold_appeal", reasons="查实")
    # 4: a holiday notice moves its due date, then it is rectified late and closed by the
    # supervisor after the callback.
    from tests.cases.region_calendar import REGION_NOTICE, import_notice
    from tongban.calendars.selectors import calendar_cache_clear

    step(fourth, supervisor, "verify", **VERIFY)
    import_notice(REGION_NOTICE)
    try:
        assert Rectification.objects.get(pk=fourth.pk).due_on == dt.date(2026, 3, 24)
        _assert_equal_to_recomputation()
        step(fourth, officer, "contact", reasons="电话联系")
        time_machine.move_to("2026-04-20 10:00:00+08:00", tick=False)
        step(fourth, officer, "rectify", reasons="补办")
        step(fourth, officer, "callback", reasons="回访", outcome="unsatisfied")
        step(fourth, supervisor, "close", reasons="已回访")
    finally:
        calendar_cache_clear()
    march = _periods()[0]
    # Dismissed and upheld count nothing; both rectified, one on time; both called back.
    assert ticket_figures(filters=march) == {
        "bad": 2,
        "rectified": 2,
        "on_time": 1,
        "real_name": 2,
        "called_back": 2,
    }
    counts = statistics_counts(filters=march)
    assert (counts.bad_reviews, counts.bad_rectified_on_time) == (2, 1)


def test_the_rebuild_gives_what_was_maintained(
    closed_case: str, rate: Callable[..., Any], supervisor: Any
) -> None:
    assert rate(closed_case, **BAD).status_code == 201
    ticket = Rectification.objects.get()
    rectification_transition(
        ticket=ticket, event="verify", actor=supervisor, data=VERIFY
    )
    kept = sorted(TicketRollup.objects.values_list("key", "bad", "real_name"))
    assert ticket_rollups_rebuild() == {"ticketrollup": 1, "ticketmonthrollup": 1}
    assert sorted(TicketRollup.objects.values_list("key", "bad", "real_name")) == kept
    assert TicketMonthRollup.objects.get().bad == 1
    assert rollup_mismatches() == {}
