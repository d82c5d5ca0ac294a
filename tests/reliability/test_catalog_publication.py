"""Concurrent catalogue publication on PostgreSQL: two reviewers publishing one approved
version at once make one publication (one audit row, one superseded predecessor) and
the other gets a 409; two managers starting a draft of one implementation at once make
one draft, and the database's one-open-version constraint holds even when the service
is bypassed. Threads need committed data and parallel transactions, so, like
``test_concurrency.py``, these run on PostgreSQL only."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.catalog.conftest import GOOD_GUIDE
from tests.reliability.conftest import in_threads, only_on_postgresql
from tongban.accounts.domain.roles import Role
from tongban.catalog import services
from tongban.catalog.models import ImplementationVersion
from tongban.core.api.problems import Problem
from tongban.core.models import AuditEvent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
    only_on_postgresql(
        "needs parallel transactions: SQLite serialises writers and its "
        "in-memory test database is private to one connection"
    ),
]


@pytest.fixture
def managers(make_staff: Callable[..., Any]) -> list[Any]:
    """Three region-wide catalogue managers: an author and two reviewers."""
    return [
        make_staff(f"catalogue.{i}", Role.CATALOGUE_MANAGER, division_code="540000")
        for i in range(3)
    ]


def _approved(implementation: Any, author: Any, reviewer: Any) -> Any:
    draft = services.version_draft(actor=author, implementation=implementation)
    services.version_update(actor=author, version=draft, **GOOD_GUIDE)
    services.child_add(
        actor=author,
        version=draft,
        kind="materials",
        name="申请书",
        necessity="required",
        source="applicant",
    )
    services.version_submit(actor=author, version=draft)
    return services.version_approve(actor=reviewer, version=draft)


def _audit_count(version: Any, action: str) -> int:
    return AuditEvent.objects.filter(
        action=f"catalog.version.{action}", object_id=str(version.pk)
    ).count()


def test_two_reviewers_publishing_one_version_at_once_publish_it_once(
    implementation: Any,
    managers: list[Any],
) -> None:
    author, first, second = managers
    live = _approved(implementation, author, first)
    services.version_publish(actor=first, version=live)
    approved = _approved(implementation, author, first)

    results = in_threads(
        2,
        lambda i: services.version_publish(actor=(first, second)[i], version=approved),
    )

    won = [r for r in results if isinstance(r, ImplementationVersion)]
    lost = [r for r in results if isinstance(r, Exception)]
    assert len(won) == 1
    assert len(lost) == 1
    assert isinstance(lost[0], Problem)
    assert lost[0].status_code == 409
    published = ImplementationVersion.objects.filter(
        implementation=implementation, status="published"
    )
    assert list(published.values_list("number", flat=True)) == [approved.number]
    assert _audit_count(approved, "publish") == 1
    assert _audit_count(live, "supersede") == 1


def test_two_drafts_of_one_implementation_started_at_once_make_one_draft(
    implementation: Any,
    managers: list[Any],
) -> None:
    results = in_threads(
        2,
        lambda i: services.version_draft(
            actor=managers[i], implementation=implementation
        ),
    )

    made = [r for r in results if isinstance(r, ImplementationVersion)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(made) == 1
    assert len(refused) == 1
    assert isinstance(refused[0], ValidationError)
    assert refused[0].error_dict["implementation"][0].code == "open_version_exists"
    assert (
        ImplementationVersion.objects.filter(implementation=implementation).count() == 1
    )
    assert _audit_count(made[0], "draft") == 1


def test_the_one_open_version_constraint_holds_without_the_service(
    implementation: Any,
) -> None:
    # Inserts straight into the table, past the service's row lock: what stops a second
    # open version then is the partial unique index alone.
    results = in_threads(
        2,
        lambda i: ImplementationVersion.objects.create(
            implementation=implementation, number=i + 1
        ),
    )

    assert sum(isinstance(r, ImplementationVersion) for r in results) == 1
    assert sum(isinstance(r, IntegrityError) for r in results) == 1
    assert "version_one_open_per_implementation" in str(
        next(r for r in results if isinstance(r, IntegrityError))
    )
    assert (
        ImplementationVersion.objects.filter(implementation=implementation).count() == 1
    )
