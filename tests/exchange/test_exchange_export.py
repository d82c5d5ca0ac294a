"""GB/T 39046 batches to the provincial platform: every record checked field by field, a
bad one held back and reported while the rest go out; 批次号 / 同步类型 / 同步时间 on every
record; the same batch fetched or sent twice is the same bytes and lands once in the
reference 前置库 (a separate process); a client sees only its region's batches."""

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.builders import applicant_with_account
from tests.cases.conftest import *  # noqa: F403 - the case fixtures (submit, act, …)
from tests.client_systems import bearer, client_system
from tests.reference import counterpart
from tongban.accounts.models import Applicant
from tongban.core.models import AuditEvent
from tongban.exchange.batches import batch_lines
from tongban.exchange.models import ExchangeBatch

pytestmark = pytest.mark.django_db
API = "/api/v1/exchange"


@pytest.fixture(autouse=True)
def _settled(settings: Any) -> None:
    settings.EXCHANGE_SETTLE_SECONDS = 0  # time is frozen: rows of "now" are settled


@pytest.fixture
def platform(make_staff, capsys) -> APIClient:  # type: ignore[no-untyped-def]
    make_staff("province.platform", "exchange_client", division_code="540100")
    return bearer(*client_system(capsys, "province.platform", "exchange.datasets.read"))


@pytest.fixture(scope="module")
def front_db() -> Iterator[str]:
    with counterpart("exchange") as url:
        yield url


def test_a_bad_record_is_held_back_and_reported_while_the_rest_goes_out(
    submit, platform
) -> None:  # type: ignore[no-untyped-def]
    first = submit(key="key-00000001").json()["number"]
    Applicant.objects.update(phone="138-0000-0000")  # not n..20 digits
    other = APIClient()
    second_person = applicant_with_account(
        phone="13900000002", name="次仁", id_number="11010519491231002X"
    )
    other.force_authenticate(second_person.user)
    second = submit(key="key-00000002", client=other).json()["number"]
    cut = platform.post(f"{API}/datasets/application/batches")
    assert cut.status_code == 201, cut.content
    meta = cut.json()
    assert (meta["record_count"], meta["held_count"]) == (1, 1)
    page = platform.get(f"{API}/batches/{meta['batch_number']}").json()
    assert [r["case_number"] for r in page["records"]] == [second]
    assert page["held"] == [
        {
            "record_key": first,
            "problems": [
                {
                    "field": "applicant_phone",
                    "code": "not_digits",
                    "reason": "digits only",
                }
            ],
        }
    ]
    record = page["records"][0]
    assert record["batch_number"] == meta["batch_number"]
    assert (record["sync_type"], record["data_source"]) == ("I", "540000")
    assert record["sync_time"] == meta["sync_time"]
    assert re.fullmatch(r"20\d{12}", meta["sync_time"])
    assert record["applicant_id_type"] == "111"
    assert len(record["applicant_id_number"]) == 18  # in clear, for the platform only
    assert AuditEvent.objects.filter(action="exchange.batch_cut").count() == 1


def test_the_same_batch_number_always_gives_the_same_content(submit, platform) -> None:  # type: ignore[no-untyped-def]
    submit()
    number = platform.post(f"{API}/datasets/application/batches").json()["batch_number"]
    Applicant.objects.update(name="改过的名字")  # the source changes after the cut
    once = platform.get(f"{API}/batches/{number}").json()
    again = platform.get(f"{API}/batches/{number}").json()
    assert once == again
    assert once["records"][0]["applicant_name"] != "改过的名字"
    lines = batch_lines(ExchangeBatch.objects.get(number=number))
    assert hashlib.sha256(lines).hexdigest() == once["sha256"]
    # nothing new: no empty batch; the list finds the batch again after a lost answer
    assert platform.post(f"{API}/datasets/application/batches").status_code == 204
    listed = platform.get(f"{API}/datasets/application/batches").json()
    assert [b["batch_number"] for b in listed] == [number]
    assert (
        platform.get(f"{API}/datasets/application/batches", {"after": number}).json()
        == []
    )


