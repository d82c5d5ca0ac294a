"""One test per supervision rule (DOMAIN §11.5), counted on the region's calendar: the
自治区 declares Wednesday 4 March 2026 off, so from Monday 2 March the week has four
working days. Where the national calendar alone would give another answer, the test
checks the day on which the two differ."""

import pytest

from tests.supervision.conftest import active_rules
from tongban.supervision.domain.rules import Rule
from tongban.supervision.models import Card, Warning

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(region_day_off, submit, act) -> str:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    assert act("clerk", uuid, "accept").status_code == 200
    return uuid  # promised due 10 March, statutory due 31 March


def test_promised_limit_near_is_a_prompt_one_working_day_before(
    accepted, sweep, time_machine
) -> None:  # type: ignore[no-untyped-def]
    # Friday 6 March: two working days left on the region's calendar (one nationally).
    time_machine.move_to("2026-03-06 10:00:00+08:00", tick=False)
    sweep()
    assert Rule.PROMISE_NEAR not in active_rules(accepted)
    time_machine.move_to("2026-03-09 10:00:00+08:00", tick=False)
    sweep()
    assert Rule.PROMISE_NEAR in active_rules(accepted)
    warning = Warning.objects.get(subject_uuid=accepted, rule=Rule.PROMISE_NEAR)
    assert warning.severity == "1"
    assert not Card.objects.filter(warning=warning).exists()


