"""好评率 and 差评整改率 on the supervision dashboard, from the evaluations app's rollup and
rectification tickets by its own formulas: a good and a bad review of two closed 拉萨
cases give 50 %; rectifying the bad review's ticket takes 差评整改率 from 0 % to 100 %;
a supervisor of 日喀则 sees none of 拉萨's reviews."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.evaluations.conftest import (  # noqa: F401 - fixtures, used by name
    BAD,
    GOOD,
    accepted_case,
    closed_case,
    rate,
)
from tongban.accounts.domain.roles import Role
from tongban.evaluations.models import Rectification

pytestmark = pytest.mark.django_db


def _close(act: Callable[..., Any], uuid: str) -> None:
    assert act("clerk", uuid, "accept").status_code == 200
    for officer in ("officer", "officer2", "officer"):
        assert act(officer, uuid, "approve-step").status_code == 200
    assert act("officer2", uuid, "decide", decision="approve").status_code == 200
    assert act("officer2", uuid, "close", result_name="营业执照").status_code == 200


@pytest.fixture
def reviewed(
    closed_case: str,  # noqa: F811 - the imported fixture
    rate: Any,  # noqa: F811 - the imported fixture
    submit: Callable[..., Any],
    act: Callable[..., Any],
) -> Rectification:
    other = submit(key="key-00000002").json()["uuid"]
    _close(act, other)
    assert rate(closed_case, **GOOD).status_code == 201
    assert rate(other, **BAD).status_code == 201
    return Rectification.objects.get()


def _values(user: Any) -> dict[str, Any]:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get("/api/v1/internal/supervision/metrics?month=2026-03")
    assert response.status_code == 200
    return {row["code"]: row for row in response.json()}


def _step(user: Any, uuid: str, action: str, **body: Any) -> None:
    client = APIClient()
    client.force_authenticate(user)
    response = client.post(
        f"/api/v1/internal/rectifications/{uuid}/{action}", body, format="json"
    )
    assert response.status_code == 200, response.content


def test_the_good_review_rate_counts_the_evaluations_of_the_period(
    reviewed: Rectification, supervisor: Any
) -> None:
    values = _values(supervisor)
    assert values["good_rate"]["value"] == pytest.approx(0.5)
    assert values["good_rate"]["shown"] == "50.0 %"
    # The definition in the platform's default language, whatever an earlier test left
    # active in this thread.
    assert "基本满意" in values["good_rate"]["definition"]


def test_rectifying_the_bad_review_raises_the_rectification_rate(
    reviewed: Rectification, supervisor: Any, staff: dict[str, Any]
) -> None:
    assert _values(supervisor)["rectification_rate"]["value"] == 0
    uuid = str(reviewed.uuid)
    _step(supervisor, uuid, "verify", reasons="核实属实", content_class="attitude")
    _step(staff["officer"], uuid, "contact", reasons="电话联系申请人")
    _step(staff["officer"], uuid, "rectify", reasons="窗口人员培训")
    assert _values(supervisor)["rectification_rate"]["value"] == pytest.approx(1.0)


def test_a_period_without_reviews_shows_a_dash_not_zero(supervisor: Any) -> None:
    values = _values(supervisor)
    assert (values["good_rate"]["shown"], values["rectification_rate"]["shown"]) == (
        "—",
        "—",
    )


def test_another_prefectures_supervisor_sees_none_of_these_reviews(
    reviewed: Rectification, make_staff: Callable[..., Any]
) -> None:
    xigaze = make_staff("xigaze.supervisor", Role.SUPERVISOR, division_code="540200")
    assert _values(xigaze)["good_rate"]["value"] is None


def test_a_supervisor_of_an_organisation_sees_its_rates(
    reviewed: Rectification,
    make_staff: Callable[..., Any],
    orgs: dict[str, Any],
    client: Any,
) -> None:
    # Scoped to the 拉萨 organisation, not a region: the rates come from the evaluation
    # rollup's organisation column (they were "—" before).
    lhasa = make_staff(
        "lhasa.org.supervisor",
        Role.SUPERVISOR,
        division_code=None,
        organisation=orgs["lhasa"],
    )
    values = _values(lhasa)
    assert values["good_rate"]["value"] == pytest.approx(0.5)
    assert values["rectification_rate"]["value"] == 0
    client.force_login(lhasa)
    page = client.get("/workbench/supervision/?month=2026-03").content.decode()
    row = re.search(r'data-metric="good_rate".*?</tr>', page, re.S)
    assert row is not None
    assert "50.0 %" in row.group(0)
    xigaze = make_staff(
        "xigaze.org.supervisor",
        Role.SUPERVISOR,
        division_code=None,
        organisation=orgs["xigaze"],
    )
    assert _values(xigaze)["good_rate"]["value"] is None


def test_the_dashboard_shows_the_rates_with_their_definitions_and_links(
    reviewed: Rectification, client: Any, supervisor: Any
) -> None:
    client.force_login(supervisor)
    page = client.get("/workbench/supervision/?month=2026-03").content.decode()
    row = re.search(r'data-metric="good_rate".*?</tr>', page, re.S)
    assert row is not None
    assert 'abbr title="' in row.group(0)
    assert (
        "/workbench/evaluations/statistics/?division=&amp;month=2026-03" in row.group(0)
    )
    assert "50.0 %" in row.group(0)
    region = client.get("/workbench/supervision/").content.decode()
    areas = re.search(r'id="areas".*?</table>', region, re.S)
    assert areas is not None
    assert "50.0 %" in areas.group(0)


def _both(username: str, division: Any, organisation: Any) -> Any:
    """A supervisor holding a region grant and an organisation grant."""
    from tests.conftest import PASSWORD
    from tongban.accounts import services as accounts
    from tongban.core.permissions import SYSTEM

    return accounts.staff_create(
        actor=SYSTEM,
        username=username,
        full_name=username,
        password=PASSWORD,
        organisation=organisation,
        roles=[
            (Role.SUPERVISOR, None, division),
            (Role.SUPERVISOR, organisation, None),
        ],
    )


def test_a_supervisor_with_region_and_organisation_grants_counts_both(
    reviewed: Rectification,
    orgs: dict[str, Any],
    division: Callable[[str], Any],
) -> None:
    from tongban.supervision.selectors import evaluation_counts

    # 日喀则's area and the 拉萨 organisation: 拉萨's two reviews come from the
    # organisation grant (they were left out, "—", when the areas alone counted).
    both = _both("both.supervisor", division("540200"), orgs["lhasa"])
    assert _values(both)["good_rate"]["value"] == pytest.approx(0.5)
    assert sum(evaluation_counts(user=both, months=["2026-03"]).by_level) == 2
    # 拉萨's area and its own organisation overlap: each review is counted once.
    lhasa = _both("lhasa.both.supervisor", division("540100"), orgs["lhasa"])
    counts = evaluation_counts(user=lhasa, months=["2026-03"])
    assert (sum(counts.by_level), counts.bad_reviews) == (2, 1)
    # Within 日喀则 only, the 拉萨 organisation has no reviews to add.
    only = evaluation_counts(user=both, division_prefix="5402", months=["2026-03"])
    assert sum(only.by_level) == 0
