"""A ticket's state changes only through the kernel's writer: no module of the app
assigns ``.state``, and the ticket's initial state is set once where it is opened."""

import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "src" / "tongban" / "evaluations"
ASSIGN = re.compile(r"\.state\s*=[^=]")


def test_no_module_assigns_a_ticket_state() -> None:
    offenders = [
        str(path.relative_to(APP))
        for path in APP.rglob("*.py")
        if "migrations" not in path.parts and ASSIGN.search(path.read_text("utf-8"))
    ]
    assert offenders == []