def test_a_batch_sent_twice_as_files_lands_once_in_the_front_database(
    submit, act, front_db, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    requests.post(f"{front_db}/reset", timeout=5)
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    call_command("exchange_export", "--out", str(tmp_path), "--division", "54")
    written = capsys.readouterr().out
    assert "application 1 records, 0 held back" in written
    assert "acceptance 1 records" in written
    assert "process 1 records" in written
    first = requests.post(
        f"{front_db}/load", json={"directory": str(tmp_path)}, timeout=5
    )
    assert set(first.json().values()) == {"landed"}
    landed = requests.get(f"{front_db}/landed", timeout=5).json()
    numbers = sorted(landed["batches"])
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    call_command("exchange_export", "--out", str(tmp_path), "--resend", numbers[0])
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    call_command("exchange_export", "--out", str(tmp_path), "--division", "54")
    assert "wrote" not in capsys.readouterr().out.replace("resent", "")
    second = requests.post(
        f"{front_db}/load", json={"directory": str(tmp_path)}, timeout=5
    )
    assert set(second.json().values()) == {"already landed"}
    after = requests.get(f"{front_db}/landed", timeout=5).json()
    assert after["records"] == landed["records"] == 3
    assert after["repeats"] == len(numbers)
    # a changed file under a landed 批次号 is refused, not landed again
    report = tmp_path / f"{numbers[0]}.report.json"
    data = json.loads(report.read_text())
    (tmp_path / f"{numbers[0]}.jsonl").write_bytes(b'{"case_number":"x"}\n')
    data["sha256"] = hashlib.sha256(b'{"case_number":"x"}\n').hexdigest()
    report.write_text(json.dumps(data))
    third = requests.post(
        f"{front_db}/load", json={"directory": str(tmp_path)}, timeout=5
    )
    assert third.json()[numbers[0]] == "another content under a landed batch number"


def test_acceptance_and_steps_carry_who_when_and_the_notice(
    submit, act, platform
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    cut = platform.post(f"{API}/datasets/acceptance/batches").json()
    record = platform.get(f"{API}/batches/{cut['batch_number']}").json()["records"][0]
    assert re.fullmatch(r"20\d{12}", record["accepted_at"])
    assert record["accepted_by"]
    assert record["acceptance_document_number"]
    assert len(record["accepting_unit_uscc"]) == 18
    steps = platform.post(f"{API}/datasets/process/batches").json()
    records = platform.get(f"{API}/batches/{steps['batch_number']}").json()["records"]
    assert [(r["action_code"], r["step_state"]) for r in records] == [("1", "2")]
    assert records[0]["step_started_at"] == records[0]["step_ended_at"]
    assert records[0]["step_name"] == "已受理"


@pytest.mark.parametrize(
    "dataset",
    ["special_procedure", "completion", "evaluation", "interaction", "supervision"],
)
def test_every_data_set_can_be_cut_when_there_is_nothing_new(dataset, platform) -> None:  # type: ignore[no-untyped-def]
    assert platform.post(f"{API}/datasets/{dataset}/batches").status_code == 204


def test_a_client_sees_only_its_region_and_needs_the_scope(
    submit, platform, make_staff, capsys
) -> None:  # type: ignore[no-untyped-def]
    submit()
    number = platform.post(f"{API}/datasets/application/batches").json()["batch_number"]
    make_staff("xigaze.platform", "exchange_client", division_code="540200")
    xigaze = bearer(*client_system(capsys, "xigaze.platform", "exchange.datasets.read"))
    assert xigaze.get(f"{API}/batches/{number}").status_code == 404
    assert xigaze.post(f"{API}/datasets/application/batches").status_code == 204
    make_staff("webhooks.only", "exchange_client", division_code="540100")
    hooks = bearer(*client_system(capsys, "webhooks.only", "webhooks.manage"))
    assert hooks.get(f"{API}/batches/{number}").status_code == 403
    assert platform.get(f"{API}/datasets/nothing/batches").status_code == 404


def test_the_data_sets_and_their_rules_are_published(platform) -> None:  # type: ignore[no-untyped-def]
    sets = {d["code"]: d for d in platform.get(f"{API}/datasets").json()}
    assert len(sets) == 8
    keys = [f["key"] for f in sets["application"]["elements"]]
    assert keys[:4] == ["batch_number", "sync_type", "sync_time", "data_source"]
    case_type = next(
        f for f in sets["application"]["elements"] if f["key"] == "case_type_code"
    )
    assert case_type["codes"] == ["1", "2", "9"]
