"""Statutory overrun (超法定时限) is flagged apart from the promised one, and an item with
only a statutory limit shows that due date and its light. Counted on the region's
calendar (4 March 2026 is off): accepted on 2 March, 5 promised working days end on
10 March and 20 statutory ones on 31 March."""

import datetime

import pytest

from tests.cases.region_calendar import submit_to
from tongban.cases import presentation
from tongban.cases.models import Case
from tongban.catalog import services as catalog
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(region_day_off, submit, act) -> str:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    assert act("clerk", uuid, "accept").status_code == 200
    return uuid


def test_past_the_promise_but_within_the_law_is_not_a_statutory_overrun(
    accepted, staff_api, time_machine
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-11 10:00:00+08:00", tick=False)
    body = staff_api["clerk"].get(f"/api/v1/internal/cases/{accepted}/").json()
    assert (body["light"], body["statutory_overdue"]) == ("red", False)


def test_past_the_statutory_limit_is_flagged_as_such(
    accepted, staff_api, client, staff, time_machine
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-04-01 10:00:00+08:00", tick=False)
    body = staff_api["clerk"].get(f"/api/v1/internal/cases/{accepted}/").json()
    assert (body["light"], body["statutory_overdue"]) == ("red", True)
    deadlines = presentation.deadlines(Case.objects.get(uuid=accepted))
    assert deadlines.statutory_overdue is True
    client.force_login(staff["clerk"])
    page = client.get(f"/workbench/cases/{accepted}/").content.decode()
    assert 'data-flag="statutory-overdue"' in page


@pytest.fixture
def statutory_only(service):  # type: ignore[no-untyped-def]
    draft = catalog.version_draft(actor=SYSTEM, implementation=service.implementation)
    catalog.version_update(actor=SYSTEM, version=draft, promised_limit=None)
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 2, 1)
    )
    return draft


def test_a_statutory_only_item_shows_its_due_date_and_light(
    region_day_off,
    statutory_only,
    applicant_api,
    act,
    applicant,
    client,
    time_machine,
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit_to(applicant_api, statutory_only, "statutory-0001").json()["uuid"]
    accepted = act("clerk", uuid, "accept").json()
    assert (accepted["promised_due"], accepted["statutory_due"]) == (None, "2026-03-31")
    time_machine.move_to("2026-03-30 10:00:00+08:00", tick=False)
    deadlines = presentation.deadlines(Case.objects.get(uuid=uuid))
    assert (deadlines.remaining, deadlines.light) == (1, "yellow")
    client.force_login(applicant.user)
    page = client.get(f"/me/cases/{uuid}/").content.decode()
    assert "2026-03-31" in page
