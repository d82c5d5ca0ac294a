"""The catalogue workbench edits every part of a guide: fees, FAQ and special
procedures beside materials and form fields, the Tibetan and English text of every
translatable field, and a new item from a basic code."""

import pytest
from django.conf import settings

from tongban.accounts.domain.roles import Role
from tongban.catalog import selectors
from tongban.catalog.fields import translated_fields
from tongban.catalog.forms import CHILD_FORM_FIELDS, child_form, version_form
from tongban.catalog.models import BasicItem, Implementation, ImplementationVersion
from tongban.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def draft(as_manager, implementation, publish):
    publish(implementation)
    as_manager.post(f"/workbench/catalog/{implementation.uuid}/draft")
    return selectors.version_open(implementation=implementation)


def _url(draft: ImplementationVersion, rest: str = "") -> str:
    return f"/workbench/catalog/{draft.implementation.uuid}/v{draft.number}/{rest}"


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        (
            "fees",
            {"name": "工本费", "standard": "每本 10 元", "basis": "藏价费〔2020〕1号"},
        ),
        (
            "faqs",
            {"question": "可以委托他人办理吗？", "answer": "可以，需提交授权委托书。"},
        ),
        (
            "special_procedures",
            {
                "name": "专家评审",
                "kind": "2",
                "time_limit": "10",
                "unit": "working_days",
            },
        ),
    ],
)
def test_a_manager_adds_fees_questions_and_special_procedures_on_the_page(
    as_manager, draft, kind, data
):
    assert as_manager.get(_url(draft, f"{kind}/add/")).status_code == 200
    response = as_manager.post(_url(draft, f"{kind}/add/"), data)
    assert response.status_code == 302
    rows = getattr(draft, kind).all()
    assert len(rows) == 1
    page = as_manager.get(_url(draft)).content.decode()
    assert str(next(iter(data.values()))) in page
    assert AuditEvent.objects.filter(action=f"catalog.version.{kind}.add").exists()


def test_adding_a_question_raises_the_completeness_score(as_manager, draft):
    before = selectors.version_completeness(draft).score
    as_manager.post(
        _url(draft, "faqs/add/"), {"question": "要多久？", "answer": "5 个工作日。"}
    )
    assert selectors.version_completeness(draft).score > before


@pytest.mark.parametrize("kind", sorted(CHILD_FORM_FIELDS))
def test_every_translatable_child_field_has_tibetan_and_english_inputs(kind):
    model, _names = CHILD_FORM_FIELDS[kind]
    form = child_form(kind)
    for name in set(translated_fields(model)) & set(form.fields):
        assert {f"{name}_bo", f"{name}_en"} <= set(form.fields), name


def test_every_translatable_guide_field_on_the_form_has_tibetan_and_english_inputs(
    draft,
):
    form = version_form(draft)
    translated = set(translated_fields(ImplementationVersion))
    assert translated <= set(form.fields)  # no content editable in no language
    for name in translated:
        assert {f"{name}_bo", f"{name}_en"} <= set(form.fields), name


def test_the_english_text_of_a_material_is_saved_in_its_own_column(as_manager, draft):
    material = draft.materials.get()
    form = as_manager.get(_url(draft, f"materials/{material.pk}/")).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and v is not False}
    data["name_en"] = "Application form"
    response = as_manager.post(_url(draft, f"materials/{material.pk}/"), data)
    assert response.status_code == 302, response.context["form"].errors
    material.refresh_from_db()
    assert material.name_en == "Application form"
    assert material.name_zh_hans == "申请书"


def test_a_new_item_of_a_new_basic_code_gets_its_basic_item_implementation_and_draft(
    as_manager, orgs
):
    assert as_manager.get("/workbench/catalog/new/").status_code == 200
    response = as_manager.post(
        "/workbench/catalog/new/",
        {
            "basic_code": "000112345000",
            "name": "社会团体成立登记",
            "name_en": "Registration of a social organisation",
            "item_type": "01",
            "organisation": orgs["lhasa"].pk,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    item = BasicItem.objects.get(code="000112345000")
    assert item.name_en == "Registration of a social organisation"
    implementation = Implementation.objects.get(basic_item=item)
    draft = selectors.version_open(implementation=implementation)
    assert draft is not None
    assert draft.number == 1
    assert response["Location"].endswith(f"/v{draft.number}/")


def test_a_new_basic_code_without_a_name_is_refused_and_leaves_nothing_behind(
    as_manager, orgs
):
    response = as_manager.post(
        "/workbench/catalog/new/",
        {"basic_code": "000112345000", "organisation": orgs["lhasa"].pk},
    )
    assert response.status_code == 400
    assert "Needed for a basic code" in response.content.decode()
    assert not BasicItem.objects.filter(code="000112345000").exists()
    assert not Implementation.objects.exists()


def test_an_existing_basic_code_is_implemented_without_a_name(as_manager, item, orgs):
    response = as_manager.post(
        "/workbench/catalog/new/",
        {"basic_code": item.code, "organisation": orgs["xigaze"].pk},
    )
    assert response.status_code == 302
    assert Implementation.objects.filter(
        basic_item=item, organisation=orgs["xigaze"]
    ).exists()


def test_a_county_manager_cannot_add_to_the_basic_catalogue(client, make_staff, orgs):
    county = make_staff(
        "catalogue.county", Role.CATALOGUE_MANAGER, division_code="540102"
    )
    client.force_login(county)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        "/workbench/catalog/new/",
        {
            "basic_code": "000112345000",
            "name": "x",
            "item_type": "01",
            "organisation": orgs["lhasa"].pk,
        },
    )
    assert response.status_code in (400, 403)
    assert not BasicItem.objects.filter(code="000112345000").exists()
