"""Statistics from the stored evaluations: counts by level and the six rates, for the
supervisor (any filter, within their region) and the public month (no personal data)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.evaluations.conftest import BAD
from tongban.evaluations.models import Rectification
from tongban.evaluations.reports import report_csv, report_xlsx, statistics_report
from tongban.evaluations.selectors import Filters

pytestmark = pytest.mark.django_db
PUBLIC = "/api/v1/public/evaluations/statistics?month=2026-03"


def test_a_good_completion_evaluation_counts_in_the_month(
    closed_case: str, rate: Callable[..., Any]
) -> None:
    rate(closed_case)
    body = APIClient().get(PUBLIC).json()
    assert body["counts"]["level_1"] == 1
    assert body["rates"]["good"] == "100.00"
    assert body["rates"]["active"] == "100.00"  # the one closed case was evaluated
    assert body["level_shares"] == ["100.00", "0.00", "0.00", "0.00", "0.00"]


def test_the_public_figures_carry_no_personal_data(
    closed_case: str, rate: Callable[..., Any]
) -> None:
    rate(closed_case, **BAD)
    text = APIClient().get(PUBLIC).content.decode()
    for personal in ("格桑", "13800000001", "窗口态度差", "54010219900101002X"):
        assert personal not in text


def test_rates_with_nothing_to_count_are_null(db: None) -> None:
    body = APIClient().get(PUBLIC).json()
    assert body["rates"]["good"] is None
    assert body["counts"]["total"] == 0


def test_an_upheld_appeal_takes_the_review_out_of_every_count(
    closed_case: str, rate: Callable[..., Any], supervisor: Any, staff: dict[str, Any]
) -> None:
    from tongban.evaluations.services.rectification import rectification_transition

    rate(closed_case, **BAD)
    assert APIClient().get(PUBLIC).json()["counts"]["level_5"] == 1
    ticket = Rectification.objects.get()
    for who, event, data in (
        (supervisor, "verify", {"reasons": "核实", "content_class": "attitude"}),
        (staff["officer"], "appeal", {"reasons": "恶意差评"}),
        (supervisor, "uphold_appeal", {"reasons": "查实"}),
    ):
        rectification_transition(ticket=ticket, event=event, actor=who, data=data)
    counts = APIClient().get(PUBLIC).json()["counts"]
    assert (counts["level_5"], counts["bad_reviews"]) == (0, 0)


@override_settings(EVALUATION_BASIC_COUNTS_GOOD=False)
def test_basic_satisfied_is_not_good_when_the_region_says_so(
    closed_case: str, rate: Callable[..., Any]
) -> None:
    rate(closed_case, level=3, options=[])
    assert APIClient().get(PUBLIC).json()["rates"]["good"] == "0.00"


def test_the_supervisor_statistics_need_the_supervisor_role(
    staff_api: dict[str, APIClient], supervisor_api: APIClient
) -> None:
    url = "/api/v1/internal/evaluations/statistics?month=2026-03"
    assert staff_api["clerk"].get(url).status_code == 403
    assert supervisor_api.get(url).status_code == 200


def test_a_supervisor_asking_outside_their_region_gets_their_own(
    closed_case: str, rate: Callable[..., Any], supervisor_api: APIClient
) -> None:
    rate(closed_case)
    url = "/api/v1/internal/evaluations/statistics?month=2026-03&division=5402"
    assert (
        supervisor_api.get(url).json()["counts"]["total"] == 1
    )  # 拉萨's, not 日喀则's


def test_filters_by_window_and_staff_combine(
    closed_case: str, rate: Callable[..., Any], supervisor_api: APIClient
) -> None:
    rate(closed_case)
    base = "/api/v1/internal/evaluations/statistics?month=2026-03"
    assert supervisor_api.get(base + "&channel=1").json()["counts"]["total"] == 1
    assert supervisor_api.get(base + "&channel=3").json()["counts"]["total"] == 0
    assert supervisor_api.get(base + "&window=999").json()["counts"]["total"] == 0
    assert supervisor_api.get(base + "&window=x").status_code == 200  # ignored, no 500


def test_exports_guard_formula_cells(
    closed_case: str, rate: Callable[..., Any]
) -> None:
    rate(closed_case)
    start = dt.datetime(2026, 3, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    report = statistics_report(
        filters=Filters(start=start, end=start + dt.timedelta(days=31)),
        period="=HYPERLINK(1)",
    )
    assert "'=HYPERLINK(1)" in report_csv(report).decode("utf-8-sig")
    assert report_xlsx(report)[:2] == b"PK"


def _march() -> Filters:
    start = dt.datetime(2026, 3, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    return Filters(start=start, end=dt.datetime(2026, 4, 1, tzinfo=start.tzinfo))


@override_settings(EVALUATION_PER_STAGE=3, EVALUATION_LATER_REPLACES=True)
def test_the_rollup_equals_a_recomputation_after_replacing_and_appeals(
    closed_case: str,
    rate: Callable[..., Any],
    supervisor: Any,
    staff: dict[str, Any],
) -> None:
    from tongban.evaluations.selectors import levels_from_rollup, levels_recomputed
    from tongban.evaluations.services.rectification import rectification_transition
    from tongban.evaluations.services.rollups import rollup_mismatches

    rate(closed_case, stage="accept")
    rate(closed_case)  # completion, very satisfied
    rate(closed_case, **BAD)  # replaces it: the first completion rating stops counting
    ticket = Rectification.objects.get()
    for who, event, data in (
        (supervisor, "verify", {"reasons": "核实", "content_class": "attitude"}),
        (staff["officer"], "appeal", {"reasons": "恶意差评"}),
        (supervisor, "uphold_appeal", {"reasons": "查实"}),
    ):
        rectification_transition(ticket=ticket, event=event, actor=who, data=data)
    assert rollup_mismatches() == {}
    assert levels_from_rollup(filters=_march()) == levels_recomputed(filters=_march())
    assert levels_from_rollup(filters=_march()) == {1: 1}  # only the acceptance rating
