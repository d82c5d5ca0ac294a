"""Only ``case_transition`` assigns a case's state (STYLE.md rule 10)."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "tongban"
ASSIGNMENT = re.compile(r"\.state\s*=[^=]")
WRITER = SRC / "cases" / "services" / "transition.py"


def test_no_module_but_the_transition_writer_assigns_state() -> None:
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in SRC.rglob("*.py")
        if path != WRITER and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ASSIGNMENT.search(line)
    ]
    assert offenders == []


def test_the_writer_assigns_state_exactly_once() -> None:
    assert len(ASSIGNMENT.findall(WRITER.read_text(encoding="utf-8"))) == 1
