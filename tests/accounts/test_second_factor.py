"""Second factor of supervisors and administrators: a stolen password cannot enrol a
device (an administrator's one-time enrolment code comes first), recovery codes log in
once each, and only another administrator resets a lost device, with an audit row."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from tongban.accounts.models import EnrolmentCode, User
from tongban.accounts.second_factor import second_factor_enrolment_issue
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db
LOGIN = "/workbench/login/"
STEP = "/workbench/login/second-factor/"


def _password(client: Client, username: str = "sup") -> None:
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response["Location"] == STEP


def _now_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _enrol(client: Client, user, code: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Password, enrolment code, the new key's current code: the recovery codes shown."""
    _password(client, user.username)
    assert client.post(STEP, {"enrolment_code": code})["Location"] == STEP
    assert b"<svg" in client.get(STEP).content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(STEP, {"token": _now_code(device)})
    assert response["Location"] == "/workbench/recovery-codes/"
    page = client.get(response["Location"]).content.decode()
    return re.findall(r"<code>([a-z0-9-]+)</code>", page)


@pytest.fixture
def sup(make_staff):  # type: ignore[no-untyped-def]
    return make_staff("sup", "supervisor")


def test_a_stolen_password_does_not_reveal_or_bind_the_totp_secret(
    client: Client, sup
) -> None:  # type: ignore[no-untyped-def]
    _password(client)
    page = client.get(STEP)
    assert b"<svg" not in page.content
    assert b"secret" not in page.content
    assert not TOTPDevice.objects.filter(user=sup).exists()
    assert client.post(STEP, {"token": "123456"}).status_code == 200
    assert client.get("/workbench/").status_code == 302


def test_an_enrolment_code_from_an_administrator_enrols_the_device(
    client: Client, sup, admin_user
) -> None:  # type: ignore[no-untyped-def]
    code = second_factor_enrolment_issue(actor=admin_user, user=sup)
    assert code not in str(list(EnrolmentCode.objects.values()))  # stored hashed
    recovery = _enrol(client, sup, code)
    assert len(recovery) == 10
    assert client.get("/workbench/").status_code == 200
    assert TOTPDevice.objects.get(user=sup).confirmed
    assert client.get("/workbench/recovery-codes/")["Location"] == "/workbench/"  # once
    assert AuditEvent.objects.filter(
        action="staff.second_factor_enrolment_issue", actor=admin_user
    ).exists()


def test_an_enrolment_code_works_once(client: Client, sup) -> None:  # type: ignore[no-untyped-def]
    code = second_factor_enrolment_issue(actor=SYSTEM, user=sup)
    _password(client)
    client.post(STEP, {"enrolment_code": code})
    other = Client()
    _password(other)
    assert other.post(STEP, {"enrolment_code": code}).status_code == 200  # refused
    assert b"<svg" not in other.get(STEP).content


def test_an_enrolment_code_expires(client: Client, sup, time_machine, settings) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-02 10:00:00+08:00", tick=False)
    code = second_factor_enrolment_issue(actor=SYSTEM, user=sup)
    time_machine.shift(settings.SECOND_FACTOR_ENROLMENT_HOURS * 3600 + 60)
    _password(client)
    assert client.post(STEP, {"enrolment_code": code}).status_code == 200
    assert b"<svg" not in client.get(STEP).content


def test_wrong_enrolment_codes_end_the_attempt_and_spend_the_code(
    client: Client, sup
) -> None:  # type: ignore[no-untyped-def]
    code = second_factor_enrolment_issue(actor=SYSTEM, user=sup)
    _password(client)
    for _ in range(4):
        assert (
            client.post(STEP, {"enrolment_code": "aaaa-bbbb-cccc"}).status_code == 200
        )
    assert client.post(STEP, {"enrolment_code": "aaaa-bbbb-cccc"})["Location"] == LOGIN
    _password(client)
    assert client.post(STEP, {"enrolment_code": code}).status_code == 200  # spent


