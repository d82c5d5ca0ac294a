"""The transition table type refuses the tables a hand-written state machine gets wrong."""

from enum import StrEnum

import pytest

from tongban.lifecycle.domain import Edge, Table, TableError


class S(StrEnum):
    OPEN = "open"
    REPLIED = "replied"
    CLOSED = "closed"
    LOST = "lost"


def edge(sources: list[S], event: str, target: S, *roles: str) -> Edge[S, str, str]:
    return Edge(tuple(sources), event, target, frozenset(roles or ("unit",)))


def test_two_edges_for_one_state_and_event_are_refused() -> None:
    with pytest.raises(TableError, match="two edges for reply from open"):
        Table([edge([S.OPEN], "reply", S.REPLIED), edge([S.OPEN], "reply", S.CLOSED)])


def test_an_edge_needs_a_source_and_a_role() -> None:
    with pytest.raises(TableError):
        Table([edge([], "reply", S.REPLIED)])
    with pytest.raises(TableError):
        Table([Edge((S.OPEN,), "reply", S.REPLIED, frozenset())])


def test_an_event_resolves_only_where_it_leaves_from() -> None:
    table = Table([edge([S.OPEN], "reply", S.REPLIED)])
    assert table.resolve(S.OPEN, "reply") is not None
    assert table.resolve(S.REPLIED, "reply") is None


def test_allowed_events_follow_the_roles_and_the_table_order() -> None:
    table = Table(
        [
            edge([S.OPEN], "reply", S.REPLIED, "unit"),
            edge([S.OPEN, S.REPLIED], "close", S.CLOSED, "dispatcher"),
        ]
    )
    assert table.allowed(S.OPEN, {"unit"}) == ["reply"]
    assert table.allowed(S.OPEN, {"unit", "dispatcher"}) == ["reply", "close"]
    assert table.allowed(S.CLOSED, {"unit", "dispatcher"}) == []


def test_unreachable_states_are_found() -> None:
    table = Table(
        [edge([S.OPEN], "reply", S.REPLIED), edge([S.LOST], "close", S.CLOSED)]
    )
    assert table.unreachable([S.OPEN]) == {S.LOST, S.CLOSED}
