"""The first run of Tongban as its users meet it, on the demo data, in Chinese and in
Tibetan (chosen with the language switcher): a person on a 360 px phone finds 居民身份证换领
with the search box, opens its guide, clicks 网上办理, logs in and lands back on the form,
finds the fields the profile fills, fills the item's own, chooses how to receive the
result, uploads what is asked (户口簿 comes by data sharing: 免提交, not asked for) and
submits. At the workbench the counter clerk records that 户口簿 was checked at its source and
accepts; the case officers approve the three review steps (the page tells the officer who
approved the last step why he cannot approve the next: the four-eyes rule), decide and
close; the clerk delivers; the person sees the result delivered. Every page is checked
by axe; no citizen page scrolls sideways at 360 px. The item charges its 20.00 元 card fee:
the person pays it on the reference payment platform after submitting, as on `make run`,
and the case closes only once the platform has confirmed it."""

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.payments.keys import PRIVATE_B64, PUBLIC_B64
from tests.reference import counterpart
from tongban.cases.models import Case
from tongban.catalog import selectors as catalog_selectors
from tongban.ops.demo import DEMO_PASSWORD, load_demo

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
]
PHONE = {"width": 360, "height": 740}
TIBETAN = re.compile(r"[\u0f00-\u0fff]")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
ITEM = "DEMO-20-05001"  # 居民身份证换领（演示）, 拉萨市政务服务中心
FOUR_EYES = {"zh-hans": "双人审核规则", "bo": "ལས་བྱེད་པ་གཞན་ཞིག་དགོས"}
# The clerk sees the label chosen, not the stored value ("expired").
REASON = {"zh-hans": "有效期满", "bo": "དུས་ཡུན་རྫོགས་པ།"}
FIRST_STEP = {"zh-hans": "承办", "bo": "ལས་འགན་སྒྲུབ་པ།"}
NOT_UPLOADED = {"zh-hans": "无需上传", "bo": "ཡར་འཇུག་བྱེད་མི་དགོས"}
SEARCH = {"zh-hans": "身份证换领", "bo": "ཐོབ་ཐང་ལག་ཁྱེར"}
PDF = (  # the smallest PDF a parser accepts: catalog, empty page tree, cross-reference
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\nxref\n0 3\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \ntrailer<</Size 3/Root 1 0 R>>\n"
    b"startxref\n96\n%%EOF\n"
)