def test_a_recovery_code_logs_in_once(client: Client, sup) -> None:  # type: ignore[no-untyped-def]
    recovery = _enrol(
        client, sup, second_factor_enrolment_issue(actor=SYSTEM, user=sup)
    )
    assert recovery[0] not in str(list(StaticToken.objects.values()))  # stored hashed
    for attempt in (1, 2):
        fresh = Client()
        _password(fresh)
        response = fresh.post(STEP, {"token": recovery[0]})
        assert (response.status_code == 302) is (attempt == 1)
    assert AuditEvent.objects.filter(action="staff.recovery_code_use").count() == 1


def test_an_enrolled_user_logs_in_with_the_device_code(client: Client, sup) -> None:  # type: ignore[no-untyped-def]
    _enrol(client, sup, second_factor_enrolment_issue(actor=SYSTEM, user=sup))
    fresh = Client()
    _password(fresh)
    assert b"<svg" not in fresh.get(STEP).content
    device = TOTPDevice.objects.get(user=sup)
    device.last_t = -1  # the enrolment used the current step; allow it again
    device.save()
    assert fresh.post(STEP, {"token": _now_code(device)})["Location"] == "/workbench/"


def test_no_code_is_issued_over_an_enrolled_device(client: Client, sup) -> None:  # type: ignore[no-untyped-def]
    _enrol(client, sup, second_factor_enrolment_issue(actor=SYSTEM, user=sup))
    with pytest.raises(CommandError, match=r"reset it first|请先重置"):
        call_command("second_factor", "enrol-code", "sup")


def test_another_administrator_resets_a_lost_device_with_an_audit_row(
    client: Client, sup, admin_user, make_staff
) -> None:  # type: ignore[no-untyped-def]
    _enrol(client, sup, second_factor_enrolment_issue(actor=SYSTEM, user=sup))
    admin = Client()
    admin.force_login(admin_user)
    page = "/workbench/staff/second-factor/"
    response = admin.post(
        page, {"username": "sup", "action": "reset", "reason": "手机丢失"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=sup).exists()
    event = AuditEvent.objects.get(action="staff.second_factor_reset")
    assert event.actor == admin_user
    assert event.changes["reason"] == [None, "手机丢失"]
    issued = admin.post(page, {"username": "sup", "action": "issue"})
    code = re.search(r'class="enrolment-code">([a-z0-9-]+)<', issued.content.decode())
    assert code is not None
    assert len(_enrol(Client(), sup, code.group(1))) == 10


def test_an_administrator_cannot_reset_their_own_second_factor(
    admin_user, make_staff
) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/workbench/staff/second-factor/",
        {"username": admin_user.username, "action": "reset", "reason": "lost"},
    )
    assert response.status_code == 200
    assert (
        "Another administrator" in response.content.decode()
        or "另一" in response.content.decode()
    )
    assert not AuditEvent.objects.filter(action="staff.second_factor_reset").exists()


def test_only_staff_managers_reach_the_second_factor_page(make_staff) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(make_staff("clerk", "counter_clerk"))
    assert client.get("/workbench/staff/second-factor/").status_code == 403


def test_the_command_issues_and_resets(capsys, sup) -> None:  # type: ignore[no-untyped-def]
    call_command("second_factor", "enrol-code", "sup")
    code = capsys.readouterr().out.strip()
    assert re.fullmatch(r"[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}", code)
    with pytest.raises(CommandError, match=r"why|原因"):
        call_command("second_factor", "reset", "sup")
    call_command("second_factor", "reset", "sup", "--reason", "device lost")
    assert AuditEvent.objects.filter(action="staff.second_factor_reset").exists()


def test_the_admin_site_needs_the_second_factor_too(client: Client, make_staff) -> None:  # type: ignore[no-untyped-def]
    root = make_staff("root", "platform_admin", division_code=None)
    root.is_staff = root.is_superuser = True
    root.save(update_fields=["is_staff", "is_superuser"])
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "root", "password": PASSWORD}
    )
    assert response.status_code == 200  # the form again: a password is not enough
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_a_superuser_without_roles_must_enrol_a_second_factor(client: Client) -> None:  # type: ignore[no-untyped-def]
    User.objects.create_superuser("boss", password=PASSWORD)
    _password(client, "boss")