def test_promised_limit_passed_earns_a_red_card_and_clears_the_prompt(
    accepted, sweep, time_machine, staff
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-09 10:00:00+08:00", tick=False)
    sweep()
    time_machine.move_to("2026-03-11 10:00:00+08:00", tick=False)
    sweep()
    assert active_rules(accepted) >= {Rule.PROMISE_PASSED}
    assert Rule.PROMISE_NEAR not in active_rules(accepted)
    warning = Warning.objects.get(subject_uuid=accepted, rule=Rule.PROMISE_PASSED)
    assert warning.organisation.name.startswith("lhasa")
    assert warning.subject_number
    assert warning.number.startswith("JC")
    assert warning.card.colour == "3"
    assert warning.staff == staff["clerk"]  # the last to act on it holds it
    assert warning.card.rule == Rule.PROMISE_PASSED


def test_sweeping_twice_changes_nothing(accepted, sweep, time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-11 10:00:00+08:00", tick=False)
    sweep()
    before = list(Warning.objects.values_list("number", "state", "state_changed_at"))
    assert sweep() == {"case": 0, "ticket": 0, "rectification": 0}
    assert (
        list(Warning.objects.values_list("number", "state", "state_changed_at"))
        == before
    )
    assert Card.objects.count() == 1


def test_statutory_limit_passed_is_flagged_apart(accepted, sweep, time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-31 10:00:00+08:00", tick=False)
    sweep()
    assert Rule.STATUTORY_PASSED not in active_rules(accepted)
    time_machine.move_to("2026-04-01 10:00:00+08:00", tick=False)
    sweep()
    assert {Rule.PROMISE_PASSED, Rule.STATUTORY_PASSED} <= active_rules(accepted)


def test_a_review_step_over_its_own_limit_is_a_yellow_card(
    accepted, sweep, time_machine, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.SUPERVISION_STEP_WORKING_DAYS = {"承办": 3, "审核": 2, "批准": 1}
    # Friday 6 March: 承办 has taken 3 working days (4 March is off), its limit.
    time_machine.move_to("2026-03-06 10:00:00+08:00", tick=False)
    sweep()
    assert Rule.STEP_OVER_LIMIT not in active_rules(accepted)
    time_machine.move_to("2026-03-09 10:00:00+08:00", tick=False)
    sweep()
    assert Rule.STEP_OVER_LIMIT in active_rules(accepted)
    assert Warning.objects.get(rule=Rule.STEP_OVER_LIMIT).card.colour == "2"


def test_a_finished_step_clears_its_warning(accepted, sweep, act, time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-09 10:00:00+08:00", tick=False)
    sweep()
    assert act("officer", accepted, "approve-step").status_code == 200
    sweep()
    assert Rule.STEP_OVER_LIMIT not in active_rules(accepted)


def test_deemed_acceptance_near_prompts_the_office(
    region_day_off, submit, sweep, time_machine
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]  # unanswered: deemed accepted after 10 March
    time_machine.move_to("2026-03-06 10:00:00+08:00", tick=False)
    sweep()
    assert Rule.DEEMED_ACCEPTANCE_NEAR not in active_rules(uuid)
    time_machine.move_to("2026-03-09 10:00:00+08:00", tick=False)
    sweep()
    assert Rule.DEEMED_ACCEPTANCE_NEAR in active_rules(uuid)


def test_a_refusal_without_real_reasons_earns_a_red_card(
    region_day_off, submit, act, sweep
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    assert act("clerk", uuid, "refuse", reasons="不行").status_code == 200
    sweep()
    assert Rule.NO_REASONS in active_rules(uuid)
    other = submit(key="key-00000002").json()["uuid"]
    reasons = "申请人不具备《市场主体登记管理条例》第十条规定的条件，可依法申请复议。"
    assert act("clerk", other, "refuse", reasons=reasons).status_code == 200
    sweep()
    assert Rule.NO_REASONS not in active_rules(other)


def test_more_supplement_rounds_than_allowed_is_a_yellow_card(
    region_day_off, submit, act, sweep, materials, applicant_api
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit(attach=("申请书",)).json()["uuid"]
    item = {
        "material": materials["法定代表人身份证复印件"],
        "description": "法定代表人身份证复印件",
        "reason": "未提交",
    }
    assert act("clerk", uuid, "request-supplement", items=[item]).status_code == 200
    sweep()
    assert Rule.SUPPLEMENT_ROUNDS not in active_rules(uuid)
    from tests.supervision.conftest import pdf

    applicant_api.post(
        f"/api/v1/public/cases/{uuid}/supplement",
        {f"material_{materials['法定代表人身份证复印件']}": pdf()},
        format="multipart",
    )
    item["reason"] = "复印件不清晰"
    assert act("clerk", uuid, "request-supplement", items=[item]).status_code == 200
    sweep()
    assert Rule.SUPPLEMENT_ROUNDS in active_rules(uuid)
    assert Warning.objects.get(rule=Rule.SUPPLEMENT_ROUNDS).card.colour == "2"


@pytest.fixture
def history_of_ten_days(service) -> None:  # type: ignore[no-untyped-def]
    """Twelve earlier closed cases of the item took 10 working days on average."""
    from tongban.supervision.models import MetricRollup

    implementation = service.implementation
    MetricRollup.objects.create(
        month="2026-02",
        division_id=implementation.division_id,
        organisation_id=implementation.organisation_id,
        implementation=implementation,
        closed=12,
        timed=12,
        handling_days=120,
    )


def _close(act, uuid: str) -> None:  # type: ignore[no-untyped-def]
    for officer in ("officer", "officer2", "officer"):
        assert act(officer, uuid, "approve-step").status_code == 200
    assert act("officer2", uuid, "decide", decision="approve").status_code == 200
    assert act("officer2", uuid, "close", result_name="营业执照").status_code == 200


def test_a_case_closed_far_faster_than_the_items_history_is_flagged(
    accepted, history_of_ten_days, act, sweep, time_machine
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-03 10:00:00+08:00", tick=False)  # 1 working day
    _close(act, accepted)
    sweep()
    assert Rule.UNUSUALLY_FAST in active_rules(accepted)


def test_a_case_closed_far_slower_than_the_items_history_is_flagged(
    accepted, history_of_ten_days, act, sweep, time_machine
) -> None:  # type: ignore[no-untyped-def]
    # 2 March → 24 April: over 30 working days, three times the history of 10.
    time_machine.move_to("2026-04-24 10:00:00+08:00", tick=False)
    _close(act, accepted)
    sweep()
    assert Rule.UNUSUALLY_SLOW in active_rules(accepted)
    assert Rule.UNUSUALLY_FAST not in active_rules(accepted)


def test_without_enough_history_nothing_is_unusual(
    accepted, act, sweep, time_machine
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-03 10:00:00+08:00", tick=False)
    _close(act, accepted)
    sweep()
    assert not active_rules(accepted) & {Rule.UNUSUALLY_FAST, Rule.UNUSUALLY_SLOW}
