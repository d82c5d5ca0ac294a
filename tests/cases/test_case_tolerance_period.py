"""容缺受理: the period for the missing materials must end at least 2 working days before
the promised limit runs out (DOMAIN §6), counted on the region's calendar (4 March 2026
is off). Accepted on Monday 2 March, a promised limit of 5 working days ends on 10 March,
so the materials may be due on 6 March at the latest."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def missing_one(region_day_off, submit) -> str:  # type: ignore[no-untyped-def]
    return submit(attach=("申请书",)).json()["uuid"]


def test_a_period_ending_less_than_two_working_days_before_the_promise_is_refused(
    missing_one, act
) -> None:  # type: ignore[no-untyped-def]
    late = act("clerk", missing_one, "accept-tolerated", pledge_signed=True, due_days=4)
    assert late.status_code == 400
    problem = late.json()["invalid_params"][0]
    assert (problem["name"], problem["code"]) == ("due_days", "tolerance_too_late")


def test_a_period_ending_two_working_days_before_the_promise_is_accepted(
    missing_one, act
) -> None:  # type: ignore[no-untyped-def]
    accepted = act(
        "clerk", missing_one, "accept-tolerated", pledge_signed=True, due_days=3
    ).json()
    assert (accepted["tolerance_due"], accepted["promised_due"]) == (
        "2026-03-06",
        "2026-03-10",
    )


def test_the_default_period_is_cut_to_fit_the_promise(missing_one, act) -> None:  # type: ignore[no-untyped-def]
    accepted = act("clerk", missing_one, "accept-tolerated", pledge_signed=True).json()
    assert accepted["tolerance_due"] == "2026-03-06"


def test_a_promise_too_short_for_any_period_refuses_tolerated_acceptance(
    missing_one, act, service
) -> None:  # type: ignore[no-untyped-def]
    from tongban.cases.models import Case

    Case.objects.filter(uuid=missing_one).update(promised_limit=2)
    refused = act("clerk", missing_one, "accept-tolerated", pledge_signed=True)
    assert refused.status_code == 400
    assert refused.json()["invalid_params"][0]["code"] == "tolerance_too_late"
