"""Application drafts and reuse of earlier uploads on the apply page: a draft keeps the
form and the files without checking required fields, reopens pre-filled, and becomes one
case on submission; an applicant reuses their own earlier file instead of uploading, never
someone else's."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.builders import applicant_with_account
from tests.cases.conftest import pdf
from tongban.cases.models import ApplicationDraft, Case, CaseMaterial
from tongban.core.models import AuditEvent
from tongban.documents.models import StoredFile

pytestmark = pytest.mark.django_db

ID_NUMBER = "54010219900101002X"


@pytest.fixture
def web(applicant: Any) -> Client:
    client = Client()
    client.force_login(applicant.user)
    return client


@pytest.fixture
def other() -> Client:
    person = applicant_with_account(
        phone="13800000002", name="卓玛", id_number="540102198505050012"
    )
    client = Client()
    client.force_login(person.user)
    return client


@pytest.fixture
def url(service: Any) -> str:
    return f"/apply/{service.implementation.code}/"


def _save_draft(web: Client, url: str, materials: dict[str, int]) -> Any:
    """A partial form (no ID number) and one of the two required files."""
    return web.post(
        url,
        {
            "client_key": "draft-key-0001",
            "action": "draft",
            "form_company_name": "拉萨雪域商贸有限公司",
            f"material_{materials['申请书']}": pdf("申请书扫描.pdf"),
        },
    )


def test_a_partial_draft_is_saved_and_reopens_with_its_values_and_file(
    web: Client, url: str, materials: dict[str, int]
) -> None:
    response = _save_draft(web, url, materials)
    assert response.status_code == 302
    assert response["Location"] == url
    assert not Case.objects.exists()
    draft = ApplicationDraft.objects.get()
    stored = StoredFile.objects.get()
    assert draft.files == {str(materials["申请书"]): str(stored.uuid)}
    assert AuditEvent.objects.filter(action="application_draft.create").exists()
    page = web.get(url)
    html = page.content.decode()
    assert 'value="拉萨雪域商贸有限公司"' in html
    assert "申请书扫描.pdf" in html  # which material is attached, by its file name
    assert page.context["form"].initial[f"stored_{materials['申请书']}"] == str(
        stored.uuid
    )
    mine = web.get("/me/cases/").content.decode()
    assert f'href="{url}"' in mine  # my cases offers to continue the draft


def test_submitting_from_the_draft_makes_one_case_with_the_same_file(
    web: Client, url: str, materials: dict[str, int]
) -> None:
    _save_draft(web, url, materials)
    stored = StoredFile.objects.get()
    response = web.post(
        url,
        {
            "client_key": "draft-key-0002",
            "form_company_name": "拉萨雪域商贸有限公司",
            "form_legal_rep_id": ID_NUMBER,
            f"stored_{materials['申请书']}": str(stored.uuid),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    case = Case.objects.get()
    material = case.materials.get()
    assert material.file == stored
    assert material.source == CaseMaterial.Source.UPLOAD  # uploaded for this case
    assert StoredFile.objects.count() == 1
    assert not ApplicationDraft.objects.exists()
    assert "/apply/" not in web.get("/me/cases/").content.decode()


def test_a_refused_submission_keeps_the_draft(
    web: Client, url: str, materials: dict[str, int]
) -> None:
    _save_draft(web, url, materials)
    response = web.post(url, {"client_key": "draft-key-0003"})
    assert response.status_code == 400
    assert ApplicationDraft.objects.exists()
    assert not Case.objects.exists()


def test_a_bad_file_in_a_draft_is_refused_and_nothing_is_stored(
    web: Client, url: str, materials: dict[str, int]
) -> None:
    response = web.post(
        url,
        {
            "client_key": "draft-key-0004",
            "action": "draft",
            f"material_{materials['住所使用证明']}": pdf("ok.pdf"),
            f"material_{materials['申请书']}": SimpleUploadedFile(
                "申请书.pdf", b"MZ\x90\x00" + b"\x00" * 200
            ),
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors[f"material_{materials['申请书']}"]
    assert not StoredFile.objects.exists()  # not even the good file
    assert not ApplicationDraft.objects.exists()


def test_another_applicant_neither_sees_nor_submits_the_draft(
    web: Client, other: Client, url: str, materials: dict[str, int], applicant: Any
) -> None:
    _save_draft(web, url, materials)
    stored = StoredFile.objects.get()
    page = other.get(url).content.decode()
    assert "拉萨雪域商贸有限公司" not in page
    assert "申请书扫描.pdf" not in page
    assert f'href="{url}"' not in other.get("/me/cases/").content.decode()
    response = other.post(
        url,
        {
            "client_key": "other-key-0001",
            "form_company_name": "偷来的公司",
            "form_legal_rep_id": "540102198505050012",
            f"stored_{materials['申请书']}": str(stored.uuid),
        },
    )
    assert response.status_code == 400
    assert not Case.objects.exists()
    assert ApplicationDraft.objects.get().user == applicant.user


def test_discarding_deletes_the_draft(
    web: Client, url: str, materials: dict[str, int]
) -> None:
    _save_draft(web, url, materials)
    response = web.post(url, {"action": "discard"})
    assert response.status_code == 302
    assert not ApplicationDraft.objects.exists()
    assert AuditEvent.objects.filter(action="application_draft.discard").exists()


def test_an_earlier_upload_is_offered_and_reused_without_uploading(
    web: Client, url: str, materials: dict[str, int], submit: Any, service: Any
) -> None:
    submit(attach=("申请书",))  # an earlier case of this applicant
    earlier = StoredFile.objects.get()
    page = web.get(url)
    field = f"stored_{materials['申请书']}"
    assert str(earlier.uuid) in page.content.decode()
    response = web.post(
        url,
        {
            "client_key": "reuse-key-0001",
            "form_company_name": "拉萨雪域商贸有限公司",
            "form_legal_rep_id": ID_NUMBER,
            field: str(earlier.uuid),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    case = Case.objects.get(client_key="reuse-key-0001")
    material = case.materials.get()
    assert material.file == earlier
    assert material.source == CaseMaterial.Source.REUSE
    assert StoredFile.objects.count() == 1  # nothing uploaded again


def test_a_file_of_another_applicant_cannot_be_reused(
    other: Client, url: str, materials: dict[str, int], submit: Any
) -> None:
    submit(attach=("申请书",))
    theirs = StoredFile.objects.get()
    response = other.post(
        url,
        {
            "client_key": "steal-key-0001",
            "form_company_name": "拉萨雪域商贸有限公司",
            "form_legal_rep_id": "540102198505050012",
            f"stored_{materials['申请书']}": str(theirs.uuid),
        },
    )
    assert response.status_code == 400
    assert Case.objects.count() == 1
    assert str(theirs.uuid) not in other.get(url).content.decode()


def test_the_draft_service_refuses_a_file_of_another_applicant(
    applicant: Any, service: Any, materials: dict[str, int], submit: Any
) -> None:
    from django.core.exceptions import ValidationError

    from tongban.cases.services.drafts import draft_save

    submit(attach=("申请书",))
    theirs = StoredFile.objects.get()
    stranger = applicant_with_account(
        phone="13800000003", name="次仁", id_number="540102198505050012"
    )
    with pytest.raises(ValidationError) as refused:
        draft_save(
            actor=stranger.user,
            implementation_code=service.implementation.code,
            form_data={},
            uploads={},
            stored_files={materials["申请书"]: str(theirs.uuid)},
        )
    assert refused.value.error_dict[f"materials.{materials['申请书']}"][0].code == (
        "not_yours"
    )
    assert not ApplicationDraft.objects.exists()
