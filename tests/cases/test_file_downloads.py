"""Every download of a stored upload or notice is an attachment (a browser never renders
an applicant's file as a page of this site) with its name encoded per RFC 6266/5987, and
says ``nosniff`` so no browser guesses a type other than the one the bytes were checked
as."""

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from tongban.cases.models import Case

pytestmark = pytest.mark.django_db


def _material(submit: Any, name: str) -> tuple[str, Any]:
    uuid = submit().json()["uuid"]
    stored = Case.objects.get().materials.first().file
    type(stored).objects.filter(pk=stored.pk).update(name=name)
    return uuid, stored


def _staff_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_material_downloads_as_an_attachment_under_its_own_name(
    submit: Any, staff: dict[str, Any]
) -> None:
    uuid, stored = _material(submit, "营业执照 副本.pdf")
    response = _staff_client(staff["officer"]).get(
        f"/workbench/cases/{uuid}/files/{stored.uuid}/"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''" + quote("营业执照 副本.pdf")
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_material_name_cannot_add_header_parameters(
    submit: Any, staff: dict[str, Any]
) -> None:
    uuid, stored = _material(submit, 'scan"; filename=evil.html.pdf')
    response = _staff_client(staff["officer"]).get(
        f"/workbench/cases/{uuid}/files/{stored.uuid}/"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="scan_; filename=evil.html.pdf"'  # one quoted value
    )


@pytest.mark.parametrize("side", ["public", "internal"])
def test_a_notice_downloads_as_an_attachment(
    submit: Any, act: Any, applicant_api: Any, staff_api: Any, side: str
) -> None:
    uuid = submit().json()["uuid"]
    notice = act("clerk", uuid, "accept").json()["notices"][0]
    client = applicant_api if side == "public" else staff_api["officer"]
    response = client.get(f"/api/v1/{side}/cases/{uuid}/notices/{notice['uuid']}/pdf")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename")
    assert ".pdf" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
