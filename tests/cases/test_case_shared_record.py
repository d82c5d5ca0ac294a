"""The clerk sees the values a shared material received, not only its status, and each
look is logged for the case's number; a read of shared data is logged even when the case
work after it fails (the access row commits before the values are used)."""

import pytest

from tests.cases.test_case_shared_data import apply, ids, version
from tests.sharing_provider import sharing_provider
from tongban.cases.services import shared_materials
from tongban.cases.services.shared_materials import case_shared_materials_fetch
from tongban.core.permissions import SYSTEM
from tongban.sharing.models import AccessLog

__all__ = ["apply", "ids", "sharing_provider", "version"]

pytestmark = pytest.mark.django_db


def test_the_clerk_sees_the_values_received_and_the_look_is_logged(
    sharing_provider, apply, client, staff
) -> None:  # type: ignore[no-untyped-def]
    case = apply("record-0001")
    client.force_login(staff["clerk"])
    page = client.get(f"/workbench/cases/{case.uuid}/").content.decode()
    assert "data-shared-record" in page
    assert "540102000001" not in page  # values only on the clerk's request
    row = case.materials.get(name="户口簿")
    shown = client.get(
        f"/workbench/cases/{case.uuid}/materials/{row.pk}/shared-record/"
    ).content.decode()
    assert "540102000001" in shown  # the household number from the registry
    look = AccessLog.objects.get(outcome="reused")
    assert (look.purpose_kind, look.purpose) == ("case", case.number)
    assert look.actor == staff["clerk"]
    assert look.record_encrypted == ""  # the record is not copied again


def test_staff_outside_the_case_scope_cannot_open_the_record(
    sharing_provider, apply, client, make_staff
) -> None:  # type: ignore[no-untyped-def]
    from tongban.accounts.domain.roles import Role

    case = apply("record-0002")
    row = case.materials.get(name="户口簿")
    other = make_staff("clerk.xigaze", Role.COUNTER_CLERK, division_code="540200")
    client.force_login(other)
    response = client.get(
        f"/workbench/cases/{case.uuid}/materials/{row.pk}/shared-record/"
    )
    assert response.status_code == 404
    assert not AccessLog.objects.filter(outcome="reused").exists()


def test_a_failure_after_the_ask_keeps_the_access_row(
    sharing_provider, apply, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    sharing_provider.stop()
    case = apply("record-0003", fallback=True)
    sharing_provider.start()

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the case's own write fails after the source answered")

    monkeypatch.setattr(shared_materials, "audit_record", broken)
    with pytest.raises(RuntimeError):
        case_shared_materials_fetch(case=case, actor=SYSTEM)
    # The registry was read: its row stays although the case work rolled back.
    assert list(AccessLog.objects.values_list("outcome", flat=True)) == [
        "answered",
        "unavailable",
    ]
    assert case.materials.get(name="户口簿").shared_status == "source_down"
