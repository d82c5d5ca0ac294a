"""Counter intake: find the service, find or register the applicant, submit with scans and
originals seen, print the receipt."""

from typing import Any

import pytest
from django.test import Client

from tests.cases.conftest import pdf
from tongban.cases.models import Case

pytestmark = pytest.mark.django_db

NEW_ID = "540102198808080032"


@pytest.fixture
def clerk(staff: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(staff["clerk"])
    return client


def test_the_clerk_finds_services_in_scope_by_code_or_name(
    clerk: Client, service: Any, staff: dict[str, Any]
) -> None:
    code = service.implementation.code
    by_code = clerk.get("/workbench/intake/", {"q": code}).content.decode()
    assert f"/workbench/intake/{code}/" in by_code
    assert (
        f"/workbench/intake/{code}/"
        in clerk.get("/workbench/intake/", {"q": "营业执照"}).content.decode()
    )
    other = Client()
    other.force_login(staff["xigaze_clerk"])
    assert (
        f"/workbench/intake/{code}/"
        not in other.get("/workbench/intake/", {"q": code}).content.decode()
    )


def test_intake_is_for_clerks(
    client: Client, staff: dict[str, Any], service: Any
) -> None:
    assert client.get("/workbench/intake/").status_code == 302
    client.force_login(staff["officer"])
    assert client.get("/workbench/intake/").status_code == 403


def test_a_registered_applicant_is_found_by_id(
    clerk: Client, service: Any, applicant: Any
) -> None:
    code = service.implementation.code
    found = clerk.post(
        f"/workbench/intake/{code}/",
        {"action": "find", "id_type": "111", "id_number": "54010219900101002x"},
    )
    assert found.status_code == 302
    assert found["Location"] == f"/workbench/intake/{code}/{applicant.uuid}/"


def test_an_unknown_applicant_is_registered_at_the_counter(
    clerk: Client, service: Any
) -> None:
    code = service.implementation.code
    page = clerk.post(
        f"/workbench/intake/{code}/",
        {"action": "find", "id_type": "111", "id_number": NEW_ID},
    )
    assert page.context["register"].initial["id_number"] == NEW_ID
    bad = clerk.post(
        f"/workbench/intake/{code}/",
        {"id_type": "111", "id_number": "540102198808080031", "name": "次仁"},
    )
    assert bad.status_code == 400
    assert bad.context["register"].errors["id_number"]
    done = clerk.post(
        f"/workbench/intake/{code}/",
        {"id_type": "111", "id_number": NEW_ID, "name": "次仁", "phone": ""},
    )
    assert done.status_code == 302
    assert done["Location"].startswith(f"/workbench/intake/{code}/")


def test_the_clerk_submits_for_the_applicant_and_prints_a_receipt(
    clerk: Client,
    service: Any,
    applicant: Any,
    materials: dict[str, int],
    staff: dict[str, Any],
) -> None:
    url = f"/workbench/intake/{service.implementation.code}/{applicant.uuid}/"
    form = clerk.get(url)
    assert 'name="original_' in form.content.decode()
    response = clerk.post(
        url,
        {
            "client_key": "counter-key-1",
            "form_company_name": "拉萨雪域商贸有限公司",
            "form_legal_rep_id": "54010219900101002X",
            f"material_{materials['申请书']}": pdf(),
            f"original_{materials['申请书']}": "on",
            f"original_{materials['法定代表人身份证复印件']}": "on",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/workbench/intake/receipt/{case.uuid}/"
    assert case.channel == Case.Channel.COUNTER
    assert case.applicant == applicant
    receipt = clerk.get(response["Location"])
    html = receipt.content.decode()
    assert case.number in html
    assert receipt.context["query_code"] in html
    assert "法定代表人身份证复印件" in html
    assert staff["clerk"].display_name in html
    seen = {m.name: (bool(m.file_id), m.original_seen) for m in case.materials.all()}
    assert seen == {"申请书": (True, True), "法定代表人身份证复印件": (False, True)}


def test_the_id_number_never_travels_in_the_url_and_each_lookup_is_audited(
    clerk: Client, service: Any, applicant: Any
) -> None:
    from tongban.core.models import AuditEvent

    code = service.implementation.code
    url = f"/workbench/intake/{code}/"
    ignored = clerk.get(url, {"id_type": "111", "id_number": "54010219900101002X"})
    assert ignored.status_code == 200  # a GET looks nothing up
    assert not AuditEvent.objects.filter(action="applicant.lookup").exists()
    clerk.post(url, {"action": "find", "id_type": "111", "id_number": NEW_ID})
    row = AuditEvent.objects.get(action="applicant.lookup")
    assert row.changes["purpose"] == [None, f"counter intake: {code}"]
    assert (
        'method="post"'
        in ignored.content.decode().split('id="find-applicant"')[0][-60:]
    )
