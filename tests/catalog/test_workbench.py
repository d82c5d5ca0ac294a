"""Workbench pages of catalogue managers: versions and history, drafting and editing
through the services with errors shown on the form, completeness, the staff-only
preview, submission, review by a second person and publication."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tongban.catalog import selectors, services
from tongban.catalog.models import ImplementationVersion
from tongban.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages asserted in English


@pytest.fixture
def live(implementation, publish):
    return publish(implementation)


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def _base(implementation) -> str:
    return f"/workbench/catalog/{implementation.uuid}/"


def _draft(client: Client, implementation) -> ImplementationVersion:
    response = client.post(_base(implementation) + "draft")
    assert response.status_code == 302
    return selectors.version_open(implementation=implementation)


def test_detail_shows_versions_and_the_differences_between_them(
    as_manager, implementation, publish, live
):
    publish(implementation, promised_limit=3)
    page = as_manager.get(_base(implementation)).content.decode()
    assert "promised time limit" in page
    assert "5" in page
    assert "3" in page


def test_a_draft_starts_from_the_live_version(as_manager, implementation, live):
    draft = _draft(as_manager, implementation)
    assert draft.number == 2
    assert draft.promised_limit == live.promised_limit
    assert [m.name for m in draft.materials.all()] == ["申请书"]


def test_saving_the_draft_changes_it_and_writes_an_audit_row(
    as_manager, implementation, live
):
    draft = _draft(as_manager, implementation)
    url = f"{_base(implementation)}v{draft.number}/"
    form = as_manager.get(url).context["edit_form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    response = as_manager.post(url, {**data, "promised_limit": "3"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.promised_limit == 3
    assert AuditEvent.objects.filter(action="catalog.version.update").exists()


def test_a_rule_broken_by_the_edit_is_shown_on_the_form(
    as_manager, implementation, live
):
    draft = _draft(as_manager, implementation)
    url = f"{_base(implementation)}v{draft.number}/"
    form = as_manager.get(url).context["edit_form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    response = as_manager.post(url, {**data, "promised_limit": "99"})
    assert response.status_code == 400
    errors = response.context["edit_form"].errors
    assert "may not be longer than the statutory" in str(errors["promised_limit"])


def test_materials_and_form_fields_are_added_through_forms(
    as_manager, implementation, live
):
    draft = _draft(as_manager, implementation)
    url = f"{_base(implementation)}v{draft.number}/"
    response = as_manager.post(
        url + "materials/add/",
        {
            "name": "股东会决议",
            "necessity": "required",
            "form": "paper",
            "original_copies": "1",
            "photocopies": "0",
            "source": "applicant",
        },
    )
    assert response.status_code == 302
    fields = {"key": "company-name", "label": "企业名称", "field_type": "text"}
    assert as_manager.post(url + "form_fields/add/", fields).status_code == 302
    again = as_manager.post(url + "form_fields/add/", fields)
    assert again.status_code == 400
    assert "already uses this key" in str(again.context["form"].errors["key"])
    page = as_manager.get(url).content.decode()
    assert "股东会决议" in page
    assert "company-name" in page


def test_completeness_is_shown(as_manager, implementation, live):
    draft = _draft(as_manager, implementation)
    page = as_manager.get(f"{_base(implementation)}v{draft.number}/")
    score = selectors.version_completeness(draft).score
    assert f"{score}%" in page.content.decode()


def test_preview_renders_the_draft_for_staff_only(
    manager, as_manager, implementation, live
):
    draft = _draft(as_manager, implementation)
    services.version_update(actor=manager, version=draft, hours="周六 10:00")
    url = f"{_base(implementation)}v{draft.number}/preview/"
    page = as_manager.get(url).content.decode()
    assert "周六 10:00" in page
    assert "preview-note" in page
    assert Client().get(url).status_code == 302  # to the staff login


@pytest.fixture
def submitted(as_manager, implementation, live):
    draft = _draft(as_manager, implementation)
    url = f"{_base(implementation)}v{draft.number}/"
    assert as_manager.post(url + "submit").status_code == 302
    draft.refresh_from_db()
    assert draft.status == "submitted"
    return draft


def test_nobody_approves_their_own_submission(as_manager, implementation, submitted):
    url = f"{_base(implementation)}v{submitted.number}/review"
    response = as_manager.post(url, {"decision": "approve"})
    assert response.status_code == 403
    assert "another person must review" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_second_manager_approves_then_publishes_with_a_date(
    client, reviewer, implementation, submitted
):
    client.force_login(reviewer)
    assert "营业执照" in client.get("/workbench/catalog/review/").content.decode()
    url = f"{_base(implementation)}v{submitted.number}/"
    assert client.post(url + "review", {"decision": "approve"}).status_code == 302
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(url + "publish", {"effective_from": tomorrow.isoformat()})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.effective_from) == ("published", tomorrow)


def test_rejecting_needs_a_comment(client, reviewer, implementation, submitted):
    client.force_login(reviewer)
    url = f"{_base(implementation)}v{submitted.number}/review"
    response = client.post(url, {"decision": "reject", "comment": ""})
    assert response.status_code == 400
    assert "Say what must change" in response.content.decode()
    client.post(url, {"decision": "reject", "comment": "请补充收费依据"})
    submitted.refresh_from_db()
    assert (submitted.status, submitted.review_comment) == ("draft", "请补充收费依据")


def test_submission_errors_are_listed(manager, as_manager, implementation, live):
    draft = _draft(as_manager, implementation)
    services.version_update(
        actor=manager, version=draft, charges_fee=True, fee_basis="依据"
    )
    response = as_manager.post(f"{_base(implementation)}v{draft.number}/submit")
    assert response.status_code == 400
    assert "at least one fee item" in response.content.decode()


def test_out_of_scope_staff_see_nothing(client, make_staff, implementation, live):
    from tongban.accounts.domain.roles import Role

    client.force_login(make_staff("catalogue.xigaze", Role.CATALOGUE_MANAGER, "540200"))
    assert client.get(_base(implementation)).status_code == 404
    assert client.post(_base(implementation) + "draft").status_code == 404
