"""No 500 from any input to the catalogue's write endpoints: every body goes through a
serializer that says what it takes, so keys that collide with service arguments, arrays
where an object belongs, numbers past a column, NUL characters and ids that overflow are
400/404, never a TypeError or a database error."""

import pytest

from tongban.catalog.models import Material

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(api_as, manager, implementation):  # type: ignore[no-untyped-def]
    client = api_as(manager)
    base = f"/api/v1/internal/catalog/implementations/{implementation.uuid}/"
    assert client.post(base, {}, format="json").status_code == 201
    return client, base + "versions/1/"


def _codes(response):  # type: ignore[no-untyped-def]
    return {p["name"]: p["code"] for p in response.json().get("invalid_params", [])}


@pytest.mark.parametrize("key", ["actor", "version", "changes", "status", "number"])
def test_a_version_key_that_is_no_field_is_refused(draft, key) -> None:  # type: ignore[no-untyped-def]
    client, url = draft
    response = client.patch(url, {key: 1}, format="json")
    assert response.status_code == 400
    assert _codes(response) == {key: "unknown_field"}


@pytest.mark.parametrize("key", ["actor", "version", "kind", "child", "id"])
def test_a_row_key_that_is_no_field_is_refused(draft, key) -> None:  # type: ignore[no-untyped-def]
    client, url = draft
    body = {"name": "申请书", "necessity": "required", "source": "applicant", key: 1}
    response = client.post(url + "rows/materials/", body, format="json")
    assert response.status_code == 400
    assert _codes(response) == {key: "unknown_field"}
    assert not Material.objects.exists()


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "3", "null"])
def test_a_body_that_is_no_object_is_a_400(draft, body) -> None:  # type: ignore[no-untyped-def]
    client, url = draft
    for method, target in ((client.patch, url), (client.post, url + "rows/faqs/")):
        response = method(target, body, content_type="application/json")
        assert response.status_code == 400, (target, body)


@pytest.mark.parametrize("value", [2**31, 2**63, 2**70, -(2**63) - 1])
def test_a_number_past_its_column_is_a_400(draft, value) -> None:  # type: ignore[no-untyped-def]
    client, url = draft
    response = client.patch(url, {"statutory_limit": value}, format="json")
    assert response.status_code == 400
    assert "statutory_limit" in _codes(response)


def test_a_file_path_cannot_be_set_through_json(draft) -> None:  # type: ignore[no-untyped-def]
    client, url = draft
    response = client.patch(url, {"result_sample": "../../settings.py"}, format="json")
    assert response.status_code == 400
    assert _codes(response) == {"result_sample": "unknown_field"}


def test_a_row_is_changed_through_its_serializer(draft) -> None:  # type: ignore[no-untyped-def]
    client, url = draft
    created = client.post(
        url + "rows/faqs/",
        {"question": "几天办结？", "answer": "5 个工作日"},
        format="json",
    )
    assert created.status_code == 201
    row = f"{url}rows/faqs/{created.json()['id']}/"
    assert client.patch(row, {"answer": "3 个工作日"}, format="json").status_code == 200
    refused = client.patch(row, {"version": 2}, format="json")
    assert _codes(refused) == {"version": "unknown_field"}


@pytest.mark.parametrize(
    "suffix",
    ["versions/99/", "versions/99999999999999999999999/", "versions/1/rows/faqs/9/"],
)
def test_a_version_or_row_that_does_not_exist_is_a_404(draft, suffix) -> None:  # type: ignore[no-untyped-def]
    client, url = draft
    base = url.removesuffix("versions/1/")
    response = client.patch(base + suffix, {"answer": "x"}, format="json")
    assert response.status_code == 404


def test_a_big_row_id_is_a_404(draft) -> None:  # type: ignore[no-untyped-def]
    client, url = draft
    response = client.patch(url + f"rows/faqs/{2**70}/", {}, format="json")
    assert response.status_code == 404


def test_a_draft_summary_that_is_no_text_is_a_400(
    api_as, manager, implementation
) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/internal/catalog/implementations/{implementation.uuid}/"
    response = api_as(manager).post(url, {"change_summary": "x" * 301}, format="json")
    assert response.status_code == 400
    assert "change_summary" in _codes(response)
