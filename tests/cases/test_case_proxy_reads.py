"""Reading the 代收 record shows the applicant's name and postal address to the receiving
hall (and to the handling organisation): every read, on the page or through the API,
leaves an audit row with the case as its purpose and the reader's side, as the other
reads of personal data do; the ledger, which shows none, leaves none."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.cases.crossregion import take_in
from tongban.core.domain.masking import mask_identifier
from tongban.core.models import AuditEvent

pytestmark = pytest.mark.django_db
ADDRESS = "日喀则市桑珠孜区上海中路1号"


@pytest.fixture
def by_post(
    people: dict[str, Any], halls: dict[str, Any], xigaze_item: Any, applicant: Any
) -> Any:
    return take_in(
        people["clerk"],
        halls["lhasa"],
        xigaze_item,
        applicant,
        delivery="post",
        delivery_address=ADDRESS,
    )


def _reads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="proxy.read").order_by("id"))


def test_the_api_shows_whom_to_hand_over_to_and_records_the_read(
    by_post: Any, people: dict[str, Any], applicant: Any
) -> None:
    api = APIClient()
    api.force_authenticate(people["clerk"])
    body = api.get(f"/api/v1/internal/cases/{by_post.uuid}/proxy").json()
    assert (body["applicant_name"], body["delivery_address"]) == (
        applicant.name,
        ADDRESS,
    )
    [read] = _reads()
    assert read.actor == people["clerk"]
    assert read.changes["purpose"] == [None, by_post.number]
    assert read.changes["side"] == [None, "receiving"]


def test_the_page_records_each_read_with_the_readers_side(
    by_post: Any, people: dict[str, Any]
) -> None:
    for who in ("clerk", "xigaze_officer"):
        client = Client()
        client.force_login(people[who])
        page = client.get(f"/workbench/crossregion/{by_post.uuid}/")
        assert ADDRESS in page.content.decode()
    assert [r.changes["side"][1] for r in _reads()] == ["receiving", "handling"]


def test_the_ledger_shows_no_personal_data_and_records_nothing(
    by_post: Any, people: dict[str, Any], applicant: Any
) -> None:
    client = Client()
    client.force_login(people["clerk"])
    page = client.get("/workbench/crossregion/").content.decode()
    assert by_post.number in page
    assert ADDRESS not in page
    assert applicant.name not in page
    assert _reads() == []


def test_a_hall_that_did_not_take_it_in_reads_nothing_and_leaves_no_row(
    by_post: Any, make_staff: Any
) -> None:
    from tongban.accounts.domain.roles import Role

    other = APIClient()
    other.force_authenticate(make_staff("nagqu.clerk", Role.COUNTER_CLERK, "540600"))
    assert other.get(f"/api/v1/internal/cases/{by_post.uuid}/proxy").status_code == 404
    assert _reads() == []


FULL_ID = "54010219900101002X"  # the applicant fixture's number


def test_the_page_shows_the_name_and_a_masked_id_number_never_the_full_one(
    by_post: Any, people: dict[str, Any], applicant: Any
) -> None:
    client = Client()
    client.force_login(people["clerk"])
    page = client.get(f"/workbench/crossregion/{by_post.uuid}/").content.decode()
    assert applicant.name in page
    assert mask_identifier(FULL_ID) in page
    assert FULL_ID not in page
    [read] = _reads()
    assert read.changes["purpose"] == [None, by_post.number]


def test_the_api_shows_the_masked_id_number_only(
    by_post: Any, people: dict[str, Any]
) -> None:
    api = APIClient()
    api.force_authenticate(people["clerk"])
    response = api.get(f"/api/v1/internal/cases/{by_post.uuid}/proxy")
    assert response.json()["applicant_id_masked"] == mask_identifier(FULL_ID)
    assert FULL_ID not in response.content.decode()
    assert len(_reads()) == 1
