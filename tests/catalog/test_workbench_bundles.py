"""The bundle workbench: a region-wide catalogue manager makes a bundle (name and guide in
three languages), adds published items of the area to steps, previews the merged form and
checklist, publishes a version (refusals shown in the user's language, never a 500) and
withdraws it; a county manager reads only; every change is audited."""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.builders import applicant_with_account
from tests.bundle_builders import newborn_bundle, newborn_item
from tongban.accounts.domain.roles import Role
from tongban.catalog import services as catalog
from tongban.catalog.models import Bundle
from tongban.catalog.selectors_bundles import bundle_resolve
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db
BASE = "/workbench/catalog/bundles/"


def _client(user: Any, language: str = "en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


@pytest.fixture
def as_manager(manager: Any) -> Client:
    return _client(manager)


def _create(client: Client, code: str = "newborn") -> Any:
    return client.post(
        BASE,
        {
            "code": code,
            "name": "新生儿出生一件事",
            "name_bo": "བྱིས་པ་སྐྱེས།",
            "name_en": "A child is born",
        },
    )


def _add(client: Client, implementation: Any, step: int, code: str = "newborn") -> Any:
    return client.post(
        f"{BASE}{code}/items/add",
        {"implementation": implementation.pk, "step": str(step)},
    )


def test_a_manager_creates_a_bundle_in_three_languages_and_it_is_audited(
    as_manager: Client,
) -> None:
    response = _create(as_manager)
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}newborn/"
    bundle = Bundle.objects.get()
    assert (bundle.name_zh_hans, bundle.name_bo, bundle.name_en) == (
        "新生儿出生一件事",
        "བྱིས་པ་སྐྱེས།",
        "A child is born",
    )
    assert bundle.status == Bundle.Status.DRAFT
    assert AuditEvent.objects.filter(action="catalog.bundle_create").count() == 1


def test_a_bad_or_taken_code_is_shown_on_the_form_and_nothing_is_stored(
    as_manager: Client,
) -> None:
    bad = as_manager.post(BASE, {"code": "新 生", "name": "新生儿"})
    assert bad.status_code == 400
    assert "code" in bad.context["form"].errors
    assert not Bundle.objects.exists()
    assert _create(as_manager).status_code == 302
    taken = _create(as_manager)
    assert taken.status_code == 400
    assert "code" in taken.context["form"].errors
    assert Bundle.objects.count() == 1


def test_the_guide_texts_are_saved_in_each_language_and_audited(
    as_manager: Client,
) -> None:
    _create(as_manager)
    response = as_manager.post(
        f"{BASE}newborn/",
        {
            "name": "新生儿出生一件事",
            "summary": "出生医学证明、户口登记一次办。",
            "summary_bo": "བྱིས་པའི་ལག་ཁྱེར།",
            "summary_en": "Birth certificate and household registration at once.",
        },
    )
    assert response.status_code == 302
    bundle = Bundle.objects.get()
    assert bundle.summary_bo == "བྱིས་པའི་ལག་ཁྱེར།"
    assert bundle.summary_en.startswith("Birth certificate")
    event = AuditEvent.objects.get(action="catalog.bundle_update")
    assert "summary_en" in event.changes


def test_a_blank_name_is_refused_on_its_field(as_manager: Client) -> None:
    _create(as_manager)
    response = as_manager.post(f"{BASE}newborn/", {"name": ""})
    assert response.status_code == 400
    assert "name" in response.context["text_form"].errors


def test_only_published_items_of_the_area_are_offered_and_added_to_a_step(
    as_manager: Client, items: list[Any], implementation: Any
) -> None:
    _create(as_manager)
    page = as_manager.get(f"{BASE}newborn/")
    offered = set(page.context["add_form"].fields["implementation"].queryset)
    assert offered == {v.implementation for v in items}  # not the unpublished one
    assert _add(as_manager, items[0].implementation, 1).status_code == 302
    assert _add(as_manager, items[1].implementation, 2).status_code == 302
    refused = _add(as_manager, implementation, 1)  # no published guide
    assert refused.status_code == 400
    assert "implementation" in refused.context["add_form"].errors
    bundle = Bundle.objects.get()
    assert [(i.implementation, i.step) for i in bundle.items.order_by("step")] == [
        (items[0].implementation, 1),
        (items[1].implementation, 2),
    ]
    assert AuditEvent.objects.filter(action="catalog.bundle_item_add").count() == 2


def test_a_bad_step_is_a_form_error_not_a_500(
    as_manager: Client, items: list[Any]
) -> None:
    _create(as_manager)
    assert _add(as_manager, items[0].implementation, 0).status_code == 400
    _add(as_manager, items[0].implementation, 1)
    item = Bundle.objects.get().items.get()
    moved = as_manager.post(f"{BASE}newborn/items/{item.pk}/move", {"step": "x"})
    assert moved.status_code == 400
    assert (
        as_manager.post(f"{BASE}newborn/items/999999/move", {"step": "2"}).status_code
        == 404
    )


def test_an_item_is_moved_to_another_step_and_removed_with_audit_rows(
    as_manager: Client, items: list[Any]
) -> None:
    _create(as_manager)
    _add(as_manager, items[0].implementation, 1)
    item = Bundle.objects.get().items.get()
    assert (
        as_manager.post(
            f"{BASE}newborn/items/{item.pk}/move", {"step": "3"}
        ).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.step == 3
    assert as_manager.post(f"{BASE}newborn/items/{item.pk}/remove").status_code == 302
    assert not Bundle.objects.get().items.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"catalog.bundle_item_move", "catalog.bundle_item_remove"} <= actions


