"""``tongban audit verify`` reports OK, or the first row whose chain breaks."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM
from tongban.core.services import audit_record

pytestmark = pytest.mark.django_db


def _three_rows() -> list[AuditEvent]:
    return [
        audit_record(
            actor=SYSTEM,
            action="test.change",
            object_type="thing",
            object_id=str(i),
            changes={"state": [None, f"v{i}"]},
        )
        for i in range(3)
    ]


def test_verify_reports_ok_for_an_intact_log(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _three_rows()
    call_command("audit", "verify")
    assert "OK: 3 audit rows" in capsys.readouterr().out


def test_verify_names_a_row_edited_in_the_database() -> None:
    rows = _three_rows()
    # Behind the application's back, as someone with database access would.
    AuditEvent.objects.filter(pk=rows[1].pk).update(changes={"state": [None, "forged"]})
    with pytest.raises(CommandError, match=f"id={rows[1].pk}:.*no longer matches"):
        call_command("audit", "verify")


def test_verify_names_the_row_after_a_deleted_one() -> None:
    rows = _three_rows()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [rows[1].pk])
    with pytest.raises(CommandError, match=f"id={rows[2].pk}:.*missing"):
        call_command("audit", "verify")


def test_audit_rows_refuse_updates_and_deletes_through_the_orm() -> None:
    row = _three_rows()[0]
    row.action = "changed"
    with pytest.raises(RuntimeError):
        row.save()
    with pytest.raises(RuntimeError):
        row.delete()


def test_each_row_links_to_the_previous_one() -> None:
    rows = _three_rows()
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
