"""Unified identity and payment in the browser: a person logs in through the reference
identity provider (which vouches for real-name level 3), applies for an item needing L3
with a fee, pays it on the reference payment platform and is back on the case page, paid;
the clerk accepts: the case proceeds. An item needing L4 is refused with words that say
so. Both counterparts are separate processes reached over real HTTP."""

import datetime
import re
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.payments.keys import PRIVATE_B64, PUBLIC_B64
from tests.reference import counterpart, identity_clients
from tongban.accounts.domain.roles import Role
from tongban.cases.models import Case
from tongban.cases.services.transition import case_transition
from tongban.catalog import services as catalog
from tongban.core.permissions import SYSTEM
from tongban.reference.identity import DEMO_PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
]
SECRET = "journey-secret"
MERCHANT_KEY = "journey-merchant-key"


def _item(organisation: Any, *, code: str, name: str, level: int, fee: str) -> str:
    item = catalog.basic_item_create(
        actor=SYSTEM, code=code, name=name, item_type="01", legal_basis="《示例条例》"
    )
    implementation = catalog.implementation_create(
        actor=SYSTEM, basic_item=item, organisation=organisation
    )
    draft = catalog.version_draft(actor=SYSTEM, implementation=implementation)
    catalog.version_update(
        actor=SYSTEM,
        version=draft,
        statutory_limit=20,
        promised_limit=5,
        case_type="2",
        service_objects=["1"],
        handling_forms=["1", "2"],
        online_depth=3,
        visits_required=0,
        conditions="符合条件",
        location="拉萨",
        min_assurance_level=level,
        charges_fee=True,
        fee_basis="《示例收费标准》",
        online_url="https://zwfw.xizang.gov.cn/demo",
    )
    catalog.child_add(
        actor=SYSTEM,
        version=draft,
        kind="materials",
        name="补充说明",
        necessity="optional",
        source="applicant",
    )
    catalog.child_add(
        actor=SYSTEM,
        version=draft,
        kind="fees",
        name="工本费",
        standard=f"{fee} 元/件",
        amount=Decimal(fee),
    )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 1, 1)
    )
    return str(implementation.code)


@pytest.fixture
def counterparts(live_server: Any, settings: Any) -> Iterator[None]:
    clients = identity_clients(live_server.url, SECRET)
    payment_args = ("--merchant-key", MERCHANT_KEY, "--signing-key", PRIVATE_B64)
    with (
        counterpart("identity", "--clients", clients) as issuer,
        counterpart("payment", *payment_args) as platform,
    ):
        settings.OIDC_ISSUER = issuer
        settings.OIDC_CLIENT_SECRET = SECRET
        settings.PAYMENT_PROVIDER_URL = platform
        settings.PAYMENT_MERCHANT_KEY = MERCHANT_KEY
        settings.PAYMENT_PROVIDER_PUBLIC_KEY = PUBLIC_B64
        yield


def _login_through_provider(page: Page, code: str) -> None:
    page.goto(f"/apply/{code}/")
    expect(page).to_have_url(re.compile(r"/login/"))
    page.get_by_role("link", name="统一身份认证登录").click()
    expect(page.locator("h1")).to_have_text("统一身份认证（参考实现）")
    page.locator("#username").fill("ciren")
    page.locator("#password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(rf"/apply/{code}/$"))


def _reload_until(page: Page, selector: str, text: str) -> None:
    for _ in range(50):  # the notification comes asynchronously
        if text in (page.locator(selector).text_content() or ""):
            return
        time.sleep(0.2)
        page.reload()
    expect(page.locator(selector)).to_contain_text(text)


def test_log_in_through_the_provider_apply_pay_and_the_case_proceeds(
    page: Page, counterparts: None, orgs: dict[str, Any], make_staff: Any
) -> None:
    clerk = make_staff("journey.clerk", Role.COUNTER_CLERK, division_code="540100")
    vouched = _item(
        orgs["lhasa"], code="000175099001", name="演示证明开具", level=3, fee="20.00"
    )
    higher = _item(
        orgs["lhasa"], code="000175099002", name="演示高等级事项", level=4, fee="5.00"
    )

    _login_through_provider(page, higher)
    page.locator("main form button[value=submit]").click()
    expect(page.locator("main")).to_contain_text("L4")  # needs L4; the provider gave L3
    assert not Case.objects.exists()

    page.goto(f"/apply/{vouched}/")
    page.locator("main form button[value=submit]").click()
    expect(page).to_have_url(re.compile(r"/submitted/$"))
    expect(page.locator("#fee-status")).to_contain_text("20.00")
    page.get_by_role("button", name="在线缴费").click()
    expect(page.locator("h1")).to_have_text("统一公共支付（参考实现）")
    expect(page.locator("#amount")).to_have_text("20.00")
    page.get_by_role("button", name="确认支付").click()
    expect(page).to_have_url(re.compile(r"/me/cases/[0-9a-f-]+/$"))
    _reload_until(page, "#fee-status", "已缴费")

    case = Case.objects.get()
    assert case.applicant.assurance_level == 3
    case_transition(case=case, event="accept", actor=clerk)
    page.reload()
    expect(page.locator("#case-state")).to_have_text("已受理")
