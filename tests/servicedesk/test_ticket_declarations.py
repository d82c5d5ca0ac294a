"""The ticket lifecycle is declared once on the kernel: nothing missing from any action,
every state reachable, and no module but the kernel's writer sets a ticket's state."""

import re
from pathlib import Path

from tongban.servicedesk.domain.lifecycle import Event, Role, State
from tongban.servicedesk.lifecycle import TICKETS

APP = Path(__file__).resolve().parents[2] / "src" / "tongban" / "servicedesk"


def test_every_action_is_declared_whole() -> None:
    assert TICKETS.problems() == []


def test_every_event_has_one_declaration() -> None:
    assert set(TICKETS.actions) == set(Event)


def test_every_state_is_reachable_from_received() -> None:
    assert TICKETS.table.unreachable([State.RECEIVED]) == frozenset()


def test_no_module_of_the_app_assigns_a_ticket_state() -> None:
    assigning = re.compile(r"\.state\s*=[^=]")
    offenders = [
        str(path.relative_to(APP))
        for path in APP.rglob("*.py")
        if "migrations" not in path.parts and assigning.search(path.read_text())
    ]
    assert offenders == []


def test_the_api_has_one_endpoint_per_action_people_take() -> None:
    from django.urls import reverse

    for declared in TICKETS.actions.values():
        if declared.request is None:
            continue
        side = "public" if Role.REQUESTER in declared.actors else "internal"
        url = reverse(
            f"{side}-ticket-{declared.slug}",
            kwargs={"uuid": "00000000-0000-0000-0000-000000000000"},
        )
        assert url.endswith(f"/{declared.slug}")
