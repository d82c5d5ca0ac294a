"""``tongban audit verify`` reports OK, or the first row whose chain breaks."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tongban.core import selectors
from tongban.core.domain.hashchain import chain_hash
from tongban.core.models import AuditEvent, AuditHead
from tongban.core.permissions import SYSTEM
from tongban.core.services import AuditHeadTampered, audit_record

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


def test_verify_names_a_removed_tail() -> None:
    rows = _three_rows()
    # Someone with database access deletes the newest rows; the rest still chains.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id >= %s", [rows[1].pk])
    with pytest.raises(
        CommandError,
        match=f"chain ends at {rows[0].pk} but the signed head says {rows[2].pk}",
    ):
        call_command("audit", "verify")


def test_verify_names_a_chain_recomputed_without_the_key() -> None:
    rows = _three_rows()
    # A forger rewrites a row and recomputes every hash after it, as the code is public;
    # without AUDIT_HEAD_KEY the signed head cannot follow.
    forged = AuditEvent.objects.get(pk=rows[1].pk)
    forged.changes = {"state": [None, "forged"]}
    prev = forged.prev_hash
    for row in AuditEvent.objects.filter(pk__gte=rows[1].pk).order_by("id"):
        if row.pk == forged.pk:
            row = forged
        digest = chain_hash(prev, row.chain_payload())
        AuditEvent.objects.filter(pk=row.pk).update(
            changes=row.changes, prev_hash=prev, hash=digest
        )
        prev = digest
    assert selectors.audit_chain_break() is None  # the bare chain is fooled
    with pytest.raises(CommandError, match="recomputed"):
        call_command("audit", "verify")


def test_a_row_appended_after_a_removed_tail_does_not_hide_it() -> None:
    rows = _three_rows()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [rows[2].pk])
    later = audit_record(actor=SYSTEM, action="test.later", object_type="thing")
    # The new row links to the removed one (the signed head), so the gap shows.
    with pytest.raises(CommandError, match=f"id={later.pk}:.*missing"):
        call_command("audit", "verify")


def test_verify_names_a_head_signed_without_the_key(settings) -> None:  # type: ignore[no-untyped-def]
    _three_rows()
    settings.AUDIT_HEAD_KEY = "another-key-than-the-one-that-signed"
    with pytest.raises(CommandError, match="signature"):
        call_command("audit", "verify")


def test_an_exported_checkpoint_catches_an_old_head_put_back_with_a_truncation(
    tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    rows = _three_rows()
    old_head = AuditHead.objects.values().get()
    audit_record(actor=SYSTEM, action="test.more", object_type="thing")
    call_command("audit", "checkpoint")
    checkpoints = tmp_path / "checkpoints.jsonl"
    checkpoints.write_text(capsys.readouterr().out)
    # The newest row removed and the saved older head restored: the signed head agrees.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id > %s", [rows[2].pk])
    AuditHead.objects.filter(pk=1).update(**old_head)
    call_command("audit", "verify")
    with pytest.raises(CommandError, match="which is gone"):
        call_command("audit", "verify", "--checkpoint", str(checkpoints))


def test_verify_names_a_deleted_head() -> None:
    _three_rows()
    AuditHead.objects.all().delete()
    with pytest.raises(CommandError, match="no signed head"):
        call_command("audit", "verify")


@pytest.mark.parametrize("tamper", ["forge", "delete"])
def test_the_application_refuses_to_sign_over_a_tampered_head(tamper: str) -> None:
    rows = _three_rows()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [rows[2].pk])
    # Hide the removal: point the head at the shorter chain (no key, so no signature),
    # or delete the head so the application would start a fresh one.
    if tamper == "forge":
        AuditHead.objects.update(last_id=rows[1].pk, last_hash=rows[1].hash)
    else:
        AuditHead.objects.all().delete()
    with pytest.raises(AuditHeadTampered):
        audit_record(actor=SYSTEM, action="test.later", object_type="thing")
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_a_head_signed_with_a_previous_key_is_accepted_during_a_rotation(
    settings,
) -> None:  # type: ignore[no-untyped-def]
    settings.AUDIT_HEAD_KEY = "old-key-" * 4
    _three_rows()
    settings.AUDIT_HEAD_PREVIOUS_KEYS = [settings.AUDIT_HEAD_KEY]
    settings.AUDIT_HEAD_KEY = "new-key-" * 4
    call_command("audit", "verify")
    audit_record(actor=SYSTEM, action="test.after_rotation", object_type="thing")
    settings.AUDIT_HEAD_PREVIOUS_KEYS = []
    call_command("audit", "verify")  # the head is signed with the new key now
