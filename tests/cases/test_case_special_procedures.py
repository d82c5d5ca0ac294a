"""特别程序 follow the catalogue entry they name (行政许可法 45): an entry that does not
count toward the limit pauses the clock, one that counts does not, a name not in the
catalogue is refused, and a suspension resumed the same day removes no day. Counted on
the region's calendar (4 March 2026 is off): accepted on 2 March, 20 statutory working
days end on 31 March."""

import datetime

import pytest

from tests.cases.region_calendar import submit_to
from tongban.cases.models import Case
from tongban.catalog import services as catalog
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_procedures(service):  # type: ignore[no-untyped-def]
    draft = catalog.version_draft(actor=SYSTEM, implementation=service.implementation)
    for name, counts, limit in (("专家评审", False, 5), ("现场核查", True, 3)):
        catalog.child_add(
            actor=SYSTEM,
            version=draft,
            kind="special_procedures",
            name=name,
            time_limit=limit,
            counts_toward_limit=counts,
        )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 2, 1)
    )
    return draft


@pytest.fixture
def accepted(region_day_off, with_procedures, applicant_api, act) -> str:  # type: ignore[no-untyped-def]
    uuid = submit_to(applicant_api, with_procedures, "procedure-0001").json()["uuid"]
    assert act("clerk", uuid, "accept").json()["statutory_due"] == "2026-03-31"
    return uuid


def _suspend(act, uuid: str, procedure: str, **extra):  # type: ignore[no-untyped-def]
    return act("officer", uuid, "suspend", procedure=procedure, reasons="需要", **extra)


def test_a_procedure_not_in_the_catalogue_is_refused(accepted, act) -> None:  # type: ignore[no-untyped-def]
    refused = _suspend(act, accepted, "听证", expected_days=3)
    assert refused.status_code == 400
    assert refused.json()["invalid_params"][0]["code"] == "unknown_procedure"


def test_a_procedure_that_does_not_count_pauses_the_limit(
    accepted, act, time_machine
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-03 10:00:00+08:00", tick=False)
    paused = _suspend(act, accepted, "专家评审")  # duration from the catalogue: 5
    assert paused.status_code == 200
    time_machine.move_to("2026-03-06 10:00:00+08:00", tick=False)
    resumed = act("officer", accepted, "resume").json()
    # 3 and 5 March are paused working days (4 March is off anyway).
    assert resumed["statutory_due"] == "2026-04-02"


def test_a_procedure_that_counts_toward_the_limit_does_not_pause_it(
    accepted, act, time_machine
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-03 10:00:00+08:00", tick=False)
    assert _suspend(act, accepted, "现场核查").json()["statutory_due"] == "2026-03-31"
    time_machine.move_to("2026-03-09 10:00:00+08:00", tick=False)
    assert act("officer", accepted, "resume").json()["statutory_due"] == "2026-03-31"


def test_a_suspension_resumed_the_same_day_removes_no_day(
    accepted, act, time_machine
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-03 10:00:00+08:00", tick=False)
    assert _suspend(act, accepted, "专家评审").status_code == 200
    time_machine.move_to("2026-03-03 16:00:00+08:00", tick=False)
    assert act("officer", accepted, "resume").json()["statutory_due"] == "2026-03-31"


def test_the_workbench_offers_the_catalogue_procedures(accepted, client, staff) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff["officer"])
    page = client.get(f"/workbench/cases/{accepted}/")
    form = next(a["form"] for a in page.context["actions"] if a["event"] == "suspend")
    assert [value for value, _ in form.fields["procedure"].choices] == [
        "",
        "专家评审",
        "现场核查",
    ]
    done = client.post(
        f"/workbench/cases/{accepted}/actions/suspend/",
        {"suspend-procedure": "专家评审", "suspend-reasons": "技术复杂"},
    )
    assert done.status_code == 302
    pause = Case.objects.get(uuid=accepted).pauses.get()
    assert (pause.procedure, pause.expected_days) == ("专家评审", 5)