def test_the_preview_shows_the_merged_form_and_checklist(
    as_manager: Client, items: list[Any]
) -> None:
    _create(as_manager)
    for step, version in enumerate(items, start=1):
        _add(as_manager, version.implementation, step)
    page = as_manager.get(f"{BASE}newborn/").content.decode()
    assert page.count('data-key="child_name"') == 1  # asked once for both items
    assert page.count('data-material="name:父母身份证"') == 1  # given once
    assert 'data-key="hospital"' in page
    assert 'data-material="name:户口簿"' in page


def test_publishing_makes_version_1_and_withdrawing_takes_it_off_the_list(
    as_manager: Client, items: list[Any]
) -> None:
    _create(as_manager)
    _add(as_manager, items[0].implementation, 1)
    assert as_manager.post(f"{BASE}newborn/publish").status_code == 302
    bundle = Bundle.objects.get()
    assert (bundle.status, bundle.version) == (Bundle.Status.PUBLISHED, 1)
    assert Client().get("/bundles/newborn/").status_code == 200
    assert as_manager.post(f"{BASE}newborn/withdraw").status_code == 302
    assert Bundle.objects.get().status == Bundle.Status.DRAFT
    assert Client().get("/bundles/newborn/").status_code == 404
    actions = list(
        AuditEvent.objects.filter(action__startswith="catalog.bundle_p").values_list(
            "action", flat=True
        )
    ) + list(
        AuditEvent.objects.filter(action="catalog.bundle_revise").values_list(
            "action", flat=True
        )
    )
    assert actions == ["catalog.bundle_publish", "catalog.bundle_revise"]


def test_a_published_bundle_is_not_edited_on_the_page(
    as_manager: Client, items: list[Any]
) -> None:
    _create(as_manager)
    _add(as_manager, items[0].implementation, 1)
    as_manager.post(f"{BASE}newborn/publish")
    page = as_manager.get(f"{BASE}newborn/").content.decode()
    assert 'id="bundle-add"' not in page
    assert 'id="bundle-texts"' not in page
    refused = _add(as_manager, items[1].implementation, 2)
    assert refused.status_code == 400
    assert "take it back to draft" in str(refused.context["add_form"].errors)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "has no published guide in force"),
        ("zh-hans", "没有现行有效的已发布指南"),
    ],
)
def test_publication_refused_for_an_unpublished_item_shows_why_in_the_users_language(
    manager: Any, orgs: dict[str, Any], language: str, words: str
) -> None:
    bundle = newborn_bundle(orgs["lhasa"], publish=False)
    version = bundle_resolve(bundle=bundle).parts[0].version
    catalog.version_cancel(actor=SYSTEM, version=version)
    client = _client(manager, language)
    response = client.post(f"{BASE}{bundle.code}/publish")
    assert response.status_code == 400
    refusal = response.content.decode().split('id="bundle-refusal"')[1]
    assert words in refusal.split("</div>")[0]
    assert Bundle.objects.get().status == Bundle.Status.DRAFT


def test_publication_refused_for_a_field_key_clash_names_the_key(
    as_manager: Client, orgs: dict[str, Any]
) -> None:
    first = newborn_item(orgs["lhasa"], "002007001000", "甲", ("x", "甲字段"), "甲表")
    second = newborn_item(orgs["lhasa"], "002009002000", "乙", ("y", "乙字段"), "乙表")
    draft = catalog.version_draft(actor=SYSTEM, implementation=second.implementation)
    catalog.child_update(
        actor=SYSTEM,
        child=draft.form_fields.get(key="child_birth_date"),
        field_type="text",
    )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=draft.created_at.date()
    )
    _create(as_manager, "clash")
    for version in (first, second):
        _add(as_manager, version.implementation, 1, code="clash")
    page = as_manager.get(f"{BASE}clash/").content.decode()
    assert 'id="bundle-problems"' in page  # said before anyone presses publish
    response = as_manager.post(f"{BASE}clash/publish")
    assert response.status_code == 400
    assert (
        "child_birth_date" in response.content.decode().split('id="bundle-refusal"')[1]
    )


def test_a_county_manager_reads_but_changes_nothing(
    make_staff: Any, orgs: dict[str, Any], as_manager: Client
) -> None:
    _create(as_manager)
    county = _client(
        make_staff("county.catalogue", Role.CATALOGUE_MANAGER, division_code="540100")
    )
    page = county.get(f"{BASE}newborn/")
    assert page.status_code == 200
    assert 'id="bundle-publish"' not in page.content.decode()
    assert 'id="bundle-new"' not in county.get(BASE).content.decode()
    assert _create(county, "other").status_code == 403
    assert county.post(f"{BASE}newborn/publish").status_code == 403
    assert county.post(f"{BASE}newborn/", {"name": "改名"}).status_code == 403
    assert Bundle.objects.get().name_zh_hans == "新生儿出生一件事"


def test_a_clerk_reads_as_on_the_catalogue_workbench_an_applicant_is_kept_out(
    make_staff: Any, orgs: dict[str, Any]
) -> None:
    clerk = _client(make_staff("desk.clerk", Role.COUNTER_CLERK))
    assert clerk.get(BASE).status_code == 200  # catalog.view, as for the items
    assert _create(clerk).status_code == 403
    applicant = _client(applicant_with_account().user)
    assert applicant.get(BASE).status_code == 403
    anonymous = Client().get(BASE)
    assert anonymous.status_code == 302
    assert "/login" in anonymous["Location"]
    assert not Bundle.objects.exists()


def test_an_unknown_bundle_is_not_found(as_manager: Client) -> None:
    assert as_manager.get(f"{BASE}nothing/").status_code == 404
    assert as_manager.post(f"{BASE}nothing/publish").status_code == 404
