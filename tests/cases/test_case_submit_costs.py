"""What a submission costs stays flat: its queries do not grow with its materials, each
file is read and judged once, its audit rows join the chain in one append, and a
duplicate that loses the idempotency race leaves no serial, file row or audit row behind.
The first two failed on the code before the submission was reworked (issue 12): 67
statements for three files against 49 for one (SQLite), six judgements for three files;
the append test could not run there (no ``audit_batch``; four appends per submission)."""

import datetime
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.cases.conftest import GOOD_FORM, pdf
from tests.cases.region_calendar import REGION_NOTICE
from tongban.calendars import selectors as calendar_selectors
from tongban.cases.models import Case, DailySerial
from tongban.cases.services import submit as submit_service
from tongban.cases.services import transition as transition_service
from tongban.catalog import selectors as catalog_selectors
from tongban.catalog import services as catalog_services
from tongban.catalog.models import Implementation
from tongban.core import services as core_services
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM
from tongban.documents import services as document_services
from tongban.documents.models import StoredFile

pytestmark = pytest.mark.django_db


def _submit(applicant: Any, service: Any, names: tuple[str, ...], key: str) -> Any:
    # Read once per test, so that what a test counts is the submission's own.
    if "_materials_by_name" not in service.__dict__:
        service._materials_by_name = {m.name: m.pk for m in service.materials.all()}
    by_name = service._materials_by_name
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

    def counting(events: list[Any], **kwargs: Any) -> None:
        appends.append(len(events))
        append(events, **kwargs)

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
    # 11 on PostgreSQL (14 on SQLite), the test's own savepoint pair included; 13 (14)
    # before the sixth pass, 13 (15) before the fifth, 16 (15) before the fourth, 31
    # (30) before the third. Gone in the sixth: the case insert's savepoint pair (the
    # idempotency race is its ``ON CONFLICT … DO NOTHING``). Gone in the fifth: the
    # case's update (it is inserted submitted; on PostgreSQL the update and the history
    # row were one statement, so the count stays). Gone in the fourth: the audit
    # append's try-lock and head update (lock, head and ids in one statement, the rows
    # and the head's move in another, as for one row) and the case's update apart from
    # its history row (one statement). Gone in the third: the live version's query and
    # its two prefetches (shared cache), the calendar revision's COUNT (read once a
    # second), the locked re-read of the case just inserted, the check constraint's
    # SELECT (its fields unchanged), and three savepoint pairs (the files', the
    # transition's, the audit append's).
    _submit(applicant, service, ONE, "warm-up-0002")  # counters and heads exist
    cap = 11 if connection.vendor == "postgresql" else 14
    with django_assert_max_num_queries(cap):
        _submit(applicant, service, THREE, "key-cap-00001")


def test_a_submitted_case_is_written_once_in_its_submitted_state(
    applicant: Any, service: Any
) -> None:
    # Before the fifth pass the case was inserted as a draft and updated by its submit
    # transition: a dead row version and every index of the row written twice.
    _submit(applicant, service, ONE, "warm-up-0003")
    with CaptureQueriesContext(connection) as captured:
        case, _code = _submit(applicant, service, THREE, "key-once-00001")
    assert _tables(captured, 'UPDATE "cases_case"') == []
    (insert,) = _tables(captured, 'INSERT INTO "cases_case" ')
    assert "'submitted'" in insert
    if connection.vendor == "postgresql":  # the idempotency race without a savepoint
        assert "ON CONFLICT" in insert
        assert len(_tables(captured, "SAVEPOINT")) == 2  # the test's own pair
    case.refresh_from_db()
    assert (case.state, case.queue_due) == ("submitted", case.acceptance_due)
    assert list(case.events.values_list("event", "from_state", "to_state")) == [
        ("submit", "draft", "submitted")
    ]


def _tables(captured: CaptureQueriesContext, *names: str) -> list[str]:
    return [
        q["sql"] for q in captured.captured_queries if any(n in q["sql"] for n in names)
    ]


def test_a_published_checklist_is_read_once_not_on_every_submission(
    applicant: Any, service: Any
) -> None:
    # Before: every submission read the form fields and the materials (two queries).
    _submit(applicant, service, ONE, "key-check-0001")
    with CaptureQueriesContext(connection) as second:
        _submit(applicant, service, THREE, "key-check-0002")
    assert _tables(second, '"catalog_material"', '"catalog_formfield"') == []


def test_the_checklist_key_names_the_row_and_its_publication(service: Any) -> None:
    # Where an id comes back (a database restored or seeded again), the other
    # publication time is another key: its own rows are read, not the cached ones.
    fresh = catalog_selectors.live_versions().get(pk=service.pk)
    with CaptureQueriesContext(connection) as first:
        catalog_selectors.version_with_checklist(fresh)
    names = [m.name for m in fresh.materials.all()]
    assert len(first.captured_queries) == 2
    assert len(names) == 3
    again = catalog_selectors.live_versions().get(pk=service.pk)
    with CaptureQueriesContext(connection) as cached:
        catalog_selectors.version_with_checklist(again)
        assert [m.name for m in again.materials.all()] == names
        assert [f.key for f in again.form_fields.all()] == [
            f.key for f in fresh.form_fields.all()
        ]
        assert all(m.version is again for m in again.materials.all())
    assert cached.captured_queries == []
    reused = catalog_selectors.live_versions().get(pk=service.pk)
    reused.published_at += datetime.timedelta(seconds=1)
    with CaptureQueriesContext(connection) as other:
        catalog_selectors.version_with_checklist(reused)
    assert len(other.captured_queries) == 2


def _revision_reads(captured: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if '"calendars_calendarnotice"' in q["sql"] and "COUNT(" in q["sql"]
    ]


