"""Time limits per type on the region's calendar (DOMAIN.md §9.3): 咨询/求助 3 working days,
投诉/举报/建议 13 working days, counted from the day after receipt; a setting changes them;
extensions only by a request before expiry, approved by the dispatcher."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from tests.servicedesk.conftest import file_ticket
from tongban.servicedesk.services import actions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("ticket_type", "due"),
    [
        # filed Monday 2 March 2026; counting starts Tuesday 3 March
        ("consultation", "2026-03-05"),  # Tue, Wed, Thu
        ("help", "2026-03-05"),
        ("complaint", "2026-03-19"),  # 4 + 5 + 4 working days
        ("report", "2026-03-19"),
        ("suggestion", "2026-03-19"),
    ],
)
def test_each_type_has_its_limit_counted_from_the_next_day(
    applicant: Any, ticket_type: str, due: str
) -> None:
    ticket = file_ticket(applicant.user, ticket_type=ticket_type)
    assert ticket.due_on.isoformat() == due


@override_settings(SERVICEDESK_LIMITS={"consultation": 1})
def test_the_limits_are_a_setting(applicant: Any) -> None:
    ticket = file_ticket(applicant.user, ticket_type="consultation")
    assert ticket.due_on.isoformat() == "2026-03-03"


def test_a_tibetan_regional_holiday_inside_a_13_day_limit_moves_the_due_date(
    applicant: Any, losar: None, time_machine: Any
) -> None:
    """Lhasa's 2026 notice: 15–26 February off (春节 and 藏历新年), 14 and 28 February
    make-up workdays. Filed Tuesday 10 February, the 13 working days are 11, 12, 13, 14
    (Saturday, worked), 27, 28 (Saturday, worked) February and 2–6, 9, 10 March. The
    national calendar alone would end on 5 March (23–26 February are workdays there)."""
    time_machine.move_to("2026-02-10 10:00:00+08:00", tick=False)
    lhasa = file_ticket(applicant.user, division_code="540100")
    assert lhasa.due_on.isoformat() == "2026-03-10"
    xigaze = file_ticket(applicant.user, division_code="540200")
    assert xigaze.due_on.isoformat() == "2026-03-05"


def _at_unit(desk: dict[str, Any], orgs: dict[str, Any], applicant: Any) -> Any:
    ticket = file_ticket(applicant.user)
    ticket = actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    return actions.ticket_assign(
        ticket=ticket, handler=desk["handler"], actor=desk["handler"]
    )


def test_an_approved_extension_adds_its_working_days_to_the_limit(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    ticket = _at_unit(desk, orgs, applicant)
    request = actions.extension_request(
        ticket=ticket, actor=desk["handler"], days=5, reason="需现场核查"
    )
    ticket = actions.extension_decide(
        request=request, actor=desk["dispatcher"], approve=True
    )
    # 19 March + 5 working days
    assert ticket.due_on.isoformat() == "2026-03-26"
    assert ticket.clock_extension == 5
    assert ticket.extension_reason == "需现场核查"


def test_a_refused_extension_leaves_the_limit(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    ticket = _at_unit(desk, orgs, applicant)
    request = actions.extension_request(
        ticket=ticket, actor=desk["handler"], days=5, reason="需现场核查"
    )
    ticket = actions.extension_decide(
        request=request, actor=desk["dispatcher"], approve=False, note="理由不足"
    )
    assert ticket.due_on.isoformat() == "2026-03-19"
    request.refresh_from_db()
    assert request.approved is False


def test_an_extension_cannot_be_asked_for_after_the_limit(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any, time_machine: Any
) -> None:
    ticket = _at_unit(desk, orgs, applicant)
    time_machine.move_to("2026-03-20 10:00:00+08:00", tick=False)
    with pytest.raises(ValidationError) as refused:
        actions.extension_request(
            ticket=ticket, actor=desk["handler"], days=5, reason="来不及"
        )
    assert refused.value.error_dict["days"][0].code == "limit_expired"


def test_an_extension_needs_its_reasons(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    ticket = _at_unit(desk, orgs, applicant)
    with pytest.raises(ValidationError) as refused:
        actions.extension_request(
            ticket=ticket, actor=desk["handler"], days=5, reason=""
        )
    assert "reason" in refused.value.error_dict


def test_only_the_dispatcher_approves_an_extension(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    ticket = _at_unit(desk, orgs, applicant)
    request = actions.extension_request(
        ticket=ticket, actor=desk["handler"], days=5, reason="需现场核查"
    )
    with pytest.raises(PermissionDenied):
        actions.extension_decide(request=request, actor=desk["handler"], approve=True)


def test_a_second_request_waits_for_the_first_decision(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    ticket = _at_unit(desk, orgs, applicant)
    actions.extension_request(ticket=ticket, actor=desk["handler"], days=5, reason="a")
    with pytest.raises(ValidationError) as refused:
        actions.extension_request(
            ticket=ticket, actor=desk["handler"], days=2, reason="b"
        )
    assert refused.value.error_dict["days"][0].code == "request_pending"


def test_a_reply_after_the_limit_counts_the_working_days_late(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any, time_machine: Any
) -> None:
    ticket = _at_unit(desk, orgs, applicant)
    time_machine.move_to("2026-03-24 10:00:00+08:00", tick=False)  # Tue after Thu 19
    ticket = actions.ticket_reply(ticket=ticket, actor=desk["handler"], reply="答复")
    assert ticket.overdue_days == 3  # Fri 20, Mon 23, Tue 24
    assert ticket.answered_on_time is False
