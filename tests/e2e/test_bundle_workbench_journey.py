"""Journey: a region-wide catalogue manager builds a 一件事 bundle in the workbench — creates
it with its name in three languages, is told in Chinese why an empty bundle cannot be
published, puts three published items of 拉萨 in two steps, sees the merged form ask the
child's name once and the merged checklist list the parents' ID once, publishes version 1
— and the public bundle list offers it.

The page locale is zh-CN, so the workbench is driven by stable selectors (ids, form
actions), not by labels."""

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.bundle_builders import ITEMS, newborn_item
from tests.conftest import PASSWORD
from tongban.accounts.domain.roles import Role
from tongban.catalog.models import Bundle

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
]


def _staff_page(browser: Browser, live_server: Any, username: str) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/workbench/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/workbench/$"))
    return page


def test_a_manager_builds_and_publishes_a_bundle(
    browser: Browser, live_server: Any, make_staff: Any, orgs: dict[str, Any]
) -> None:
    versions = [
        newborn_item(orgs["lhasa"], code, name, own_field, own)
        for code, name, _step, own_field, own in ITEMS
    ]
    make_staff("catalogue.bundles", Role.CATALOGUE_MANAGER, division_code="540000")
    manager = _staff_page(browser, live_server, "catalogue.bundles")

    manager.goto("/workbench/catalog/")
    manager.locator("#workbench-bundles").click()
    manager.locator("#id_code").fill("newborn")
    manager.locator("#id_name").fill("新生儿出生一件事")
    manager.locator("#id_name_bo").fill("བྱིས་པ་གསར་སྐྱེས་ཀྱི་བྱ་བ་གཅིག")
    manager.locator("#id_name_en").fill("A child is born")
    manager.locator("#bundle-new button[type=submit]").click()
    expect(manager).to_have_url(re.compile(r"/workbench/catalog/bundles/newborn/$"))
    expect(manager.locator("#bundle-status")).to_have_attribute("data-status", "draft")

    # Nothing in it yet: the service's refusal is shown, in Chinese, not a 500.
    manager.locator("#bundle-publish").click()
    expect(manager.locator("#bundle-refusal")).to_contain_text("至少需要一个事项")

    for version, (_code, _name, step, _field, _own) in zip(
        versions, ITEMS, strict=True
    ):
        manager.locator("#id_implementation").select_option(
            str(version.implementation.pk)
        )
        manager.locator("#id_step").fill(str(step))
        manager.locator("#bundle-add button[type=submit]").click()
        expect(
            manager.locator(f"[data-item='{version.implementation.code}']")
        ).to_be_visible()
    expect(manager.locator("#bundle-items > li")).to_have_count(2)  # two steps
    expect(manager.locator("#bundle-fields [data-key=child_name]")).to_have_count(1)
    expect(
        manager.locator("#bundle-materials [data-material='name:父母身份证']")
    ).to_have_count(1)

    manager.locator("#id_summary").fill("出生医学证明、户口登记、医保参保一次办。")
    manager.locator("#bundle-texts button[type=submit]").click()
    expect(manager.locator("#id_summary")).to_have_value(re.compile("一次办"))

    manager.locator("#bundle-publish").click()
    expect(manager.locator("#bundle-status")).to_have_attribute(
        "data-status", "published"
    )
    expect(manager.locator("#bundle-version")).to_have_text("1")
    expect(manager.locator("#bundle-withdraw")).to_be_visible()

    manager.goto("/bundles/")
    expect(manager.locator("#bundle-list a[href='/bundles/newborn/']")).to_be_visible()
    manager.context.close()
    bundle = Bundle.objects.get()
    assert (bundle.status, bundle.version, bundle.items.count()) == ("published", 1, 3)
