"""表7 特别程序, 表8 办结 and 表9 评价 with real records: a case paused for a special
procedure and resumed, a case closed, a closed case rated — each built through the case
and evaluation APIs, cut into a batch, and every exported field compared with what was
stored (codes from the code tables, lengths, dates); a record with a bad field is held
back while the rest go out."""

import datetime
import re

import pytest

from tests.cases.region_calendar import submit_to
from tests.evaluations.conftest import *  # noqa: F403 - case and evaluation fixtures
from tests.evaluations.conftest import _monday  # noqa: F401 - autouse: 2 March 2026
from tests.exchange.records import cut, within_lengths
from tongban.cases.models import Case, CaseEvent
from tongban.catalog import services as catalog
from tongban.core.permissions import SYSTEM
from tongban.evaluations.models import Evaluation
from tongban.exchange.models import ExchangeBatch
from tongban.exchange.sources import stamp

pytestmark = pytest.mark.django_db
STAMP = re.compile(r"20\d{12}")


@pytest.fixture
def with_procedure(service):  # type: ignore[no-untyped-def]
    draft = catalog.version_draft(actor=SYSTEM, implementation=service.implementation)
    catalog.child_add(
        actor=SYSTEM,
        version=draft,
        kind="special_procedures",
        name="专家评审",
        time_limit=5,
        counts_toward_limit=False,
    )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 2, 1)
    )
    return draft


def test_a_special_procedure_goes_out_when_it_starts_and_again_when_it_ends(
    with_procedure, applicant_api, act, platform, time_machine
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit_to(applicant_api, with_procedure, "procedure-0001").json()["uuid"]
    assert act("clerk", uuid, "accept").status_code == 200
    time_machine.move_to("2026-03-03 10:00:00+08:00", tick=False)
    paused = act(
        "officer", uuid, "suspend", procedure="专家评审", reasons="需要专家评审"
    )
    assert paused.status_code == 200, paused.content
    case = Case.objects.get(uuid=uuid)
    started = cut(platform, "special_procedure")
    assert started["held"] == []
    [record] = started["records"]
    start_row = CaseEvent.objects.get(case=case, event="suspend")
    officer = start_row.actor
    assert record["sync_type"] == "I"
    assert record["case_number"] == case.number
    assert record["procedure_key"] == f"{case.number}:{start_row.pk}"
    assert (record["kind_code"], record["kind_name"]) == ("2", "专家评审")
    assert record["started_at"] == "20260303100000"
    assert record["reason"] == "需要专家评审"
    assert record["requested_by"] == record["handler"] == officer.full_name
    assert (record["ended_at"], record["result"]) == ("", "")
    assert record["handling_unit"] == case.organisation.name
    within_lengths("special_procedure", record)

    time_machine.move_to("2026-03-06 10:00:00+08:00", tick=False)
    assert act("officer", uuid, "resume").status_code == 200
    ended = cut(platform, "special_procedure")
    assert ended["held"] == [], ended["held"]
    [update] = ended["records"]
    assert update["sync_type"] == "U"
    assert update["procedure_key"] == record["procedure_key"]  # the same procedure
    assert update["started_at"] == "20260303100000"
    assert update["ended_at"] == "20260306100000"
    assert update["kind_name"] == "专家评审"
    assert update["reason"] == "需要专家评审"
    assert update["requested_by"] == officer.full_name  # the start's, not the resume's
    within_lengths("special_procedure", update)


def test_a_closed_case_goes_out_with_its_result(closed_case, act, platform) -> None:  # type: ignore[no-untyped-def]
    case = Case.objects.get(uuid=closed_case)
    batch = cut(platform, "completion")
    assert batch["held"] == []
    [record] = batch["records"]
    closing = CaseEvent.objects.get(case=case, event="close")
    assert record["case_number"] == case.number
    assert record["handler"] == closing.actor.full_name
    assert record["closed_at"] == stamp(closing.created_at)
    assert STAMP.fullmatch(record["closed_at"])
    assert record["result_name"] == "营业执照"
    assert record["result_description"]
    assert record["issuing_unit"] == case.organisation.name
    assert record["delivered_by_post"] in ("0", "1")
    assert record["fee_charged"] == "0"
    assert record["division_code"] == case.division.code
    within_lengths("completion", record)
    # kept encrypted at rest; no applicant's identity number in a completion record
    stored = bytes(ExchangeBatch.objects.get(number=batch["batch_number"]).content)
    assert case.number.encode() not in stored
    assert case.applicant.id_number not in str(record)


def test_a_result_posted_after_the_close_updates_the_completion_record(
    closed_case, act, platform, time_machine
) -> None:  # type: ignore[no-untyped-def]
    first = cut(platform, "completion")["records"][0]
    assert first["delivered_by_post"] == "0"  # not delivered yet when it went out
    time_machine.move_to("2026-03-03 10:00:00+08:00", tick=False)
    posted = act("clerk", closed_case, "deliver", method="post", reference="SF1234")
    assert posted.status_code == 200, posted.content
    batch = cut(platform, "completion")
    assert batch["held"] == []
    [update] = batch["records"]
    assert update["sync_type"] == "U"
    assert update["delivered_by_post"] == "1"
    for key in ("case_number", "handler", "closed_at", "result_name", "fee_charged"):
        assert update[key] == first[key], key


def test_an_evaluation_goes_out_with_its_level_and_count(
    closed_case, rate, platform
) -> None:  # type: ignore[no-untyped-def]
    rated = rate(closed_case)
    assert rated.status_code == 201, rated.content
    evaluation = Evaluation.objects.get()
    batch = cut(platform, "evaluation")
    assert batch["held"] == []
    [record] = batch["records"]
    assert record["evaluation_key"] == str(evaluation.uuid)
    assert record["case_number"] == evaluation.case.number
    assert record["channel_code"] == evaluation.channel
    assert record["satisfaction_code"] == str(evaluation.level)
    assert record["evaluation_count"] == "1"
    assert record["evaluated_at"] == stamp(evaluation.created_at)
    assert record["division_code"] == evaluation.division.code
    assert evaluation.real_name  # rated by the applicant, signed in
    assert record["evaluator"] == evaluation.case.applicant.name
    within_lengths("evaluation", record)


def test_a_special_procedure_with_a_bad_field_is_held_back(
    with_procedure, applicant_api, act, platform
) -> None:  # type: ignore[no-untyped-def]
    first = submit_to(applicant_api, with_procedure, "procedure-0001").json()["uuid"]
    second = submit_to(applicant_api, with_procedure, "procedure-0002").json()["uuid"]
    for uuid in (first, second):
        assert act("clerk", uuid, "accept").status_code == 200
        assert (
            act("officer", uuid, "suspend", procedure="专家评审", reasons="需要")
        ).status_code == 200
    bad = CaseEvent.objects.get(case__uuid=first, event="suspend")
    bad.data = {**bad.data, "reasons": "理" * 2001}  # longer than the standard allows
    CaseEvent.objects.filter(pk=bad.pk).update(data=bad.data)
    batch = cut(platform, "special_procedure")
    number = Case.objects.get(uuid=second).number
    assert [r["case_number"] for r in batch["records"]] == [number]
    [held] = batch["held"]
    assert held["problems"][0]["field"] == "reason"
