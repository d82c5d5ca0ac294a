"""Entering notices in the admin goes through the import service."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.calendars.conftest import d
from tests.calendars.test_calendar_notice_apply import LHASA_CSV, due

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
IMPORT = "/admin/calendars/calendarnotice/import/"


def upload(client, name, content):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content)}, follow=True)


def test_an_administrator_imports_a_notice_file_in_the_admin(admin_client):
    response = upload(admin_client, "lhasa.csv", LHASA_CSV.read_bytes())
    assert response.status_code == 200
    assert "6 day(s) changed" in response.content.decode()
    assert due("540100", "2026-02-12", 3) == d("2026-02-27")
    assert (
        "示例-拉政办"
        in admin_client.get("/admin/calendars/calendarnotice/").content.decode()
    )


def test_a_bad_file_in_the_admin_is_answered_with_its_row(admin_client):
    content = LHASA_CSV.read_bytes().replace(b"2026-02-25", b"2026-02-30")
    response = upload(admin_client, "lhasa.csv", content)
    assert "line 3, date" in response.content.decode()
    assert due("540100", "2026-02-12", 3) == d("2026-02-24")
