"""The transition table, edge by edge, and every forbidden (state, event) pair."""

import pytest

from tongban.cases.domain.workflow import Actor, Clock, State
from tongban.cases.events import TABLE

EVENTS = TABLE.events
resolve = TABLE.resolve
allowed_events = TABLE.allowed

S = State
# The specification, written out independently of the table: (state, event) → (target, clock).
EXPECTED = {
    (S.DRAFT, "submit"): (S.SUBMITTED, Clock.NONE),
    (S.SUBMITTED, "request_supplement"): (S.SUPPLEMENT_REQUESTED, Clock.NONE),
    (S.SUPPLEMENT_REQUESTED, "request_supplement"): (
        S.SUPPLEMENT_REQUESTED,
        Clock.NONE,
    ),  # another round
    (S.SUPPLEMENT_REQUESTED, "supplement"): (S.SUBMITTED, Clock.NONE),
    (S.SUPPLEMENT_REQUESTED, "supplement_expire"): (S.CLOSED, Clock.NONE),
    (S.SUBMITTED, "accept"): (S.ACCEPTED, Clock.START),
    (S.SUBMITTED, "accept_tolerated"): (S.ACCEPTED, Clock.START),
    (S.SUBMITTED, "accept_pledged"): (S.ACCEPTED, Clock.START),
    (S.SUBMITTED, "deem_accept"): (S.ACCEPTED, Clock.START),  # 行政许可法 32
    (S.SUBMITTED, "decide_on_spot"): (S.DECIDED, Clock.STOP),
    (S.SUBMITTED, "refuse"): (S.REFUSED, Clock.NONE),
    (S.SUPPLEMENT_REQUESTED, "refuse"): (S.REFUSED, Clock.NONE),
    (S.ACCEPTED, "approve_step"): (S.ACCEPTED, Clock.NONE),
    (S.ACCEPTED, "return_step"): (S.ACCEPTED, Clock.NONE),
    (S.ACCEPTED, "complete_tolerated"): (S.ACCEPTED, Clock.NONE),
    (S.SUSPENDED, "complete_tolerated"): (S.ACCEPTED, Clock.NONE),
    (S.ACCEPTED, "tolerance_expire"): (S.CLOSED, Clock.STOP),
    (S.SUSPENDED, "tolerance_expire"): (S.CLOSED, Clock.STOP),
    (S.ACCEPTED, "suspend"): (S.SUSPENDED, Clock.PAUSE),
    (S.SUSPENDED, "resume"): (S.ACCEPTED, Clock.RESUME),
    (S.ACCEPTED, "extend"): (S.ACCEPTED, Clock.EXTEND),
    (S.ACCEPTED, "decide"): (S.DECIDED, Clock.STOP),
    (S.DECIDED, "close"): (S.CLOSED, Clock.NONE),
    (S.CLOSED, "deliver"): (S.DELIVERED, Clock.NONE),
    (S.SUBMITTED, "withdraw"): (S.WITHDRAWN, Clock.STOP),
    (S.SUPPLEMENT_REQUESTED, "withdraw"): (S.WITHDRAWN, Clock.STOP),
    (S.ACCEPTED, "withdraw"): (S.WITHDRAWN, Clock.STOP),
    (S.SUSPENDED, "withdraw"): (S.WITHDRAWN, Clock.STOP),
    (S.DELIVERED, "archive"): (S.ARCHIVED, Clock.NONE),
    (S.REFUSED, "archive"): (S.ARCHIVED, Clock.NONE),
    (S.WITHDRAWN, "archive"): (S.ARCHIVED, Clock.NONE),
    (S.CLOSED, "archive"): (S.ARCHIVED, Clock.NONE),
}
ALL_PAIRS = [(state, event) for state in State for event in sorted(EVENTS)]


@pytest.mark.parametrize(
    ("state", "event"), ALL_PAIRS, ids=[f"{s}-{e}" for s, e in ALL_PAIRS]
)
def test_every_state_event_pair(state: State, event: str) -> None:
    edge = resolve(state, event)
    if (state, event) in EXPECTED:
        assert (edge.target, edge.clock) == EXPECTED[(state, event)]
    else:
        assert edge is None, f"{event} must be refused in {state}"


def test_the_table_has_no_edge_beyond_the_specification() -> None:
    table_pairs = {(source, edge.event) for edge in TABLE for source in edge.sources}
    assert table_pairs == set(EXPECTED)


def test_every_edge_names_its_clause_and_actors() -> None:
    for edge in TABLE:
        assert edge.clause, edge.event
        assert edge.actors, edge.event


def test_only_the_system_fires_deadline_events() -> None:
    for edge in TABLE:
        if edge.event.endswith("_expire"):
            assert edge.actors == {Actor.SYSTEM}


def test_applicants_may_not_accept_or_decide() -> None:
    assert allowed_events(S.SUBMITTED, [Actor.APPLICANT]) == ["withdraw"]
    assert "accept" in allowed_events(S.SUBMITTED, [Actor.COUNTER_CLERK])
    assert "decide" not in allowed_events(S.ACCEPTED, [Actor.COUNTER_CLERK])


def test_nothing_leaves_the_archive_and_nothing_returns_to_draft() -> None:
    assert allowed_events(S.ARCHIVED, list(Actor)) == []
    assert all(edge.target != S.DRAFT for edge in TABLE)


def test_every_state_is_reachable_from_draft() -> None:
    reached, frontier = {S.DRAFT}, [S.DRAFT]
    while frontier:
        state = frontier.pop()
        for edge in TABLE:
            if state in edge.sources and edge.target not in reached:
                reached.add(edge.target)
                frontier.append(edge.target)
    assert reached == set(State)
