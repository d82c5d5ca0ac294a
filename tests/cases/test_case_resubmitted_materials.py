"""A material uploaded again after a one-time supplement notice (补正) is told apart from
the first upload: each upload of a checklist material has its version, the round it
answered and whether a later one replaced it — on the case pages and in the API."""

import pytest

from tests.cases.conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def resubmitted(
    submit, act, materials, applicant_api, django_capture_on_commit_callbacks
) -> str:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    act(
        "clerk",
        uuid,
        "request-supplement",
        items=[
            {
                "material": materials["申请书"],
                "description": "申请书",
                "reason": "未签字",
            }
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_api.post(
            f"/api/v1/public/cases/{uuid}/supplement",
            {f"material_{materials['申请书']}": pdf("signed.pdf")},
            format="multipart",
        )
    assert response.status_code == 200, response.json()
    return uuid


def test_the_api_tells_the_resubmitted_upload_from_the_first(
    resubmitted, staff_api
) -> None:  # type: ignore[no-untyped-def]
    body = staff_api["clerk"].get(f"/api/v1/internal/cases/{resubmitted}/").json()
    uploads = [m for m in body["materials"] if m["name"] == "申请书"]
    assert [
        (m["upload_version"], m["supplement_round"], m["superseded"]) for m in uploads
    ] == [(1, 0, True), (2, 1, False)]
    other = [m for m in body["materials"] if m["name"] == "法定代表人身份证复印件"]
    assert [(m["upload_version"], m["superseded"]) for m in other] == [(1, False)]


def test_the_case_pages_label_the_resubmitted_upload(
    resubmitted, client, staff, applicant
) -> None:  # type: ignore[no-untyped-def]
    for user, url in (
        (staff["clerk"], f"/workbench/cases/{resubmitted}/"),
        (applicant.user, f"/me/cases/{resubmitted}/"),
    ):
        client.force_login(user)
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert 'data-upload-version="2"' in html, url
        assert 'data-superseded="1"' in html, url