def _serious(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{page.url}: {v['id']}: {v['help']} {[n['html'] for n in v['nodes']][:2]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


class Checked:
    """Collects what axe and the width check find on each page visited, so one run
    reports every page's problems at once."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def page(self, page: Page, *, phone: bool = False) -> None:
        page.wait_for_load_state()
        self.problems.extend(_serious(page))
        if phone:
            # Against the phone's width, not innerWidth: a mobile browser widens its
            # layout viewport to fit content that overflows.
            width = int(page.evaluate("document.documentElement.scrollWidth"))
            if width > PHONE["width"]:
                self.problems.append(
                    f"{page.url}: scrolls sideways by {width - PHONE['width']}px"
                )


@pytest.fixture
def payment_platform(live_server: Any, settings: Any) -> Iterator[None]:
    """The reference unified public payment platform, a process of its own."""
    key = "first-run-merchant-key"
    with counterpart(
        "payment", "--merchant-key", key, "--signing-key", PRIVATE_B64
    ) as platform:
        settings.PAYMENT_PROVIDER_URL = platform
        settings.PAYMENT_MERCHANT_KEY = key
        settings.PAYMENT_PROVIDER_PUBLIC_KEY = PUBLIC_B64
        yield


def _pay(person: Page) -> None:
    """From the submitted page: pay online, come back, wait for the confirmation."""
    person.locator("#fees form button[type=submit]").click()
    expect(person.locator("#amount")).to_have_text("20.00")
    person.get_by_role("button", name="确认支付").click()
    expect(person).to_have_url(re.compile(r"/me/cases/[0-9a-f-]+/$"))
    for _ in range(50):  # the platform's notification comes asynchronously
        if person.locator("#fee-status.ok").count():
            return
        time.sleep(0.2)
        person.reload()
    expect(person.locator("#fee-status.ok")).to_have_count(1)


@pytest.fixture
def demo() -> dict[str, Any]:
    load_demo()
    version = next(
        v
        for v in catalog_selectors.live_versions()
        if v.implementation.basic_code == ITEM
    )
    materials = {m.source: m for m in version.materials.all()}
    return {
        "version": version,
        "code": version.implementation.code,
        "upload": materials["applicant"],
        "shared": materials["shared_data"],
    }


@pytest.fixture
def contexts(browser: Browser, live_server: Any) -> Iterator[Callable[..., Page]]:
    """A browser per person, each with its own session; the applicant's is a phone."""
    made: list[BrowserContext] = []

    def make(*, phone: bool = False) -> Page:
        options: dict[str, Any] = (
            {"viewport": PHONE, "is_mobile": True} if phone else {}
        )
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", bypass_csp=True, **options
        )
        made.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in made:
        context.close()


def _choose_language(page: Page, language: str) -> None:
    page.locator(f".lang-switch button[value='{language}']").click()
    expect(page.locator("html")).to_have_attribute(
        "lang", "zh-Hans" if language == "zh-hans" else language
    )


def _in_language(page: Page, language: str) -> None:
    """The chrome of the page speaks the chosen language."""
    nav = page.locator("header.site-header")
    if language == "bo":
        expect(page.locator("main")).to_contain_text(TIBETAN)
        expect(nav).to_contain_text(TIBETAN)
    else:
        expect(page.locator("main")).to_contain_text(CHINESE)
        expect(page.locator("main")).not_to_contain_text(TIBETAN)


def _staff(contexts: Callable[..., Page], username: str, language: str) -> Page:
    page = contexts()
    page.goto("/workbench/login/")  # staff type their workbench's address
    _choose_language(page, language)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/workbench/$"))
    return page


def _open_case(page: Page, number: str) -> None:
    page.locator("nav a[href='/workbench/cases/']").first.click()
    page.get_by_role("link", name=number).click()
    expect(page.locator("#case-number")).to_have_text(number)


def _act(page: Page, event: str, fill: Callable[[Page], None] | None = None) -> None:
    action = page.locator(f"details[data-event={event}]")
    action.locator("summary").click()
    if fill:
        fill(page)
    action.locator("button[type=submit]").click()
    expect(page.locator(".messages li.success")).to_be_visible()


def _apply(
    person: Page, demo: dict[str, Any], language: str, checked: Checked
) -> tuple[str, str]:
    code = demo["code"]
    person.goto("/")
    _choose_language(person, language)
    checked.page(person, phone=True)

    person.locator("#home-q").fill(SEARCH[language])
    person.locator("form[role=search] button[type=submit]").click()
    expect(person).to_have_url(re.compile(r"/items/\?q="))
    checked.page(person, phone=True)
    _in_language(person, language)

    person.locator(f"ul.results a[href='/items/{code}/']").click()
    expect(person).to_have_url(re.compile(rf"/items/{code}/$"))
    checked.page(person, phone=True)
    _in_language(person, language)

    person.locator(f"main a.btn[href='/apply/{code}/']").click()
    expect(person).to_have_url(re.compile(r"/login/\?next="))
    checked.page(person, phone=True)
    _in_language(person, language)
    person.locator("#id_username").fill("13800000001")
    person.locator("#id_password").fill(DEMO_PASSWORD)
    person.locator("form[action='/login/'] button[type=submit]").click()
    expect(person).to_have_url(re.compile(rf"/apply/{code}/$"))
    checked.page(person, phone=True)
    _in_language(person, language)

    # From the profile; the demo applicant's language is Tibetan, the switcher's wins.
    expect(person.locator("#id_form_applicant_name")).to_have_value("格桑（演示）")
    expect(person.locator("#id_form_phone")).to_have_value("13800000001")
    expect(person.locator("html")).to_have_attribute(
        "lang", "zh-Hans" if language == "zh-hans" else language
    )
    # The item's own field and how to receive the result.
    person.locator("#id_form_renewal_reason").select_option("expired")
    person.locator("#id_form_delivery_method").select_option("post")
    person.locator("#id_form_delivery_address").fill("拉萨市城关区（演示地址）1号")
    # 户口簿 comes by data sharing: listed, said not to be uploaded, no upload box.
    shared = demo["shared"]
    row = person.locator("ul.checklist li").filter(
        has_text=shared.name if language == "zh-hans" else shared.name_bo
    )
    expect(row).to_contain_text(NOT_UPLOADED[language])
    expect(row.locator("input[type=file]")).to_have_count(0)
    expect(person.locator(f"#id_material_{shared.pk}")).to_have_count(0)
    person.locator(f"#id_material_{demo['upload'].pk}").set_input_files(
        {"name": "身份证.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    person.locator("main form button[value=submit]").click()
    expect(person).to_have_url(re.compile(r"/submitted/$"))
    checked.page(person, phone=True)
    _in_language(person, language)
    number = person.locator("#case-number").inner_text()
    query_code = person.locator("#query-code").inner_text()
    assert re.fullmatch(r"\d{10}", query_code), query_code
    return number, query_code


@pytest.mark.parametrize("language", ["zh-hans", "bo"])
def test_first_run_from_the_home_page_to_delivery(
    demo: dict[str, Any],
    contexts: Callable[..., Page],
    language: str,
    payment_platform: None,
) -> None:
    checked = Checked()
    person = contexts(phone=True)
    number, query_code = _apply(person, demo, language, checked)
    _pay(person)
    case = Case.objects.get(number=number)
    assert case.form_data["applicant_name"] == "格桑（演示）"
    assert case.form_data["delivery_method"] == "post"
    assert case.language == language  # notices and SMS follow the language used

    clerk = _staff(contexts, "clerk.lhasa", language)
    _open_case(clerk, number)
    checked.page(clerk)
    _in_language(clerk, language)
    expect(clerk.locator("#h-applicant ~ dl")).to_contain_text(REASON[language])

    def checked_at_source(page: Page) -> None:
        page.locator("#id_verify_material-material").select_option(
            str(demo["shared"].pk)
        )
        page.locator("#id_verify_material-reference").fill("HJ-2026-000123")

    _act(clerk, "verify_material", checked_at_source)
    expect(clerk.locator("#h-materials ~ ul")).to_contain_text("HJ-2026-000123")
    _act(clerk, "accept")
    checked.page(clerk)

    officers = {
        name: _staff(contexts, name, language)
        for name in ("officer.lhasa", "officer2.lhasa")
    }
    for step, name in enumerate(("officer.lhasa", "officer2.lhasa", "officer.lhasa")):
        officer = officers[name]
        _open_case(officer, number)
        _act(officer, "approve_step")
        checked.page(officer)
        if step == 0:
            # The officer who approved a step is told why he cannot approve the next.
            blocked = officer.locator("li[data-blocked=approve_step]")
            expect(blocked).to_contain_text(FOUR_EYES[language])
            expect(officer.locator("details[data-event=approve_step]")).to_have_count(0)

    decider = officers["officer2.lhasa"]
    _open_case(decider, number)
    _act(
        decider,
        "decide",
        lambda page: page.locator(
            "input[name='decide-decision'][value='approve']"
        ).check(),
    )
    _act(
        decider,
        "close",
        lambda page: page.locator("#id_close-result_name").fill("居民身份证"),
    )
    checked.page(decider)

    clerk.reload()

    def by_courier(page: Page) -> None:
        # The applicant's choice on the form comes pre-selected.
        expect(
            page.locator("input[name='deliver-method'][value='post']")
        ).to_be_checked()
        page.locator("#id_deliver-reference").fill("SF1234567890")

    _act(clerk, "deliver", by_courier)
    checked.page(clerk)
    assert Case.objects.get(number=number).state == "delivered"

    person.locator("nav a[href='/me/cases/']").first.click()
    checked.page(person, phone=True)
    person.get_by_role("link", name=number).click()
    expect(person.locator("#case-decision")).to_be_visible()
    # The review steps are named in the page's language.
    expect(person.locator("main")).to_contain_text(FIRST_STEP[language])
    if language == "bo":
        expect(person.locator("main")).not_to_contain_text("承办")

    # Anyone with the number and the query code follows the case from the home page.
    person.context.clear_cookies()
    person.locator("a.brand").click()
    _choose_language(person, language)
    person.locator("#ways-in a[href='/progress/']").click()
    person.locator("#id_number").fill(number)
    person.locator("#id_query_code").fill(query_code)
    person.locator("form.stacked button[type=submit]").click()
    expect(person.locator("#progress-result")).to_contain_text(number)
    checked.page(person, phone=True)
    _in_language(person, language)
    checked.page(person, phone=True)
    _in_language(person, language)
    assert checked.problems == []
