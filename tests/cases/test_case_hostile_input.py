"""No 500 from any input to the case API: bodies of the wrong shape, unknown keys, ids that
do not exist or overflow, NUL characters and deep nesting inside the form, on every action."""

import json

import pytest

from tongban.cases.models import Case, SupplementItem


def _codes(response):  # type: ignore[no-untyped-def]
    return {p["name"]: p["code"] for p in response.json().get("invalid_params", [])}


def test_a_json_array_where_an_action_takes_an_object_is_a_400(
    submit, staff_api
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    response = staff_api["clerk"].post(
        f"/api/v1/internal/cases/{uuid}/refuse",
        "[1, 2]",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


@pytest.mark.parametrize("key", ["_event", "actor", "case", "event", "data"])
def test_a_key_an_action_does_not_take_is_refused(submit, act, key) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    response = act("clerk", uuid, "refuse", reasons="材料不全", **{key: "decide"})
    assert response.status_code == 400
    assert _codes(response) == {key: "unknown_field"}
    assert Case.objects.get(uuid=uuid).state == "submitted"


@pytest.mark.parametrize("material", [999_999, 2**63, -1])
def test_a_supplement_item_naming_no_material_of_the_item_is_a_400(
    submit, act, material
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    items = [{"material": material, "description": "营业执照", "reason": "缺"}]
    response = act("clerk", uuid, "request-supplement", items=items)
    assert response.status_code == 400
    assert "items[0].material" in _codes(response)
    assert not SupplementItem.objects.exists()


def test_a_supplement_item_of_the_item_is_accepted(submit, act, materials) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    items = [
        {"material": materials["申请书"], "description": "申请书", "reason": "未签字"}
    ]
    response = act("clerk", uuid, "request-supplement", items=items)
    assert response.status_code == 200


@pytest.mark.parametrize("days", [0, 366, 2**70, "ten"])
def test_day_counts_out_of_range_are_a_400(submit, act, days) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    items = [{"description": "申请书", "reason": "未签字"}]
    response = act("clerk", uuid, "request-supplement", items=items, due_days=days)
    assert response.status_code == 400
    assert "due_days" in _codes(response)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/internal/cases/00000000-0000-0000-0000-000000000000/accept",
        "/api/v1/internal/cases/not-a-uuid/accept",
        "/api/v1/internal/cases/00000000-0000-0000-0000-000000000000/no-such-action",
    ],
)
def test_a_case_or_action_that_does_not_exist_is_a_404(staff_api, url) -> None:  # type: ignore[no-untyped-def]
    response = staff_api["clerk"].post(url, {}, format="json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ('{"company_name": "a\\u0000b"}', "nul_character"),
        ('{"company_name": "x", "a\\u0000": 1}', "nul_character"),
        ('{"a": ' * 40 + "1" + "}" * 40, "too_deep"),
        ("[" * 50_000 + "]" * 50_000, "too_deep"),
    ],
)
def test_a_form_with_nul_or_deep_nesting_is_a_400(submit, form, code) -> None:  # type: ignore[no-untyped-def]
    response = submit(form=form)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not Case.objects.exists()


def test_a_multipart_field_with_nul_is_a_400(submit, applicant_api, service) -> None:  # type: ignore[no-untyped-def]
    response = applicant_api.post(
        "/api/v1/public/cases/",
        {"implementation_code": "a\x00b", "client_key": "key-00000001"},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "nul_character"


def test_an_original_seen_id_past_a_bigint_is_a_400(
    staff_api, service, applicant
) -> None:  # type: ignore[no-untyped-def]
    body = {
        "implementation_code": service.implementation.code,
        "client_key": "key-00000002",
        "applicant": str(applicant.uuid),
        "originals_seen": [2**64],
        "form": json.loads(
            '{"company_name": "拉萨雪域商贸有限公司", "legal_rep_id": "54010219900101002X"}'
        ),
    }
    response = staff_api["clerk"].post("/api/v1/internal/cases/", body, format="json")
    assert response.status_code == 400
    assert _codes(response) == {"originals_seen[0]": "max_value"}
