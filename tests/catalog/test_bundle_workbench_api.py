"""The bundle workbench over the internal API (read-only): catalogue staff list every
bundle, draft or published, and read one as its workbench page shows it — texts in three
languages, items by step, the merged form and checklist, what stops publication — with
the pages' permissions: ``catalog.view`` somewhere to read, applicants and anonymous
callers kept out, an unknown code a 404 problem."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.builders import applicant_with_account
from tests.bundle_builders import newborn_bundle
from tongban.accounts.domain.roles import Role
from tongban.catalog.services.bundles import bundle_create
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db
BASE = "/api/v1/internal/catalog/bundles/"


def _api(user: Any = None, language: str = "en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def bundles(orgs: dict[str, Any]) -> list[Any]:
    return [
        newborn_bundle(orgs["lhasa"]),
        bundle_create(actor=SYSTEM, code="empty", name="空的一件事"),
    ]


def test_a_manager_lists_drafts_and_published_bundles(
    manager: Any, bundles: list[Any]
) -> None:
    rows = _api(manager).get(BASE).json()
    assert [(r["code"], r["status"], r["version"], r["items"]) for r in rows] == [
        ("empty", "draft", 0, 0),
        ("newborn", "published", 1, 3),
    ]


def test_one_bundle_reads_as_its_workbench_page(
    manager: Any, bundles: list[Any]
) -> None:
    body = _api(manager).get(f"{BASE}newborn/").json()
    assert body["name"] == "A child is born"
    assert body["translations"]["name"] == {
        "zh_hans": "新生儿出生一件事",
        "bo": "བྱིས་པ་གསར་སྐྱེས་ཀྱི་བྱ་བ་གཅིག",
        "en": "A child is born",
    }
    assert [p["step"] for p in body["parts"]] == [1, 2, 2]
    assert all(p["live"] for p in body["parts"])
    child = next(f for f in body["form_fields"] if f["key"] == "child_name")
    assert len(child["items"]) == 3
    assert "name:父母身份证" in [m["key"] for m in body["materials"]]
    assert body["problems"] == []
    assert body["may_manage"] is True


def test_what_stops_publication_is_said_in_the_callers_language(
    manager: Any, bundles: list[Any]
) -> None:
    english = _api(manager).get(f"{BASE}empty/").json()["problems"]
    assert [(p["name"], p["code"]) for p in english] == [("items", "bundle_empty")]
    assert english[0]["reason"] == "A bundle needs at least one item."
    chinese = _api(manager, "zh-hans").get(f"{BASE}empty/").json()["problems"]
    assert chinese[0]["reason"] != english[0]["reason"]


def test_a_county_manager_and_a_clerk_read_but_may_not_manage(
    make_staff: Any, bundles: list[Any]
) -> None:
    county = make_staff("county.catalogue", Role.CATALOGUE_MANAGER)
    clerk = make_staff("desk.clerk", Role.COUNTER_CLERK)
    for user in (county, clerk):
        response = _api(user).get(f"{BASE}newborn/")
        assert response.status_code == 200
        assert response.json()["may_manage"] is False


def test_applicants_and_anonymous_callers_are_kept_out(bundles: list[Any]) -> None:
    applicant = _api(applicant_with_account().user)
    assert applicant.get(BASE).status_code == 403
    assert applicant.get(f"{BASE}newborn/").status_code == 403
    assert _api().get(BASE).status_code in (401, 403)


def test_an_unknown_bundle_is_a_404_problem(manager: Any, bundles: list[Any]) -> None:
    response = _api(manager).get(f"{BASE}nothing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