def test_the_calendar_revision_is_read_once_per_window_and_at_once_after_a_notice(
    applicant: Any, service: Any, settings: Any
) -> None:
    # Before: the notices' revision was counted for every deadline (one per submission).
    settings.CALENDAR_REVISION_SECONDS = 3600
    division = service.implementation.division
    monday = datetime.date(2026, 3, 2)

    def due() -> datetime.date:
        return calendar_selectors.calendar_deadline(
            division=division, start=monday, days=3, provisional_ok=True
        ).due

    try:
        _revision_window(applicant, service, settings, due)
    finally:  # a rolled-back database reuses the notice's id and frozen time
        calendar_selectors.calendar_cache_clear()


def _revision_window(applicant: Any, service: Any, settings: Any, due: Any) -> None:
    assert due() == datetime.date(2026, 3, 5)
    with CaptureQueriesContext(connection) as quiet:
        _submit(applicant, service, ONE, "key-rev-00001")
        assert due() == datetime.date(2026, 3, 5)
    assert _revision_reads(quiet) == []
    # A notice entered in this process counts at once, inside the window.
    with tempfile.TemporaryDirectory() as folder:
        notice = Path(folder) / "notice.csv"
        notice.write_text(REGION_NOTICE, encoding="utf-8")
        call_command("calendar", "import", str(notice))
    assert due() == datetime.date(2026, 3, 6)  # Wednesday 4 March is now off
    settings.CALENDAR_REVISION_SECONDS = 0  # past the window: read again
    with CaptureQueriesContext(connection) as later:
        assert due() == datetime.date(2026, 3, 6)
    assert len(_revision_reads(later)) == 1


@pytest.mark.django_db(transaction=True)
def test_the_submit_transition_needs_the_transaction_that_inserted_the_case(
    applicant: Any, service: Any
) -> None:
    case, _code = _submit(applicant, service, ONE, "key-outside-01")
    with pytest.raises(transaction.TransactionManagementError):
        transition_service.CASES.transition_new(
            obj=case, event="submit", actor=applicant.user, insert=lambda case: True
        )


def test_the_live_version_is_read_once_until_the_catalogue_changes(
    applicant: Any, service: Any
) -> None:
    # Before: every submission asked which version is live (a six-table query).
    _submit(applicant, service, ONE, "key-live-00001")
    with CaptureQueriesContext(connection) as second:
        _submit(applicant, service, ONE, "key-live-00002")
    assert _tables(second, '"catalog_implementationversion"') == []
    # A cancellation, an implementation or item written by any path, is seen at once.
    catalog_services.version_cancel(actor=SYSTEM, version=service)
    with pytest.raises(ValidationError) as refused:
        _submit(applicant, service, ONE, "key-live-00003")
    assert refused.value.error_dict["implementation_code"][0].code == "not_live"


def test_an_implementation_cancelled_by_any_write_is_refused_at_once(
    applicant: Any, service: Any
) -> None:
    _submit(applicant, service, ONE, "key-live-00011")
    implementation = service.implementation
    implementation.status = Implementation.Status.CANCELLED
    implementation.save(update_fields=["status"])
    with pytest.raises(ValidationError) as refused:
        _submit(applicant, service, ONE, "key-live-00012")
    assert refused.value.error_dict["implementation_code"][0].code == "not_live"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
def test_the_case_table_has_no_index_another_index_begins_with() -> None:
    """Every case written updates each index of its row: an index whose columns begin
    another index's serves no look-up that one does not (its uniqueness aside). Failed
    before the submission's fifth pass: ``submitted_by_id``, ``organisation_id`` and
    ``assigned_to_id`` had indexes of their own."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, Case._meta.db_table
        )
    indexes = {
        name: tuple(c["columns"])
        for name, c in constraints.items()
        if c["index"] or c["unique"]
    }
    covered = sorted(
        name
        for name, columns in indexes.items()
        if not constraints[name]["unique"]
        and any(
            len(other) > len(columns) and other[: len(columns)] == columns
            for other in indexes.values()
        )
    )
    assert covered == []
    assert indexes["case_idempotent_submit"] == ("submitted_by_id", "client_key")


def _live_key(service: Any) -> str:
    day = timezone.localdate().isoformat()
    return f"catalog:live:{day}:{service.implementation.code}"


def test_a_process_keeps_the_live_version_it_read_while_the_generation_holds(
    applicant: Any, service: Any
) -> None:
    # Before: each submission took the pickled version with its checklist from the
    # shared cache (a fifth of its CPU); with the shared entry gone it read the catalogue.
    _submit(applicant, service, ONE, "key-held-00001")
    cache = catalog_selectors.cache
    cache.delete(_live_key(service))
    with CaptureQueriesContext(connection) as second:
        _submit(applicant, service, ONE, "key-held-00002")
    assert _tables(second, '"catalog_implementationversion"') == []
    # Its generation lost, what the process holds is not trusted: read again.
    cache.delete(catalog_selectors.GENERATION_KEY)
    with CaptureQueriesContext(connection) as third:
        _submit(applicant, service, ONE, "key-held-00003")
    assert _tables(third, '"catalog_implementationversion"') != []


def test_a_held_live_version_is_kept_no_longer_than_the_shared_one(
    applicant: Any, service: Any, settings: Any
) -> None:
    settings.LIVE_VERSION_CACHE_SECONDS = 0  # nothing kept
    _submit(applicant, service, ONE, "key-held-00011")
    with CaptureQueriesContext(connection) as second:
        _submit(applicant, service, ONE, "key-held-00012")
    assert _tables(second, '"catalog_implementationversion"') != []
