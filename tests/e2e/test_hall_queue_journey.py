"""A day at the hall in a real browser: an applicant books online on a phone, checks in
with the booking code at the door's number page, sees the place in line; the clerk calls
the number at the desk; the hall display (in Tibetan) shows it at the window; the clerk
serves and finishes, and is offered the window evaluation. The number pages fit a 360 px phone in Tibetan."""

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from tests.appointments.conftest import make_group, make_hall
from tests.builders import applicant_with_account
from tests.conftest import otp_verified
from tongban.accounts.domain.roles import Role
from tongban.appointments.models import Appointment, QueueTicket
from tongban.evaluations.models import Invitation

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
]
# Monday 2026-06-01, 10:15 in Lhasa: the hall is open; the 10:30 slot has not begun.
OPEN = dt.datetime(2026, 6, 1, 10, 15, tzinfo=dt.timezone(dt.timedelta(hours=8)))
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def contexts(browser: Browser, live_server: Any) -> Iterator[Callable[..., Page]]:
    made = []

    def make(*, client: Client | None = None, language: str, phone: bool) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            viewport=PHONE if phone else {"width": 1280, "height": 800},
            is_mobile=phone,
            locale="zh-CN",
            bypass_csp=True,
        )
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language}]
        if client is not None:
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session})
        context.add_cookies([{**c, "url": live_server.url} for c in cookies])  # type: ignore[misc]
        made.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in made:
        context.close()


def _fits_the_phone(page: Page) -> None:
    assert int(page.evaluate("document.documentElement.scrollWidth")) <= PHONE["width"]


def test_book_check_in_be_called_on_the_display_and_be_served(
    orgs: dict[str, Any],
    make_staff: Any,
    contexts: Callable[..., Page],
    time_machine: Any,
) -> None:
    time_machine.move_to(OPEN, tick=True)
    hall = make_hall(orgs["lhasa"], "540100", "拉萨市政务服务中心")
    group = make_group(hall, capacity=2)
    person = applicant_with_account(language="bo")
    clerk = make_staff("hall.clerk", Role.COUNTER_CLERK, organisation=orgs["lhasa"])

    applicant_client = Client()
    applicant_client.force_login(person.user)
    phone = contexts(client=applicant_client, language="bo", phone=True)
    phone.goto(f"/halls/{hall.uuid}/book/")
    _fits_the_phone(phone)
    today = phone.locator("section.slot-day").first
    today.locator("button.slot", has_text="10:30–11:00").click()
    expect(phone).to_have_url(re.compile(r"/my/appointments/$"))
    reference = Appointment.objects.get().reference
    expect(phone.locator("main")).to_contain_text(reference)

    phone.goto(f"/halls/{hall.uuid}/take-number/")  # the QR code at the door
    _fits_the_phone(phone)
    phone.locator("#id_reference").fill(reference)
    phone.locator("button", has_text="མིང་ཐོ་འགོད།").click()  # 签到, in Tibetan
    expect(phone).to_have_url(re.compile(r"/queue/[0-9a-f-]+/$"))
    expect(phone.locator(".ticket-number")).to_contain_text("A001")
    _fits_the_phone(phone)

    display = contexts(language="bo", phone=False)
    display.goto(f"/halls/{hall.uuid}/display/")
    expect(display.locator(".board")).to_contain_text("སྒེའུ་ཁུང་")

    desk = contexts(
        client=otp_verified(Client(), clerk), language="zh-hans", phone=False
    )
    window = group.windows.order_by("number").first()
    desk.goto("/workbench/queue/")
    desk.locator(f"a[href='/workbench/queue/{window.pk}/']").click()
    desk.locator("button", has_text="呼叫下一位").last.click()
    expect(desk.locator("main h2")).to_contain_text("A001")

    # The display refreshes itself every 3 s and shows the number at the window.
    expect(display.locator(".board tr.latest")).to_contain_text("A001", timeout=10_000)
    expect(display.locator(".board tr.latest")).to_contain_text(window.number)
    phone.reload()
    expect(phone.locator("main")).to_contain_text(window.number)

    desk.locator("button", has_text="开始办理").click()
    desk.locator("#finish-case").fill("54010026060100001")
    desk.locator("button", has_text="办结").click()
    ticket = QueueTicket.objects.get()
    assert ticket.state == QueueTicket.State.DONE
    assert ticket.appointment is not None
    assert [e.event for e in ticket.events.all()] == ["call", "start", "finish"]

    # Served: the desk offers the window evaluation (好差评), a one-use QR code.
    desk.locator("button", has_text="邀请刚办理完的群众评价本窗口").click()
    expect(desk.locator(".qr svg")).to_be_visible()
    assert Invitation.objects.filter(window=window).count() == 1
