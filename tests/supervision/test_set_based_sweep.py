"""The set-based full sweep (``supervision.case_candidates``) gives the same warnings,
cards and audit rows as the row-by-row sweep over every open case, on a random mixed
set of cases swept day after day across the region's day off (Wednesday 4 March),
日喀则's own day off (Friday 6 March) and a weekend, both from the previous day's
warnings and as a first sweep (no warnings stored: every one raised); and once
swept, its query sends back nothing but the cases it leaves to Python by design
(refusals and denials), so its rules agree with ``rules.evaluate`` on every other
row."""

import datetime
import random
import uuid
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from tests.cases.region_calendar import import_notice
from tongban.cases.models import Case, CaseEvent
from tongban.core.models import AuditEvent
from tongban.regions.models import Division
from tongban.supervision.case_candidates import changed_case_ids
from tongban.supervision.models import Card, Warning
from tongban.supervision.services.sweep import (
    AUDIT_COLUMNS,
    supervision_sweep,
    thresholds,
)

pytestmark = pytest.mark.django_db

XIGAZE_NOTICE = """scope,year,number,title,issued_on,date,kind,name
540200,2026,测试〔2026〕2号,日喀则临时放假安排（测试）,2026-02-20,2026-03-06,off,日喀则临时放假
"""
STATES = ["submitted", "supplement_requested", "accepted", "accepted", "suspended"]
STEP_EVENTS = ["accept", "approve_step", "return_step", "resume"]
START = datetime.date(2026, 3, 2)


