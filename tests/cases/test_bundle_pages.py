"""一件事 pages: the public list and guide, the applicant's one form and bundle case page, the
counter's intake and the one delivery."""

from typing import Any

import pytest
from django.test import Client

from tests.bundle_builders import GOOD_FORM
from tests.cases.conftest import pdf
from tongban.cases.models import BundleCase, Case

pytestmark = pytest.mark.django_db


def _post(material_keys: dict[str, str], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {f"form_{k}": v for k, v in GOOD_FORM.items()}
    data["client_key"] = "bundle-page-0001"
    for index in range(len(material_keys)):
        data[f"material_{index}"] = pdf()
    return {**data, **extra}


def test_the_public_list_and_guide_show_the_bundle_in_tibetan(
    bundle: Any, settings: Any
) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bo"
    listing = client.get("/bundles/").content.decode()
    assert "/bundles/newborn/" in listing
    assert "བྱིས་པ་གསར་སྐྱེས" in listing  # the bundle's own Tibetan name
    guide = client.get("/bundles/newborn/").content.decode()
    assert guide.count("父母身份证") == 1  # the shared material listed once
    assert "/apply/bundle/newborn/" in guide


def test_an_unpublished_bundle_has_no_page(orgs: dict[str, Any]) -> None:
    from tests.bundle_builders import newborn_bundle

    newborn_bundle(orgs["lhasa"], publish=False)
    assert Client().get("/bundles/newborn/").status_code == 404


def test_the_applicant_applies_with_one_form_and_sees_the_sub_cases(
    client: Client, applicant: Any, bundle: Any, material_keys: dict[str, str]
) -> None:
    client.force_login(applicant.user)
    page = client.get("/apply/bundle/newborn/").content.decode()
    assert page.count('name="form_child_name"') == 1
    response = client.post("/apply/bundle/newborn/", _post(material_keys))
    assert response.status_code == 302
    bundle_case = BundleCase.objects.get()
    assert response["Location"] == f"/me/bundles/{bundle_case.uuid}/"
    shown = client.get(response["Location"]).content.decode()
    assert bundle_case.number in shown
    assert 'id="query-code"' in shown
    assert shown.count('data-part="') == 3
    assert shown.count('data-state="draft"') == 2
    waiting = bundle_case.parts.get(order=1).case
    page = client.get(f"/me/cases/{waiting.uuid}/").content.decode()
    assert 'id="bundle-part"' in page
    assert f"/me/bundles/{bundle_case.uuid}/" in page


def test_a_missing_merged_field_is_shown_on_its_input_and_nothing_is_stored(
    client: Client, applicant: Any, bundle: Any, material_keys: dict[str, str]
) -> None:
    client.force_login(applicant.user)
    response = client.post(
        "/apply/bundle/newborn/", _post(material_keys, form_child_name="")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "form_child_name" in errors
    assert not Case.objects.exists()


def test_the_counter_takes_a_bundle_in_and_hands_over_once(
    staff: dict[str, Any],
    applicant: Any,
    bundle: Any,
    material_keys: dict[str, str],
    act: Any,
) -> None:
    clerk = Client()
    clerk.force_login(staff["clerk"])
    assert (
        "/workbench/intake/bundle/newborn/"
        in clerk.get("/workbench/intake/").content.decode()
    )
    found = clerk.post(
        "/workbench/intake/bundle/newborn/",
        {"id_type": "111", "id_number": "54010219900101002X"},
    )
    assert found.status_code == 302
    form_page = found["Location"]
    data = _post(material_keys, client_key="bundle-desk-0001")
    data.update({f"original_{i}": "on" for i in range(len(material_keys))})
    submitted = clerk.post(form_page, data)
    assert submitted.status_code == 302
    bundle_case = BundleCase.objects.get()
    assert bundle_case.submitted_by == staff["clerk"]
    assert {c.channel for c in Case.objects.all()} == {"1"}  # at a counter
    for part in bundle_case.parts.order_by("order"):
        case = part.case
        case.refresh_from_db()
        uuid = str(case.uuid)
        assert act("clerk", uuid, "accept").status_code == 200
        for officer in ("officer", "officer2", "officer"):
            assert act(officer, uuid, "approve-step").status_code == 200
        assert act("officer2", uuid, "decide", decision="approve").status_code == 200
        assert act("officer2", uuid, "close", result_name="结果").status_code == 200
    page = clerk.get(f"/workbench/bundles/{bundle_case.uuid}/").content.decode()
    assert 'data-status="ready"' in page
    clerk.post(f"/workbench/bundles/{bundle_case.uuid}/deliver", {"method": "pickup"})
    assert {c.state for c in Case.objects.all()} == {"delivered"}


def test_my_cases_leads_to_my_bundle_applications(
    client: Client, applicant: Any
) -> None:
    client.force_login(applicant.user)
    assert 'href="/me/bundles/"' in client.get("/me/cases/").content.decode()
    assert client.get("/me/bundles/").status_code == 200
