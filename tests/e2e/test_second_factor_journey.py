"""Journey: a supervisor logs in for the first time with the enrolment code an
administrator issued, scans the key, keeps the recovery codes, and later logs in with a
recovery code — every page accessible (axe)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tongban.accounts.second_factor import second_factor_enrolment_issue
from tongban.core.permissions import SYSTEM

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
]


def _serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _password(page: Page, username: str) -> None:
    page.goto("/workbench/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/second-factor/$"))


def test_a_supervisor_enrols_with_a_code_and_logs_in_with_a_recovery_code(
    page: Page, make_staff
) -> None:  # type: ignore[no-untyped-def]
    supervisor = make_staff("supervisor.lhasa", "supervisor")
    code = second_factor_enrolment_issue(actor=SYSTEM, user=supervisor)
    _password(page, "supervisor.lhasa")
    expect(page.locator("svg")).to_have_count(0)  # no secret before the code
    assert _serious_violations(page) == []
    page.locator("#id_enrolment_code").fill(code)
    page.locator("form.stacked button[type=submit]").click()
    expect(page.locator(".qr svg")).to_be_visible()
    device = TOTPDevice.objects.get(user=supervisor)
    token = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.locator("#id_token").fill(token)
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/workbench/recovery-codes/$"))
    recovery = page.locator(".recovery-codes code").all_inner_texts()
    assert len(recovery) == 10
    assert _serious_violations(page) == []

    page.context.clear_cookies()
    _password(page, "supervisor.lhasa")
    page.locator("#id_token").fill(recovery[0])
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/workbench/$"))
