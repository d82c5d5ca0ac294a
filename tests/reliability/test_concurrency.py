"""Concurrency on PostgreSQL: parallel submissions get distinct numbers, two clerks
accepting one case at once get one success and one 409, a double submit with one client
key makes one case. Threads each hold their own database connection, so these need
committed data (transactional tests) and a server that runs transactions in parallel:
SQLite serialises writers (and its in-memory test database is not shared between
threads), so there the rules hold trivially and the tests are skipped."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.cases.conftest import PDF
from tests.reliability.conftest import in_threads, only_on_postgresql
from tongban.accounts.domain.roles import Role
from tongban.cases.models import Case
from tongban.cases.services.submit import case_submit
from tongban.cases.services.transition import case_transition
from tongban.core.api.problems import Problem

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
    only_on_postgresql(
        "needs parallel transactions: SQLite serialises writers and its "
        "in-memory test database is private to one connection"
    ),
]


def _submit(applicant: Any, service: Any, materials: dict[str, int], key: str) -> Any:
    return case_submit(
        actor=applicant.user,
        implementation_code=service.implementation.code,
        client_key=key,
        form_data={
            "company_name": "拉萨雪域商贸",
            "legal_rep_id": "54010219900101002X",
        },
        materials=[
            {"material": materials[name], "file": SimpleUploadedFile("a.pdf", PDF)}
            for name in ("申请书", "法定代表人身份证复印件")
        ],
    )[0]


def test_fifty_parallel_submissions_make_fifty_cases_with_distinct_numbers(
    applicant: Any, service: Any, materials: dict[str, int]
) -> None:
    results = in_threads(
        50, lambda i: _submit(applicant, service, materials, f"parallel-{i:04d}")
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    numbers = list(Case.objects.values_list("number", flat=True))
    assert len(numbers) == 50
    assert len(set(numbers)) == 50


def test_a_double_submit_with_one_client_key_makes_one_case(
    applicant: Any, service: Any, materials: dict[str, int]
) -> None:
    results = in_threads(
        2, lambda i: _submit(applicant, service, materials, "double-click")
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    assert Case.objects.count() == 1
    assert results[0].pk == results[1].pk


def test_two_clerks_accepting_one_case_at_once_one_wins_one_gets_409(
    applicant: Any,
    service: Any,
    materials: dict[str, int],
    make_staff: Callable[..., Any],
) -> None:
    case = _submit(applicant, service, materials, "accept-race")
    clerks = [make_staff(f"clerk{i}", Role.COUNTER_CLERK) for i in range(2)]
    results = in_threads(
        2, lambda i: case_transition(case=case, event="accept", actor=clerks[i])
    )
    won = [r for r in results if isinstance(r, Case)]
    lost = [r for r in results if isinstance(r, Problem)]
    assert len(won) == 1
    assert len(lost) == 1
    assert lost[0].status_code == 409
    assert Case.objects.get(pk=case.pk).events.filter(event="accept").count() == 1