def _local(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _day(rng: random.Random, spread: int = 15) -> datetime.date | None:
    if rng.random() < 0.15:
        return None
    return START + datetime.timedelta(days=rng.randint(-spread, spread))


def _mixed(template: Case, staff: list[Any], rng: random.Random, n: int) -> list[Case]:
    divisions = list(Division.objects.filter(code__in=["540100", "540200"]))
    made = []
    for i in range(n):
        case = Case.objects.get(pk=template.pk)
        case.pk = None
        case._state.adding = True
        case.uuid = uuid.uuid4()
        case.number = f"MIXED{i:06d}"
        case.client_key = f"mixed-{i}"
        case.state = rng.choice(STATES)
        case.division = rng.choice(divisions)
        case.promised_due = _day(rng)
        case.statutory_due = _day(rng, 25)
        if case.promised_due and case.statutory_due:  # never after the statutory one
            case.promised_due = min(case.promised_due, case.statutory_due)
        case.acceptance_due = _day(rng, 6)
        case.supplement_rounds = rng.choice([0, 0, 0, 1, 2, 3])
        case.review_step = rng.randint(0, 3)
        case.decision = rng.choice(["", "", "", "approve", "deny"])
        case.decision_reasons = rng.choice(["", " ab ", "材料不全，不予许可", "\tx\n"])
        case.assigned_to = rng.choice([None, *staff])
        made.append(case)
    cases = Case.objects.bulk_create(made)
    events = []
    for case in cases:
        for _ in range(rng.randint(0, 3)):
            on = START - datetime.timedelta(days=rng.randint(-4, 12))
            events.append(
                CaseEvent(
                    case=case,
                    event=rng.choice([*STEP_EVENTS, "note", "assign"]),
                    from_state="accepted",
                    to_state="accepted",
                    actor=rng.choice(staff),
                    actor_role=rng.choice(["counter_clerk", "case_officer", "system"]),
                    created_at=_local(on, rng.choice([1, 10, 23])),
                )
            )
    CaseEvent.objects.bulk_create(events)
    return cases


WARNING_FIELDS = (
    "subject_kind",
    "subject_uuid",
    "subject_number",
    "rule",
    "state",
    "severity",
    "item_type",
    "organisation_id",
    "division_id",
    "staff_id",
    "description",
    "raised_at",
    "state_changed_at",
)


def _warnings() -> set[tuple[Any, ...]]:
    return set(Warning.objects.values_list(*WARNING_FIELDS))


def _cards() -> set[tuple[Any, ...]]:
    return set(
        Card.objects.values_list(
            "warning__subject_uuid",
            "warning__rule",
            "rule",
            "colour",
            "organisation_id",
            "staff_id",
            "issued_at",
        )
    )


def _audits(after: int) -> list[tuple[Any, ...]]:
    """The sweep's audit rows after id ``after`` (one per chunk that changed) as their
    entries, in chain order: each change with the row's actor, action and object type,
    its subject, rule and states, and whether a card came with it. The warning and the
    card each entry names are checked to be that subject's for that rule (their ids
    differ from one run to the next)."""
    warnings = {
        pk: (str(subject), rule)
        for pk, subject, rule in Warning.objects.values_list(
            "pk", "subject_uuid", "rule"
        )
    }
    cards = {
        pk: (str(subject), rule)
        for pk, subject, rule in Card.objects.values_list(
            "pk", "warning__subject_uuid", "warning__rule"
        )
    }
    found = []
    rows = (
        AuditEvent.objects.filter(pk__gt=after)
        .order_by("pk")
        .values_list("actor_id", "action", "object_type", "object_id", "changes")
    )
    for actor, action, object_type, object_id, changes in rows:
        assert changes["columns"] == list(AUDIT_COLUMNS)
        entries = changes["changes"]
        subjects = {entry[0] for entry in entries}
        assert changes["subjects"] == len(subjects)
        assert object_id == (next(iter(subjects)) if len(subjects) == 1 else "")
        for subject, number, rule, old, new, warning, card in entries:
            assert warnings[warning] == (subject, rule)
            if card is not None:
                assert cards[card] == (subject, rule)
            found.append(
                (
                    actor,
                    action,
                    object_type,
                    subject,
                    number,
                    rule,
                    old,
                    new,
                    card is not None,
                )
            )
    return found


def _swept(
    set_based: bool, today: datetime.date, first: bool = False
) -> tuple[set[Any], set[Any], list[Any]]:
    """The warnings, cards and new audit rows after one full sweep (``first``: with no
    warnings stored before it), rolled back after."""
    with transaction.atomic():
        if first:
            Card.objects.all().delete()
            Warning.objects.all().delete()
        after = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
        supervision_sweep(today=today, set_based=set_based)
        found = _warnings(), _cards(), _audits(after or 0)
        transaction.set_rollback(True)
    return found


@pytest.fixture
def mixed(region_day_off, submit, act, staff, settings) -> list[Case]:  # type: ignore[no-untyped-def]
    settings.SUPERVISION_STEP_WORKING_DAYS = {"承办": 3, "审核": 2, "批准": 1}
    import_notice(XIGAZE_NOTICE)
    uuid_ = submit().json()["uuid"]
    assert act("clerk", uuid_, "accept").status_code == 200
    template = Case.objects.get(uuid=uuid_)
    return _mixed(template, list(staff.values()), random.Random(16), 400)


def test_the_set_based_full_sweep_gives_the_warnings_of_the_row_by_row_one(
    mixed, time_machine
) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(1016)
    refused = {c.pk for c in Case.objects.filter(decision="deny")}
    compared = first_raised = audited = 0
    for offset in range(0, 14):
        today = START + datetime.timedelta(days=offset)
        time_machine.move_to(_local(today, 10), tick=False)
        if (
            offset % 2
        ):  # a first sweep: every warning raised, every card, every audit row
            first = _swept(False, today, first=True)
            assert _swept(True, today, first=True) == first, today
            first_raised += len(first[0])
        row_by_row = _swept(False, today)
        assert _swept(True, today) == row_by_row, today
        compared += len(row_by_row[0])
        audited += len(row_by_row[2])
        supervision_sweep(today=today)  # kept: the next day starts from it
        assert _warnings() == row_by_row[0]
        # Swept: every row the query decides agrees with the stored warnings.
        left = set(changed_case_ids(today=today, limits=thresholds()))
        assert left <= refused, today
        # Some cases change between sweeps (a new round, a state, a new step).
        for case in rng.sample(mixed, 30):
            Case.objects.filter(pk=case.pk).update(
                supplement_rounds=rng.randint(0, 3),
                state=rng.choice(STATES),
                review_step=rng.randint(0, 3),
            )
    assert compared > 1000  # the comparison saw warnings of every kind
    assert first_raised > 500
    assert audited > 100
    rules = set(Warning.objects.values_list("rule", flat=True))
    assert rules >= {"JC01", "JC02", "JC03", "JC04", "JC05", "JC07"}
    assert Warning.objects.filter(state="cleared").exists()


def test_a_first_sweep_writes_each_chunk_in_a_few_statements_and_one_audit_row(
    mixed, time_machine, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Per chunk of the sweep: the rows read, the warnings locked and read, the new
    warnings and cards written in one statement each (``COPY`` on PostgreSQL, their
    ids taken before in one), and one audit row naming every change of the chunk; a
    chunk of 100 cases and one of 50 write in as many statements each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tongban.supervision import case_source
    from tongban.supervision.services import sweep

    today = START + datetime.timedelta(days=3)
    time_machine.move_to(_local(today, 10), tick=False)
    counts = []
    for size in (100, 50):
        monkeypatch.setattr(sweep, "CHUNK", size)
        monkeypatch.setattr(case_source, "CHUNK", size)
        with transaction.atomic():
            Card.objects.all().delete()
            Warning.objects.all().delete()
            after = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True)[0]
            with CaptureQueriesContext(connection) as queries:
                supervision_sweep(today=today)
            rows = AuditEvent.objects.filter(pk__gt=after)
            raised = Warning.objects.count()
            chunks = -(-len({e[0] for r in rows for e in r.changes["changes"]}) // size)
            assert rows.count() == chunks  # one audit row per chunk that changed
            assert sum(len(r.changes["changes"]) for r in rows) == raised
            sql = [q["sql"] for q in queries.captured_queries]
            copies = [s for s in sql if s.startswith("COPY")]
            if connection.vendor == "postgresql":  # the warnings and the cards
                assert len(copies) == 2 * chunks, copies
            counts.append((len(sql), chunks))
            transaction.set_rollback(True)
    (_, big_chunks), (_, small_chunks) = counts
    assert small_chunks > big_chunks > 1
    # Per chunk: its rows, the lock, the ids, two COPYs, the audit append (two),
    # and the items' histories or calendars it has not seen yet (at most one each);
    # SQLite inserts in batches of rows and reads the audit head apart. A statement
    # per case would be a hundred a chunk.
    for statements, chunks in counts:
        assert statements <= 10 * chunks + 24, counts
