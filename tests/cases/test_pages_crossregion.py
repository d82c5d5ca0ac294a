"""The 代收代办 pages: a 拉萨 clerk takes in 日喀则's 区内通办 service at the counter, sends
the originals, and sees the case's progress; 日喀则 sees the 代收 marker in its queue."""

from typing import Any

import pytest
from django.test import Client

from tests.builders import published_service
from tests.cases.conftest import pdf
from tongban.cases.models import Case

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def xigaze_item(orgs: dict[str, Any], halls: dict[str, Any]) -> Any:
    return published_service(orgs["xigaze"], code="000175004001", service_scope="3")


def _take_in(clerk: Client, item: Any, applicant: Any, halls: dict[str, Any]) -> Any:
    by_name = {m.name: m.pk for m in item.materials.all()}
    url = f"/workbench/intake/{item.implementation.code}/{applicant.uuid}/"
    page = clerk.get(url)
    assert 'id="proxy-intake"' in page.content.decode()
    return clerk.post(
        url,
        {
            "client_key": "counter-proxy-1",
            "form_company_name": "日喀则珠峰商贸有限公司",
            "form_legal_rep_id": "54010219900101002X",
            f"material_{by_name['申请书']}": pdf(),
            f"original_{by_name['申请书']}": "on",
            f"original_{by_name['法定代表人身份证复印件']}": "on",
            "proxy-hall": str(halls["lhasa"].uuid),
            "proxy-delivery": "receiving_hall",
        },
    )


def test_a_clerk_finds_services_of_another_region_it_may_take_in(
    staff: dict[str, Any], xigaze_item: Any, orgs: dict[str, Any]
) -> None:
    published_service(orgs["xigaze"], code="000175004009", service_scope="")
    page = _client(staff["clerk"]).get("/workbench/crossregion/").content.decode()
    assert xigaze_item.implementation.code in page
    assert "11540200MB0Q1111013000175004009" not in page  # not 通办: not offered


def test_the_counter_intake_of_another_regions_service_records_the_proxy(
    staff: dict[str, Any], xigaze_item: Any, applicant: Any, halls: dict[str, Any]
) -> None:
    clerk = _client(staff["clerk"])
    response = _take_in(clerk, xigaze_item, applicant, halls)
    case = Case.objects.get()
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"/workbench/intake/receipt/{case.uuid}/"
    assert case.number in clerk.get(response["Location"]).content.decode()
    assert case.proxy.receiving_hall == halls["lhasa"]
    ledger = clerk.get("/workbench/crossregion/").content.decode()
    assert case.number in ledger
    queue = _client(staff["xigaze_officer"]).get("/workbench/cases/").content.decode()
    assert 'data-flag="proxy"' in queue
    assert "lhasa 大厅" in queue
    case_page = _client(staff["xigaze_officer"]).get(f"/workbench/cases/{case.uuid}/")
    assert f"/workbench/crossregion/{case.uuid}/" in case_page.content.decode()


def test_the_receiving_clerk_sends_the_originals_and_follows_the_case(
    staff: dict[str, Any], xigaze_item: Any, applicant: Any, halls: dict[str, Any]
) -> None:
    clerk = _client(staff["clerk"])
    _take_in(clerk, xigaze_item, applicant, halls)
    case = Case.objects.get()
    url = f"/workbench/crossregion/{case.uuid}/"
    bad = clerk.post(
        f"{url}actions/dispatch-originals/",
        {
            "dispatch_originals-courier": "EMS",
            "dispatch_originals-tracking_number": "#",
        },
    )
    assert bad.status_code == 400
    done = clerk.post(
        f"{url}actions/dispatch-originals/",
        {
            "dispatch_originals-courier": "中国邮政EMS",
            "dispatch_originals-tracking_number": "EA123456789CN",
        },
    )
    assert done.status_code == 302
    page = clerk.get(url).content.decode()
    assert "EA123456789CN" in page
    assert "dispatch-originals" not in page  # done once
    # The receiving clerk follows the case but does not open its handling page.
    assert clerk.get(f"/workbench/cases/{case.uuid}/").status_code == 404
    # The handling side signs for the originals on the same page.
    xigaze = _client(staff["xigaze_clerk"])
    assert "receive-originals" in xigaze.get(url).content.decode()


def test_another_hall_does_not_see_the_intake(
    staff: dict[str, Any], xigaze_item: Any, applicant: Any, halls: dict[str, Any]
) -> None:
    _take_in(_client(staff["clerk"]), xigaze_item, applicant, halls)
    case = Case.objects.get()
    stranger = _client(staff["officer"])  # 拉萨, not an intake clerk, not 日喀则
    assert stranger.get(f"/workbench/crossregion/{case.uuid}/").status_code == 404
