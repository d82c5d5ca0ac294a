"""``tongban seed`` on a small region: counts, every state, valid and unique identifiers,
consistent timelines, and seeded cases that the normal services accept and continue."""

import datetime
import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from tongban.accounts.models import Applicant, User
from tongban.cases.domain.workflow import State
from tongban.cases.models import Case, CaseEvent, DailySerial
from tongban.cases.services.numbering import case_number_next
from tongban.cases.services.transition import case_transition
from tongban.core import crypto
from tongban.core.domain.identifiers import resident_id_error
from tongban.ops.seed import SeedError, region_seed

AS_OF = datetime.date(2026, 3, 2)
pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> object:
    return region_seed(seed=7, cases=800, counties=2, as_of=AS_OF)


def test_seed_writes_the_requested_cases_and_applicants(seeded: object) -> None:
    assert Case.objects.count() == 800
    assert Applicant.objects.count() == 200


def test_every_state_of_the_workflow_is_present(seeded: object) -> None:
    states = set(Case.objects.values_list("state", flat=True))
    assert states == {s.value for s in State}


def test_case_numbers_are_unique_and_follow_the_rule(seeded: object) -> None:
    rows = list(
        Case.objects.values_list("number", "implementation__code", "submitted_at")
    )
    assert len({number for number, _, _ in rows}) == len(rows)
    for number, code, _submitted in rows:
        assert re.fullmatch(re.escape(code) + r"\d{8}\d{4}", number)


def test_identity_numbers_are_valid_and_indexed_as_accounts_does(
    seeded: object,
) -> None:
    for applicant in Applicant.objects.all():
        number = applicant.id_number
        assert resident_id_error(number, today=AS_OF) is None
        assert applicant.id_index == crypto.blind_index(f"111:{number}")


def test_history_leads_to_the_state_in_time_order(seeded: object) -> None:
    events: dict[int, list[tuple[datetime.datetime, str]]] = {}
    for case_id, created, to_state in CaseEvent.objects.order_by("id").values_list(
        "case_id", "created_at", "to_state"
    ):
        events.setdefault(case_id, []).append((created, to_state))
    for case in Case.objects.exclude(state="draft"):
        history = events[case.pk]
        assert history[-1][1] == case.state
        assert [t for t, _ in history] == sorted(t for t, _ in history)
        assert history[0][0] == case.submitted_at
    assert not Case.objects.filter(accepted_at__lt=F("submitted_at")).exists()
    assert not Case.objects.filter(promised_due__gt=F("statutory_due")).exists()


def test_seeding_twice_is_refused_without_append(seeded: object) -> None:
    with pytest.raises(SeedError):
        region_seed(seed=7, cases=10, counties=2, as_of=AS_OF)
    region_seed(seed=8, cases=50, append=True, as_of=AS_OF)
    assert Case.objects.count() == 850
    assert (
        Counter(Case.objects.values_list("number", flat=True)).most_common(1)[0][1] == 1
    )


def test_the_command_refuses_too_many_cases(db: None) -> None:
    with pytest.raises(CommandError):
        call_command("seed", cases=10_000_001, verbosity=0)


def test_a_seeded_case_is_accepted_by_the_normal_services(seeded: object) -> None:
    clerk = User.objects.get(username="seed.clerk.540102")
    case = Case.objects.filter(state="submitted", division__code="540102").first()
    accepted = case_transition(case=case, event="accept", actor=clerk)
    assert accepted.state == "accepted"
    assert accepted.promised_due is not None


def test_new_numbers_continue_after_the_seeded_serials(seeded: object) -> None:
    busiest = (
        Case.objects.values("implementation__code", "submitted_at__date")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    code, day = busiest["implementation__code"], busiest["submitted_at__date"]
    counter = DailySerial.objects.get(key=f"case:{code}", day=day)
    number = case_number_next(implementation_code=code, division_code="", day=day)
    assert number.endswith(f"{counter.last + 1:04d}")
    assert not Case.objects.filter(number=number).exists()


def test_statistics_count_every_case_and_light_only_running_ones(
    seeded: object,
) -> None:
    from tongban.cases.selectors import case_counts_by_prefecture
    from tongban.core.permissions import SYSTEM

    rows = case_counts_by_prefecture(user=SYSTEM, today=AS_OF)
    assert sum(r["count"] for r in rows) == 800
    assert {r["light"] for r in rows} >= {"green", "red"}
    assert all(
        r["light"] is None for r in rows if r["state"] not in ("accepted", "suspended")
    )


def test_a_seed_leaves_the_planner_statistics_of_what_it_wrote(seeded: object) -> None:
    # PostgreSQL plans a table never analysed as if it were empty; ANALYZE inside the
    # seed's transaction counts the rows it wrote (reltuples is -1 before any ANALYZE).
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'cases_case'")
        (reltuples,) = cursor.fetchone()
    assert reltuples >= 800


def test_an_open_only_seed_writes_open_cases_in_their_shares(db: None) -> None:
    # The supervision sweep's bench needs a million open cases without seeding the
    # four million finished ones a normal mix would bring along.
    from tongban.cases.domain.workflow import OPEN_STATES

    call_command(
        "seed", cases=300, counties=2, as_of=AS_OF, open_only=True, verbosity=0
    )
    states = Counter(Case.objects.values_list("state", flat=True))
    assert set(states) == {s.value for s in OPEN_STATES}
    assert sum(states.values()) == 300
    assert states["accepted"] > states["suspended"]  # 12 : 2 as in the normal mix
