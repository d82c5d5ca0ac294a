"""The bundle workbench's changes over the internal API, exactly as on its pages: a
region-wide catalogue manager creates a draft, saves its texts, adds published items of
the area to steps, moves and removes them, publishes and withdraws it; each change
audited once, a repeated request answered with the bundle as it is and nothing written,
refusals problems with stable codes in the caller's language, a county manager refused."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.builders import applicant_with_account
from tongban.accounts.domain.roles import Role
from tongban.catalog.models import Bundle
from tongban.core.models import AuditEvent

pytestmark = pytest.mark.django_db
BASE = "/api/v1/internal/catalog/bundles/"
NEW = {"code": "newborn", "name": "新生儿出生一件事", "name_en": "A child is born"}


def _api(user: Any, language: str = "en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


def _audited(prefix: str = "catalog.bundle") -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith=prefix)
        .order_by("id")
        .values_list("action", flat=True)
    )


def _item(code: str, step: int) -> dict[str, Any]:
    return {"implementation_code": code, "step": step}


def test_a_manager_builds_and_publishes_a_bundle_through_the_api(
    manager: Any, items: list[Any]
) -> None:
    api = _api(manager)
    created = api.post(BASE, NEW, format="json")
    assert created.status_code == 201, created.json()
    assert (created.json()["status"], created.json()["name"]) == (
        "draft",
        "A child is born",
    )
    saved = api.patch(f"{BASE}newborn/", {"summary_bo": "ཞིབ་ཕྲ།"}, format="json")
    assert saved.json()["translations"]["summary"]["bo"] == "ཞིབ་ཕྲ།"
    first, second = (v.implementation.code for v in items)
    assert (
        api.post(f"{BASE}newborn/items", _item(first, 1), format="json").status_code
        == 201
    )
    body = api.post(f"{BASE}newborn/items", _item(second, 1), format="json").json()
    moved = next(p for p in body["parts"] if p["implementation_code"] == second)
    body = api.post(
        f"{BASE}newborn/items/{moved['id']}/move", {"step": 2}, format="json"
    ).json()
    assert [p["step"] for p in body["parts"]] == [1, 2]
    published = api.post(f"{BASE}newborn/publish").json()
    assert (published["status"], published["version"]) == ("published", 1)
    withdrawn = api.post(f"{BASE}newborn/withdraw").json()
    assert withdrawn["status"] == "draft"
    assert _audited() == [
        "catalog.bundle_create",
        "catalog.bundle_update",
        "catalog.bundle_item_add",
        "catalog.bundle_item_add",
        "catalog.bundle_item_move",
        "catalog.bundle_publish",
        "catalog.bundle_revise",
    ]


def test_a_repeated_request_answers_the_bundle_as_it_is_and_writes_nothing(
    manager: Any, items: list[Any]
) -> None:
    api = _api(manager)
    code = items[0].implementation.code
    api.post(BASE, NEW, format="json")
    api.post(f"{BASE}newborn/items", _item(code, 1), format="json")
    api.post(f"{BASE}newborn/publish")
    before = _audited()
    assert api.post(BASE, NEW, format="json").status_code == 200
    assert api.post(f"{BASE}newborn/publish").json()["version"] == 1
    api.post(f"{BASE}newborn/withdraw")
    api.post(f"{BASE}newborn/withdraw")
    again = api.post(f"{BASE}newborn/items", _item(code, 1), format="json")
    assert again.status_code == 200
    assert _audited() == [*before, "catalog.bundle_revise"]


def test_an_item_removed_through_the_api_is_gone_and_audited(
    manager: Any, items: list[Any]
) -> None:
    api = _api(manager)
    api.post(BASE, NEW, format="json")
    body = api.post(
        f"{BASE}newborn/items", _item(items[0].implementation.code, 1), format="json"
    ).json()
    url = f"{BASE}newborn/items/{body['parts'][0]['id']}"
    assert api.delete(url).status_code == 204
    assert api.delete(url).status_code == 404
    assert not Bundle.objects.get().items.exists()
    assert _audited()[-1] == "catalog.bundle_item_remove"


def test_refusals_are_problems_with_codes_in_the_callers_language(
    manager: Any, items: list[Any]
) -> None:
    api = _api(manager)
    taken = api.post(BASE, {**NEW, "name": "另一个"}, format="json")
    assert taken.status_code == 201  # the first one
    clash = api.post(BASE, {**NEW, "name": "另一个名字"}, format="json")
    assert clash.status_code == 400
    assert [p["name"] for p in clash.json()["invalid_params"]] == ["code"]
    empty = api.post(f"{BASE}newborn/publish")
    assert empty.status_code == 400
    assert {p["code"] for p in empty.json()["invalid_params"]} == {"bundle_empty"}
    chinese = _api(manager, "zh-hans").post(f"{BASE}newborn/publish").json()
    assert (
        chinese["invalid_params"][0]["reason"]
        != empty.json()["invalid_params"][0]["reason"]
    )
    unknown = api.post(f"{BASE}newborn/items", _item("999", 1), format="json")
    assert unknown.json()["invalid_params"][0]["code"] == "invalid_choice"
    bad_step = api.post(
        f"{BASE}newborn/items", _item(items[0].implementation.code, 0), format="json"
    )
    assert bad_step.status_code == 400
    stray = api.patch(f"{BASE}newborn/", {"status": "published"}, format="json")
    assert stray.status_code == 400
    assert Bundle.objects.get().status == "draft"


def test_only_a_region_wide_manager_changes_bundles(
    make_staff: Any, manager: Any, items: list[Any]
) -> None:
    _api(manager).post(BASE, NEW, format="json")
    county = _api(make_staff("county.catalogue", Role.CATALOGUE_MANAGER))
    code = items[0].implementation.code
    assert county.post(BASE, NEW, format="json").status_code == 403
    assert county.post(BASE, {**NEW, "code": "other"}, format="json").status_code == 403
    assert (
        county.patch(f"{BASE}newborn/", {"name": "x"}, format="json").status_code == 403
    )
    assert (
        county.post(f"{BASE}newborn/items", _item(code, 1), format="json").status_code
        == 403
    )
    assert county.post(f"{BASE}newborn/publish").status_code == 403
    applicant = _api(applicant_with_account().user)
    assert applicant.post(BASE, {**NEW, "code": "x"}, format="json").status_code == 403
    assert _audited() == ["catalog.bundle_create"]
