"""Identity numbers typed into an application form (a form field of an identity kind) are
kept like the applicant's own: encrypted at rest with a blind index, masked on every page
and API response unless the caller may unmask in the case's scope; old rows are converted
by a data migration."""

import importlib
import json
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from tests.cases.conftest import pdf
from tongban.accounts.domain.roles import Role
from tongban.cases.models import ApplicationDraft, Case
from tongban.core import crypto

pytestmark = pytest.mark.django_db

CLEAR = "54010219900101002X"
MASKED = "5401**********002X"


@pytest.fixture
def supervisor(make_staff: Any) -> Any:
    """Sees every case of 拉萨 but holds no ``identity.unmask``."""
    return make_staff("lhasa.supervisor", Role.SUPERVISOR, division_code="540100")


def _raw_form(case_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT form_data FROM cases_case WHERE id = %s", [case_id])
        return str(cursor.fetchone()[0])


def test_the_case_row_holds_no_clear_identity_number(submit: Any) -> None:
    uuid = submit().json()["uuid"]
    case = Case.objects.get(uuid=uuid)
    raw = _raw_form(case.pk)
    assert CLEAR not in raw
    assert "拉萨雪域商贸有限公司" in json.loads(raw)["company_name"]
    sealed = case.form_data["legal_rep_id"]
    assert crypto.decrypt(sealed["encrypted"]) == CLEAR
    assert sealed["masked"] == MASKED
    assert sealed["index"] == crypto.blind_index(f"111:{CLEAR}")


def test_a_supervisor_without_unmask_sees_the_mask_in_the_api(
    submit: Any, supervisor: Any
) -> None:
    uuid = submit().json()["uuid"]
    client = APIClient()
    client.force_authenticate(supervisor)
    body = client.get(f"/api/v1/internal/cases/{uuid}/").json()
    assert body["form_data"]["legal_rep_id"] == MASKED
    assert body["form_data"]["company_name"] == "拉萨雪域商贸有限公司"
    assert CLEAR not in json.dumps(body)


def test_a_supervisor_without_unmask_sees_the_mask_on_the_workbench(
    submit: Any, supervisor: Any
) -> None:
    uuid = submit().json()["uuid"]
    web = Client()
    web.force_login(supervisor)
    html = web.get(f"/workbench/cases/{uuid}/").content.decode()
    assert MASKED in html
    assert CLEAR not in html


def test_a_clerk_who_may_unmask_sees_the_number_of_a_case_in_scope(
    submit: Any, staff_api: dict[str, APIClient], staff: dict[str, Any]
) -> None:
    uuid = submit().json()["uuid"]
    body = staff_api["clerk"].get(f"/api/v1/internal/cases/{uuid}/").json()
    assert body["form_data"]["legal_rep_id"] == CLEAR
    web = Client()
    web.force_login(staff["clerk"])
    assert CLEAR in web.get(f"/workbench/cases/{uuid}/").content.decode()


def test_the_applicant_sees_the_mask_in_the_api(
    submit: Any, applicant_api: APIClient
) -> None:
    uuid = submit().json()["uuid"]
    body = applicant_api.get(f"/api/v1/public/cases/{uuid}/").json()
    assert body["form_data"]["legal_rep_id"] == MASKED


def test_a_draft_keeps_the_number_sealed_and_the_page_shows_only_the_mask(
    applicant: Any, service: Any, materials: dict[str, int]
) -> None:
    web = Client()
    web.force_login(applicant.user)
    url = f"/apply/{service.implementation.code}/"
    saved = web.post(
        url,
        {
            "client_key": "draft-key-0001",
            "action": "draft",
            "form_company_name": "拉萨雪域商贸有限公司",
            "form_legal_rep_id": CLEAR,
        },
    )
    assert saved.status_code == 302
    draft = ApplicationDraft.objects.get()
    assert CLEAR not in json.dumps(draft.form_data)
    html = web.get(url).content.decode()
    assert CLEAR not in html
    assert MASKED in html
    # Submitting the draft without retyping keeps the saved number.
    page = web.get(url)
    key = page.context["form"].initial["client_key"]
    done = web.post(
        url,
        {
            "client_key": key,
            "form_company_name": "拉萨雪域商贸有限公司",
            **{f"material_{pk}": pdf() for pk in materials.values()},
        },
    )
    assert done.status_code == 302
    case = Case.objects.get()
    assert crypto.decrypt(case.form_data["legal_rep_id"]["encrypted"]) == CLEAR


def test_the_migration_seals_numbers_of_cases_and_drafts_stored_in_clear(
    submit: Any, applicant: Any, service: Any
) -> None:
    uuid = submit().json()["uuid"]
    Case.objects.filter(uuid=uuid).update(
        form_data={"company_name": "拉萨雪域商贸有限公司", "legal_rep_id": CLEAR}
    )
    ApplicationDraft.objects.create(
        user=applicant.user,
        implementation=service.implementation,
        form_data={"legal_rep_id": CLEAR},
    )
    migration = importlib.import_module(
        "tongban.cases.migrations.0004_seal_form_identity_numbers"
    )
    migration.seal_identity_numbers(apps, None)
    migration.seal_identity_numbers(apps, None)  # a second run changes nothing
    case = Case.objects.get(uuid=uuid)
    assert CLEAR not in _raw_form(case.pk)
    assert case.form_data["legal_rep_id"]["masked"] == MASKED
    assert crypto.decrypt(case.form_data["legal_rep_id"]["encrypted"]) == CLEAR
    assert case.form_data["company_name"] == "拉萨雪域商贸有限公司"
    draft = ApplicationDraft.objects.get()
    assert crypto.decrypt(draft.form_data["legal_rep_id"]["encrypted"]) == CLEAR
