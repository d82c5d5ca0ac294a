"""Only the lifecycle writer assigns a case's state (STYLE.md rule 10): cases configure the
kernel's ``Lifecycle`` (``cases/services/transition.py``), which sets the state in one place."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "tongban"
ASSIGNMENT = re.compile(r"\.state\s*=[^=]")
WRITER = SRC / "lifecycle" / "writer.py"
SET_STATE = re.compile(r"setattr\(locked, self\.state_field,")


def test_no_module_assigns_a_state_by_hand() -> None:
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ASSIGNMENT.search(line)
    ]
    assert offenders == []


def test_the_kernel_writer_sets_the_state_exactly_once() -> None:
    assert len(SET_STATE.findall(WRITER.read_text(encoding="utf-8"))) == 1


def test_cases_change_state_only_through_the_kernel_writer() -> None:
    source = (SRC / "cases" / "services" / "transition.py").read_text(encoding="utf-8")
    assert "CASES.transition(" in source
