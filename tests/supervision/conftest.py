"""Supervision fixtures: the case fixtures (a published service in 拉萨, an applicant,
clerk and officers, submit and act helpers, Monday 2 March 2026 frozen), the region's day
off on Wednesday 4 March, and a supervisor for the whole region."""

from collections.abc import Callable
from typing import Any

import pytest

from tests.cases.conftest import *  # noqa: F403 - the case fixtures, shared as they are
from tests.cases.conftest import GOOD_FORM, _monday, pdf  # noqa: F401 - re-exported
from tongban.accounts.domain.roles import Role
from tongban.supervision.services.sweep import supervision_sweep_changes


@pytest.fixture
def supervisor(make_staff: Callable[..., Any]) -> Any:
    return make_staff("supervisor", Role.SUPERVISOR, division_code="540000")


@pytest.fixture
def sweep() -> Callable[[], dict[str, int]]:
    """The incremental sweep then the full one, as the scheduler runs them."""
    from tongban.supervision.services.sweep import supervision_sweep

    def run() -> dict[str, int]:
        supervision_sweep_changes()
        return supervision_sweep()

    return run


def active_rules(uuid: str) -> set[str]:
    from tongban.supervision.models import Warning

    return set(
        Warning.objects.filter(subject_uuid=uuid, state="active").values_list(
            "rule", flat=True
        )
    )
