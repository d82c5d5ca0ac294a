"""Rollups maintained incrementally equal a full recomputation, whatever the order in which
case events arrive and however often each arrives (the property behind every dashboard
figure, issue 16 "Performance").

The property test drives ``rollup_apply`` with random case histories: each case a series
of snapshots (random months, channels, closing, lateness, handling time), every snapshot
delivered at least once, all deliveries shuffled and some repeated. The rollup rows must
then equal the sum of the contributions of each case's latest snapshot. The second test
does the same with real cases through the API and the incremental sweep."""

import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongban.supervision.domain.rollup import COUNTERS, CaseSnapshot, contribution
from tongban.supervision.models import CaseContribution, MetricRollup
from tongban.supervision.services.rollups import (
    rollup_apply,
    rollups_apply,
    rollups_apply_cases,
    rollups_recomputed,
    rollups_stored,
)

pytestmark = pytest.mark.django_db

MONTHS = st.sampled_from(["2026-01", "2026-02", "2026-03"])


@st.composite
def snapshot(draw: st.DrawFn, subject: str, version: int) -> CaseSnapshot:
    closed = draw(st.booleans())
    refused = not closed and draw(st.booleans())
    return CaseSnapshot(
        subject=subject,
        version=version,
        submitted_month=draw(MONTHS),
        online=draw(st.booleans()),
        instant=draw(st.booleans()),
        refused_month=draw(MONTHS) if refused else None,
        closed_month=draw(MONTHS) if closed else None,
        on_time=draw(st.sampled_from([True, False, None])) if closed else None,
        handling_days=draw(st.integers(0, 40)) if closed else None,
    )


@st.composite
def histories(draw: st.DrawFn) -> list[list[CaseSnapshot]]:
    cases = []
    for n in range(draw(st.integers(1, 4))):
        subject = f"00000000-0000-0000-0000-00000000000{n}"
        versions = sorted(draw(st.sets(st.integers(1, 50), min_size=1, max_size=5)))
        cases.append([draw(snapshot(subject, v)) for v in versions])
    return cases


def _expected(cases: list[list[CaseSnapshot]], cell: tuple[int, int, int]) -> dict:
    total: Counter = Counter()
    for history in cases:
        total.update(contribution(history[-1]))
    rows: dict = {}
    for (month, name), value in total.items():
        rows.setdefault((month, *cell), Counter())[name] += value
    return {k: +v for k, v in rows.items() if +v}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(cases=histories(), seed=st.integers(0, 2**32 - 1), repeats=st.integers(0, 6))
def test_rollup_equals_recomputation_after_shuffled_and_repeated_events(
    service, cases, seed, repeats
) -> None:  # type: ignore[no-untyped-def]
    MetricRollup.objects.all().delete()
    CaseContribution.objects.all().delete()
    implementation = service.implementation
    cell = (
        implementation.division_id,
        implementation.organisation_id,
        implementation.pk,
    )
    rng = random.Random(seed)
    deliveries = [s for history in cases for s in history]
    deliveries += [rng.choice(deliveries) for _ in range(repeats)]
    rng.shuffle(deliveries)
    for delivered in deliveries:
        rollup_apply(snapshot=delivered, cell=cell)
    assert rollups_stored() == _expected(cases, cell)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(cases=histories(), seed=st.integers(0, 2**32 - 1), repeats=st.integers(0, 6))
def test_rollups_folded_in_batches_equal_recomputation(
    service, cases, seed, repeats
) -> None:  # type: ignore[no-untyped-def]
    """The sweep folds a batch of cases at once (one lock, one UPDATE, one upsert of
    the cells): the same shuffled, repeated deliveries cut into random batches, a case
    possibly twice in one batch, give the same rows."""
    MetricRollup.objects.all().delete()
    CaseContribution.objects.all().delete()
    implementation = service.implementation
    cell = (
        implementation.division_id,
        implementation.organisation_id,
        implementation.pk,
    )
    rng = random.Random(seed)
    deliveries = [s for history in cases for s in history]
    deliveries += [rng.choice(deliveries) for _ in range(repeats)]
    rng.shuffle(deliveries)
    while deliveries:
        size = rng.randint(1, len(deliveries))
        batch, deliveries = deliveries[:size], deliveries[size:]
        rollups_apply([(delivered, cell) for delivered in batch])
    assert rollups_stored() == _expected(cases, cell)


def test_every_counter_of_the_rollup_is_compared() -> None:
    assert set(COUNTERS) == {
        f.name
        for f in MetricRollup._meta.fields
        if f.get_internal_type() == "IntegerField"
    }


def test_real_cases_rolled_up_out_of_order_equal_recomputation(
    submit, act, time_machine
) -> None:  # type: ignore[no-untyped-def]
    first = submit().json()["uuid"]
    second = submit(key="key-00000002").json()["uuid"]
    rollups_apply_cases(uuids=[first, second])
    act("clerk", first, "accept")
    act(
        "clerk",
        second,
        "refuse",
        reasons="申请事项不属于本机关职权范围，请向市场监管部门申请。",
    )
    for officer in ("officer", "officer2", "officer"):
        assert act(officer, first, "approve-step").status_code == 200
    assert act("officer2", first, "decide", decision="approve").status_code == 200
    time_machine.move_to("2026-04-02 10:00:00+08:00", tick=False)
    assert act("officer2", first, "close", result_name="营业执照").status_code == 200
    # Deliveries late, repeated, the newer case first.
    rollups_apply_cases(uuids=[second, first, first, second])
    rollups_apply_cases(uuids=[first])
    assert rollups_stored() == rollups_recomputed()
    stored = rollups_stored()
    assert sum(c["closed"] for c in stored.values()) == 1
    assert sum(c["late"] for c in stored.values()) == 1  # closed 2 April, due 9 March
    assert sum(c["refused"] for c in stored.values()) == 1
