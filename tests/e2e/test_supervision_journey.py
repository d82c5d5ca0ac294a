"""The supervision journey in the browser: an accepted case passes its promised limit and
turns red on the officer's page; the sweep raises the warning; the supervisor (password
and second factor) issues a 督办 order from the warnings page; the organisation's officer
replies on the order page and the case is closed; after the incremental sweep the
supervisor's dashboard and the public figures show the change."""

import re
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect
from rest_framework.test import APIClient

from tests.builders import applicant_with_account, case_staff, published_service
from tests.cases.region_calendar import submit_to
from tests.conftest import PASSWORD
from tongban.accounts.domain.roles import Role
from tongban.supervision.services.sweep import (
    supervision_sweep,
    supervision_sweep_changes,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
]


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _act(user: Any, uuid: str, action: str, **data: Any) -> None:
    answer = _client(user).post(
        f"/api/v1/internal/cases/{uuid}/{action}", data, format="json"
    )
    assert answer.status_code == 200, answer.json()


def _page(browser: Browser, live_server: Any) -> Page:
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _login(page: Page, username: str, device: TOTPDevice | None = None) -> None:
    page.goto("/workbench/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    if device is not None:
        token = totp(
            device.bin_key, step=device.step, t0=device.t0, digits=device.digits
        )
        page.locator("#id_token").fill(f"{token:06d}")
        page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/workbench/$"))


def _figure(page: Page, table: str, metric: str) -> str:
    return page.locator(f"#{table} tr[data-metric={metric}] td").last.inner_text()


def test_an_overdue_case_is_supervised_until_the_figures_change(
    browser: Browser, live_server: Any, orgs: dict[str, Any], make_staff, time_machine
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-02 10:00:00+08:00", tick=True)
    service = published_service(orgs["lhasa"])
    staff = case_staff(make_staff)
    supervisor = make_staff("supervisor", Role.SUPERVISOR, division_code="540000")
    device = TOTPDevice.objects.create(user=supervisor, name="phone", confirmed=True)
    applicant = applicant_with_account(language="zh-hans")
    uuid = submit_to(_client(applicant.user), service, "key-00000001").json()["uuid"]
    _act(staff["clerk"], uuid, "accept")

    # Wednesday 11 March: past the promised 9 March.
    time_machine.move_to("2026-03-11 10:00:00+08:00", tick=True)
    officer = _page(browser, live_server)
    _login(officer, "officer")
    officer.goto(f"/workbench/cases/{uuid}/")
    expect(officer.locator("span.light-red").first).to_be_visible()
    supervision_sweep()

    public = _page(browser, live_server)
    public.goto("/open/figures/")
    on_time_before = _figure(public, "public-figures", "on_time_rate")

    boss = _page(browser, live_server)
    _login(boss, "supervisor", device)
    boss.goto("/workbench/supervision/")
    assert _figure(boss, "metrics", "overdue_count") == "1"
    boss.goto("/workbench/supervision/warnings/?rule=JC02")
    row = boss.locator("#warnings tr[data-rule=JC02]")
    expect(row).to_have_count(1)
    row.locator("textarea").fill("请于三个工作日内办结并书面说明超期原因。")
    row.locator("button[type=submit]").click()
    expect(boss.locator("#order-state")).to_have_attribute("data-state", "issued")
    order_url = boss.url

    officer.goto("/workbench/supervision/orders/")
    officer.locator("#orders a").first.click()
    officer.locator("#text-reply").fill("已核实，系材料核验延误，今日办结。")
    officer.locator("button[data-action=reply]").click()
    expect(officer.locator("#order-state")).to_have_attribute("data-state", "replied")

    for who in ("officer", "officer2", "officer"):
        _act(staff[who], uuid, "approve-step")
    _act(staff["officer2"], uuid, "decide", decision="approve")
    _act(staff["officer2"], uuid, "close", result_name="营业执照")
    supervision_sweep_changes()

    boss.goto(order_url)
    expect(boss.locator("#order-reply")).to_contain_text("今日办结")
    boss.locator("#text-close").fill("情况属实，已办结，予以销号。")
    boss.locator("button[data-action=close]").click()
    expect(boss.locator("#order-state")).to_have_attribute("data-state", "closed")
    boss.goto("/workbench/supervision/")
    assert _figure(boss, "metrics", "on_time_rate") == "0.0 %"

    public.goto("/open/figures/")
    on_time_after = _figure(public, "public-figures", "on_time_rate")
    assert (on_time_before, on_time_after) == ("—", "0.0 %")
