"""What a submission costs stays flat: its queries do not grow with its materials, each
file is read and judged once, its audit rows join the chain in one append, and a
duplicate that loses the idempotency race leaves no serial, file row or audit row behind.
The first two failed on the code before the submission was reworked (issue 12): 67
statements for three files against 49 for one (SQLite), six judgements for three files;
the append test could not run there (no ``audit_batch``; four appends per submission)."""

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.cases.conftest import GOOD_FORM, pdf
from tongban.cases.models import Case, DailySerial
from tongban.cases.services import submit as submit_service
from tongban.core import services as core_services
from tongban.core.models import AuditEvent
from tongban.documents import services as document_services
from tongban.documents.models import StoredFile

pytestmark = pytest.mark.django_db


def _submit(applicant: Any, service: Any, names: tuple[str, ...], key: str) -> Any:
    by_name = {m.name: m.pk for m in service.materials.all()}
    return submit_service.case_submit(
        actor=applicant.user,
        implementation_code=service.implementation.code,
        client_key=key,
        form_data=json.loads(GOOD_FORM),
        materials=[{"material": by_name[n], "file": pdf()} for n in names],
    )


ONE = ("申请书",)
THREE = ("申请书", "法定代表人身份证复印件", "住所使用证明")


def test_a_submission_takes_as_many_queries_with_three_files_as_with_one(
    applicant: Any, service: Any
) -> None:
    _submit(applicant, service, ONE, "warm-up-0001")  # counters and heads exist
    with CaptureQueriesContext(connection) as one:
        _submit(applicant, service, ONE, "key-one-0001")
    with CaptureQueriesContext(connection) as three:
        _submit(applicant, service, THREE, "key-three-001")
    assert len(three.captured_queries) == len(one.captured_queries)


def test_each_file_of_a_submission_is_judged_once(
    applicant: Any, service: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    judged: list[int] = []
    sniff = document_services.sniff

    def counting(data: bytes, **kwargs: Any) -> Any:
        judged.append(len(data))
        return sniff(data, **kwargs)

    monkeypatch.setattr(document_services, "sniff", counting)
    _submit(applicant, service, THREE, "key-judged-01")
    assert len(judged) == 3


def test_a_submission_appends_its_audit_rows_to_the_chain_at_once(
    applicant: Any,
    service: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    appends: list[int] = []
    append = core_services._append

    def counting(events: list[Any]) -> None:
        appends.append(len(events))
        append(events)

    monkeypatch.setattr(core_services, "_append", counting)
    before = AuditEvent.objects.count()
    _submit(applicant, service, THREE, "key-audit-001")
    assert appends == [4]  # three stored files and the submit transition
    actions = list(
        AuditEvent.objects.order_by("id")[before:].values_list("action", flat=True)
    )
    assert actions == ["document.store"] * 3 + ["case.submit"]
    call_command("audit", "verify")
    assert "OK" in capsys.readouterr().out


def test_a_duplicate_losing_the_race_leaves_nothing_behind(
    applicant: Any, service: Any
) -> None:
    case, _code = _submit(applicant, service, ONE, "key-race-0001")
    serials = list(DailySerial.objects.values_list("key", "last"))
    files, audits = StoredFile.objects.count(), AuditEvent.objects.count()
    version = submit_service.live_version(service.implementation.code)
    attached = submit_service._check_materials(
        version,
        [{"material": version.materials.first().pk, "file": pdf()}],
        Case.Channel.ONLINE_PC,
        {},
    )
    submit_service._check_files(attached)
    with transaction.atomic(), core_services.audit_batch():
        # As if the first case had committed between the retry's look-up and its insert.
        again, _ = submit_service._create(
            actor=applicant.user,
            version=version,
            applicant=applicant,
            channel=Case.Channel.ONLINE_PC,
            client_key="key-race-0001",
            form_data={},
            attached=attached,
            language="zh-hans",
            replay=lambda found: (found, ""),
        )
    assert again.pk == case.pk
    assert list(DailySerial.objects.values_list("key", "last")) == serials
    assert (StoredFile.objects.count(), AuditEvent.objects.count()) == (files, audits)


def test_the_serial_of_a_day_continues_from_its_counter_row(
    applicant: Any, service: Any
) -> None:
    first, _ = _submit(applicant, service, ONE, "key-serial-01")
    second, _ = _submit(applicant, service, ONE, "key-serial-02")
    assert int(second.number[-4:]) == int(first.number[-4:]) + 1


def test_a_submission_with_three_files_stays_under_its_statement_cap(
    applicant: Any, service: Any, django_assert_max_num_queries: Any
) -> None:
    # The submit transition reads the case with its version, item and basic item under
    # the lock (the notification's text needs them) and cleans only the fields a
    # transition changes: before, it checked six foreign keys and the uuid with a query
    # each and read the item and its basic item one by one (9 more); the audit head read
    # says whether parked rows wait (1 more before). PostgreSQL adds the chain try-lock.
    _submit(applicant, service, ONE, "warm-up-0002")  # counters and heads exist
    cap = 31 if connection.vendor == "postgresql" else 30
    with django_assert_max_num_queries(cap):
        _submit(applicant, service, THREE, "key-cap-00001")
