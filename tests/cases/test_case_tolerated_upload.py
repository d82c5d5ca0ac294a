"""An applicant accepted under 容缺 sends the missing materials from the case page."""

import pytest
from django.conf import settings

from tests.cases.conftest import pdf
from tongban.cases.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def tolerated_case(submit, act, applicant) -> Case:  # type: ignore[no-untyped-def]
    uuid = submit(attach=("申请书",)).json()["uuid"]
    # 3 working days: the period must end 2 working days before the 5 promised ones.
    act("clerk", uuid, "accept-tolerated", pledge_signed=True, due_days=3)
    return Case.objects.get(uuid=uuid)


def test_the_applicant_sends_the_missing_materials(
    client, applicant, tolerated_case, materials
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(applicant.user)
    url = f"/me/cases/{tolerated_case.uuid}/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).content.decode()
    field = f"tolerated_{materials['法定代表人身份证复印件']}"
    assert f'name="{field}"' in page
    response = client.post(url, {"form": "tolerated", field: pdf()})
    assert response.status_code == 302
    case = Case.objects.get(pk=tolerated_case.pk)
    assert case.tolerance_due is None
    assert not case.materials.filter(tolerated=True, file__isnull=True).exists()
    assert case.events.last().event == "complete_tolerated"
    assert (
        f'name="{field}"' not in client.get(url).content.decode()
    )  # nothing left to send


def test_a_bad_file_is_refused_and_the_case_waits(
    client, applicant, tolerated_case, materials
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(applicant.user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    field = f"tolerated_{materials['法定代表人身份证复印件']}"
    response = client.post(
        f"/me/cases/{tolerated_case.uuid}/",
        {
            "form": "tolerated",
            field: SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 64),
        },
    )
    assert response.status_code == 400
    assert Case.objects.get(pk=tolerated_case.pk).tolerance_due is not None


def test_others_cannot_send_materials_for_the_case(
    client, tolerated_case, materials, make_staff
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(
        make_staff("clerk.other", "counter_clerk", division_code="540200")
    )
    field = f"tolerated_{materials['法定代表人身份证复印件']}"
    response = client.post(
        f"/me/cases/{tolerated_case.uuid}/", {"form": "tolerated", field: pdf()}
    )
    assert response.status_code in (302, 403, 404)
    assert Case.objects.get(pk=tolerated_case.pk).tolerance_due is not None
