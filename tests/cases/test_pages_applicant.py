"""The applicant's pages: apply from the guide, the submitted page, my cases, the case page
with its supplement form and withdrawal, and the public progress query."""

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from tests.cases.conftest import pdf
from tongban.cases.forms.common import ApplicationForm
from tongban.cases.models import Case
from tongban.cases.presentation import EVENT_LABELS

pytestmark = pytest.mark.django_db


def label(event: str) -> str:
    """An event's name as the pages show it (Chinese, the default language)."""
    with translation.override("zh-hans"):
        return str(EVENT_LABELS[event])


GOOD = {
    "form_company_name": "拉萨雪域商贸有限公司",
    "form_legal_rep_id": "54010219900101002X",
}


@pytest.fixture
def web(applicant: Any) -> Client:
    client = Client()
    client.force_login(applicant.user)
    return client


def _apply(web: Client, service: Any, materials: dict[str, int], **extra: Any) -> Any:
    data: dict[str, Any] = {"client_key": "page-key-0001", **GOOD, **extra}
    for name in ("申请书", "法定代表人身份证复印件"):
        data.setdefault(f"material_{materials[name]}", pdf())
    return web.post(f"/apply/{service.implementation.code}/", data)


def test_the_guide_offers_to_apply_online(client: Client, service: Any) -> None:
    code = service.implementation.code
    page = client.get(f"/items/{code}/")
    assert f'href="/apply/{code}/"' in page.content.decode()


def test_applying_needs_an_applicant_login(
    client: Client, service: Any, staff: dict[str, Any]
) -> None:
    url = f"/apply/{service.implementation.code}/"
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/login/?next=")
    client.force_login(staff["clerk"])
    assert client.get(url).status_code == 404
    assert client.get("/me/cases/").status_code == 404


def test_the_apply_page_shows_fields_materials_and_a_fresh_client_key(
    web: Client, service: Any
) -> None:
    page = web.get(f"/apply/{service.implementation.code}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "企业名称" in html
    assert "法定代表人身份证复印件" in html
    assert 'type="file"' in html
    assert "容缺" in html  # the material that may follow says so
    key = page.context["form"].initial["client_key"]
    assert len(key) == 32
    assert f'value="{key}"' in html


def test_profile_values_prefill_fields_named_name_and_phone() -> None:
    fields = [
        SimpleNamespace(key=k, label=k, help_text="", field_type="text", required=True)
        for k in ("name", "phone", "company_name")
    ]
    version = SimpleNamespace(
        form_fields=SimpleNamespace(all=lambda: fields),
        materials=SimpleNamespace(all=lambda: []),
    )
    person = SimpleNamespace(name="格桑", phone="13800000001")
    form = ApplicationForm(version=version, applicant=person)
    assert form.initial["form_name"] == "格桑"
    assert form.initial["form_phone"] == "13800000001"
    assert "form_company_name" not in form.initial


def test_submitting_shows_the_case_number_and_query_code(
    web: Client, service: Any, materials: dict[str, int]
) -> None:
    response = _apply(web, service, materials)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/me/cases/{case.uuid}/submitted/"
    page = web.get(response["Location"])
    query_code = page.context["query_code"]
    assert len(query_code) == 10
    html = page.content.decode()
    assert case.number in html
    assert query_code in html
    assert case.materials.count() == 2


def test_a_double_post_with_one_client_key_makes_one_case(
    web: Client, service: Any, materials: dict[str, int]
) -> None:
    first = _apply(web, service, materials)
    second = _apply(web, service, materials)
    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_errors_of_the_service_land_on_their_fields(
    web: Client, service: Any, materials: dict[str, int]
) -> None:
    response = _apply(
        web,
        service,
        materials,
        form_legal_rep_id="540102199001010021",
        **{f"material_{materials['申请书']}": ""},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["form_legal_rep_id"]
    assert form.errors[f"material_{materials['申请书']}"]
    assert Case.objects.count() == 0


def test_my_cases_lists_the_case_with_state_and_due_date(
    web: Client, submit: Any, act: Any
) -> None:
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    page = web.get("/me/cases/")
    html = page.content.decode()
    case = Case.objects.get()
    assert case.number in html
    assert "2026-03-09" in html
    detail = web.get(f"/me/cases/{uuid}/")
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "2026-03-09" in body  # promised due date
    assert f"/api/v1/public/cases/{uuid}/notices/" in body  # 受理通知书 link
    assert [str(r["label"]) for r in detail.context["timeline"]] == [
        label("submit"),
        label("accept"),
    ]


def test_another_applicant_cannot_open_the_case(client: Client, submit: Any) -> None:
    from tests.builders import applicant_with_account

    uuid = submit().json()["uuid"]
    other = applicant_with_account(
        phone="13800000002", name="卓玛", id_number="540102198505050012"
    )
    client.force_login(other.user)
    assert client.get(f"/me/cases/{uuid}/").status_code == 404


def test_the_applicant_answers_the_one_time_notice(
    web: Client, submit: Any, act: Any, materials: dict[str, int]
) -> None:
    uuid = submit(attach=("申请书",)).json()["uuid"]
    act(
        "clerk",
        uuid,
        "request-supplement",
        items=[
            {
                "material": materials["法定代表人身份证复印件"],
                "description": "法定代表人身份证复印件",
                "reason": "未提交",
            }
        ],
    )
    page = web.get(f"/me/cases/{uuid}/")
    html = page.content.decode()
    assert "未提交" in html
    assert "2026-03-16" in html
    field = f"material_{materials['法定代表人身份证复印件']}"
    assert f'name="{field}"' in html
    empty = web.post(f"/me/cases/{uuid}/", {})
    assert empty.status_code == 400
    assert "法定代表人身份证复印件" in str(empty.context["supplement_form"].errors)
    done = web.post(f"/me/cases/{uuid}/", {field: pdf()})
    assert done.status_code == 302
    assert Case.objects.get().state == "submitted"
    assert 'name="' + field not in web.get(f"/me/cases/{uuid}/").content.decode()


def test_withdrawal_asks_first_then_closes_the_case(web: Client, submit: Any) -> None:
    uuid = submit().json()["uuid"]
    assert (
        f"/me/cases/{uuid}/withdraw/" in web.get(f"/me/cases/{uuid}/").content.decode()
    )
    confirm = web.get(f"/me/cases/{uuid}/withdraw/")
    assert confirm.status_code == 200
    assert Case.objects.get().state == "submitted"
    done = web.post(f"/me/cases/{uuid}/withdraw/", {"reasons": "不办了"})
    assert done.status_code == 302
    assert Case.objects.get().state == "withdrawn"
    page = web.get(f"/me/cases/{uuid}/").content.decode()
    assert f"/me/cases/{uuid}/withdraw/" not in page
    again = web.get(f"/me/cases/{uuid}/withdraw/")
    assert again.status_code == 302


def test_progress_with_the_right_code_shows_state_and_timeline(
    client: Client, submit: Any
) -> None:
    body = submit().json()
    page = client.post(
        "/progress/", {"number": body["number"], "query_code": body["query_code"]}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "营业执照 设立登记" in html
    assert label("submit") in html
    assert "格桑" not in html  # no personal data


def test_progress_with_a_wrong_code_shows_nothing(client: Client, submit: Any) -> None:
    body = submit().json()
    wrong = "00000000" if body["query_code"] != "00000000" else "11111111"
    page = client.post("/progress/", {"number": body["number"], "query_code": wrong})
    assert page.status_code == 404
    assert "case" not in page.context
    html = page.content.decode()
    assert "营业执照 设立登记" not in html
    assert label("submit") not in html
