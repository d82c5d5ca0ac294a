"""Items that are not applied for (行政处罚, 行政强制, 行政检查: GB/T 39046 A.1 02, 03, 06)
get no 网上办理 button and no application: the guide, the apply page, the API and the
counter intake all refuse."""

import datetime

import pytest

from tongban.cases.models import Case
from tongban.catalog import services as catalog
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["02", "03", "06"])
def penalty(request, orgs):  # type: ignore[no-untyped-def]
    item = catalog.basic_item_create(
        actor=SYSTEM,
        code=f"00{request.param}75001000",
        name="对无照经营的处罚",
        item_type=request.param,
        legal_basis="《无证无照经营查处办法》",
    )
    implementation = catalog.implementation_create(
        actor=SYSTEM, basic_item=item, organisation=orgs["lhasa"]
    )
    draft = catalog.version_draft(actor=SYSTEM, implementation=implementation)
    catalog.version_update(
        actor=SYSTEM,
        version=draft,
        statutory_limit=90,
        case_type="2",
        service_objects=["2"],
        handling_forms=["1"],
        online_depth=1,
        visits_required=1,
        location="拉萨",
    )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 1, 1)
    )
    return implementation


def test_the_guide_offers_no_online_application(penalty, client) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/items/{penalty.code}/")
    assert page.status_code == 200
    assert f"/apply/{penalty.code}/" not in page.content.decode()


def test_the_apply_page_refuses(penalty, client, applicant) -> None:  # type: ignore[no-untyped-def]
    client.force_login(applicant.user)
    assert client.get(f"/apply/{penalty.code}/").status_code == 404


def test_the_api_refuses(penalty, applicant_api) -> None:  # type: ignore[no-untyped-def]
    response = applicant_api.post(
        "/api/v1/public/cases/",
        {
            "implementation_code": penalty.code,
            "client_key": "penalty-0001",
            "form": "{}",
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["code"] == "not_applied_for"
    assert not Case.objects.exists()


def test_the_counter_intake_refuses(penalty, staff_api, applicant) -> None:  # type: ignore[no-untyped-def]
    response = staff_api["clerk"].post(
        "/api/v1/internal/cases/",
        {
            "implementation_code": penalty.code,
            "client_key": "penalty-0002",
            "form": "{}",
            "applicant": str(applicant.uuid),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["code"] == "not_applied_for"


def test_counter_intake_search_does_not_list_it(penalty, client, staff) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff["clerk"])
    page = client.get("/workbench/intake/", {"q": penalty.code})
    assert f"/workbench/intake/{penalty.code}/" not in page.content.decode()
    assert list(page.context["results"]) == []


def test_the_counter_intake_form_refuses(penalty, client, staff, applicant) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff["clerk"])
    url = f"/workbench/intake/{penalty.code}/{applicant.uuid}/"
    assert client.get(url).status_code == 404
