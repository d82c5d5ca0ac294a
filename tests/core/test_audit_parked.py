"""Audit rows written while another transaction holds the chain are parked, with an
HMAC, and sealed into the chain in order after their writer commits: the sealed chain
verifies as before, and a parked row changed or forged before sealing is never sealed
and is named by ``tongban audit verify``."""

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from tongban.core import services
from tongban.core.models import AuditEvent, AuditHead, AuditPending
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db


def _event(i: int) -> AuditEvent:
    return AuditEvent(
        created_at=timezone.now(),
        actor_repr="system",
        action="test.parked",
        object_type="thing",
        object_id=str(i),
        changes={"state": [None, f"v{i}"], "note": "ཚོང་ལས 营业执照"},
    )


def _parked(count: int, django_capture_on_commit_callbacks: Any) -> None:
    """Park ``count`` rows as a writer that did not get the chain lock does; its
    after-commit seal is captured and not run."""
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        services._park([_event(i) for i in range(count)])


def test_parked_rows_are_sealed_after_their_writer_commits_in_order(
    django_capture_on_commit_callbacks: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    services.audit_record(actor=SYSTEM, action="test.first", object_type="thing")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services._park([_event(1), _event(2)])
    assert not AuditPending.objects.exists()
    rows = list(AuditEvent.objects.order_by("id"))
    assert [r.object_id for r in rows[1:]] == ["1", "2"]
    assert rows[1].changes == {"state": [None, "v1"], "note": "ཚོང་ལས 营业执照"}
    assert AuditHead.objects.get().last_id == rows[-1].pk
    call_command("audit", "verify")
    assert "OK: 3 audit rows" in capsys.readouterr().out


def test_the_next_writer_with_the_lock_seals_waiting_rows_before_its_own(
    django_capture_on_commit_callbacks: Any,
) -> None:
    _parked(2, django_capture_on_commit_callbacks)
    services.audit_record(actor=SYSTEM, action="test.next", object_type="thing")
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["test.parked", "test.parked", "test.next"]
    assert not AuditPending.objects.exists()
    call_command("audit", "verify")


def test_verify_names_rows_waiting_to_be_sealed(
    django_capture_on_commit_callbacks: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    services.audit_record(actor=SYSTEM, action="test.first", object_type="thing")
    _parked(2, django_capture_on_commit_callbacks)
    call_command("audit", "verify")
    assert "2 rows waiting to be sealed" in capsys.readouterr().out
    assert services.audit_seal() == 2
    call_command("audit", "verify")
    assert "OK: 3 audit rows" in capsys.readouterr().out


@pytest.mark.parametrize("tamper", ["edit", "forge"])
def test_a_parked_row_changed_or_forged_is_never_sealed(
    tamper: str, django_capture_on_commit_callbacks: Any
) -> None:
    _parked(1, django_capture_on_commit_callbacks)
    row = AuditPending.objects.get()
    # Behind the application's back, as someone with database access would.
    if tamper == "edit":
        AuditPending.objects.filter(pk=row.pk).update(
            body=row.body.replace('"v0"', '"forged"')
        )
    else:
        AuditPending.objects.create(body=row.body.replace('"0"', '"9"'), mac="0" * 64)
        AuditPending.objects.filter(pk=row.pk).delete()
    assert services.audit_seal() == 0
    assert not AuditEvent.objects.filter(action="test.parked").exists()
    with pytest.raises(CommandError, match="HMAC fails"):
        call_command("audit", "verify")


def test_a_writer_without_the_lock_still_refuses_a_tampered_head(
    django_capture_on_commit_callbacks: Any,
) -> None:
    services.audit_record(actor=SYSTEM, action="test.first", object_type="thing")
    AuditHead.objects.update(signature="0" * 64)
    with pytest.raises(services.AuditHeadTampered), transaction.atomic():
        services._park([_event(1)])
    assert not AuditPending.objects.exists()  # the row parked with the read is gone
