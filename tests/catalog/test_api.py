"""Catalogue API: public search and guide, internal scoped writes and named actions."""

import pytest

from tongban.accounts.domain.roles import Role
from tongban.catalog import services
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(item, implementation, orgs, publish):
    """Three live guides: 营业执照 in 拉萨 and 日喀则, 食品经营许可 in 拉萨."""
    publish(implementation)
    food = services.basic_item_create(
        actor=SYSTEM, code="000175005000", name="食品经营许可", item_type="01"
    )
    publish(
        services.implementation_create(
            actor=SYSTEM, basic_item=food, organisation=orgs["lhasa"]
        )
    )
    publish(
        services.implementation_create(
            actor=SYSTEM, basic_item=item, organisation=orgs["xigaze"]
        )
    )
    return implementation


def names(response):
    return [row["name"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("yyzz", ["营业执照 设立登记", "营业执照 设立登记"]),  # pinyin initials
        ("shipin", ["食品经营许可"]),  # full pinyin prefix
        ("营业", ["营业执照 设立登记", "营业执照 设立登记"]),  # Chinese prefix
        ("经营", ["食品经营许可"]),  # Chinese infix
        ("000175005000", ["食品经营许可"]),  # exact basic code
        ("ཚོང་ལས", ["营业执照 设立登记", "营业执照 设立登记"]),  # Tibetan name
        ("xigaze", ["营业执照 设立登记"]),  # department name
        ("nothing-like-this", []),
    ],
)
def test_public_search(api, catalogue, query, expected):
    response = api.get("/api/v1/public/items", {"q": query})
    assert response.status_code == 200
    assert names(response) == expected


def test_exact_code_ranks_before_name_matches(api, catalogue):
    # "yyzz" as initials matches 营业执照; an exact implementation code outranks it
    response = api.get("/api/v1/public/items", {"q": catalogue.code})
    assert response.json()["results"][0]["code"] == catalogue.code
    assert response.json()["count"] == 1


def test_search_by_region_and_special_list(api, catalogue):
    response = api.get("/api/v1/public/items", {"q": "yyzz", "division": "540200"})
    assert [r["division_code"] for r in response.json()["results"]] == ["540200"]
    response = api.get("/api/v1/public/items", {"list": "at_most_one_visit"})
    assert response.json()["count"] == 3


def test_public_guide_by_implementation_code(api, catalogue):
    response = api.get(f"/api/v1/public/items/{catalogue.code}")
    body = response.json()
    assert response.status_code == 200
    assert body["basic_item"]["code"] == "000175004000"
    assert body["promised_limit"] == 5
    assert body["materials"][0]["name_zh_hans"] == "申请书"
    assert 0 < body["completeness"] <= 100


def test_drafts_are_not_public(api, item, implementation):
    services.version_draft(actor=SYSTEM, implementation=implementation)
    response = api.get(f"/api/v1/public/items/{implementation.code}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_manager_drafts_edits_and_submits_via_the_api(
    api_as, manager, reviewer, implementation
):
    client = api_as(manager)
    base = f"/api/v1/internal/catalog/implementations/{implementation.uuid}/"
    assert client.post(base, {}, format="json").status_code == 201
    response = client.patch(
        base + "versions/1/", {"statutory_limit": 5, "promised_limit": 9}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["code"] == "promised_exceeds_statutory"
    response = client.post(
        base + "versions/1/rows/materials/",
        {"name": "申请书", "necessity": "required", "source": "applicant"},
        format="json",
    )
    assert response.status_code == 201
    assert client.post(base + "versions/1/submit", {}, format="json").status_code == 200
    own = client.post(base + "versions/1/approve", {}, format="json")
    assert own.status_code == 403
    assert own.json()["code"] == "review_own_submission"
    other = api_as(reviewer).post(base + "versions/1/approve", {}, format="json")
    assert other.json()["status"] == "approved"
    published = client.post(base + "versions/1/publish", {}, format="json")
    assert published.json()["status"] == "published"


def test_published_version_edit_is_a_conflict(api_as, manager, implementation, publish):
    publish(implementation)
    url = f"/api/v1/internal/catalog/implementations/{implementation.uuid}/versions/1/"
    response = api_as(manager).patch(url, {"promised_limit": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "version_not_editable"


def test_implementations_are_scoped(api_as, make_staff, catalogue, orgs):
    xigaze = make_staff("cat.xigaze", Role.CATALOGUE_MANAGER, division_code="540200")
    response = api_as(xigaze).get("/api/v1/internal/catalog/implementations/")
    assert [r["division_code"] for r in response.json()["results"]] == ["540200"]
    url = f"/api/v1/internal/catalog/implementations/{catalogue.uuid}/"
    assert api_as(xigaze).get(url).status_code == 404


def test_anonymous_cannot_write(api, implementation):
    url = f"/api/v1/internal/catalog/implementations/{implementation.uuid}/"
    assert api.post(url, {}, format="json").status_code in (401, 403)
