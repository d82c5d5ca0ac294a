"""Public guide and search pages."""

import pytest
from django.conf import settings
from django.test import Client

from tests.catalog.conftest import GOOD_GUIDE
from tongban.catalog import services
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_with_fee(implementation):
    draft = services.version_draft(actor=SYSTEM, implementation=implementation)
    services.version_update(
        actor=SYSTEM,
        version=draft,
        **GOOD_GUIDE,
        charges_fee=True,
        fee_basis="《收费标准》",
    )
    services.child_add(
        actor=SYSTEM, version=draft, kind="fees", name="工本费", standard="每本 10 元"
    )
    services.child_add(
        actor=SYSTEM,
        version=draft,
        kind="materials",
        name="申请书",
        necessity="required",
        source="applicant",
        photocopies=2,
    )
    services.version_submit(actor=SYSTEM, version=draft)
    services.version_approve(actor=SYSTEM, version=draft)
    return services.version_publish(actor=SYSTEM, version=draft)


def test_guide_page_shows_every_block(live_with_fee, implementation):
    page = Client().get(f"/items/{implementation.code}/").content.decode()
    for text in (
        "营业执照 设立登记",
        "申请书",
        "工本费",
        "每本 10 元",
        "<svg",
        "000175004000",
        "拉萨市政务服务中心",
    ):
        assert text in page


def test_short_guide_leaves_out_the_flowchart(live_with_fee, implementation):
    page = Client().get(f"/items/{implementation.code}/short/").content.decode()
    assert "申请书" in page
    assert "<svg" not in page


def test_missing_translation_is_noted(live_with_fee, implementation):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/items/{implementation.code}/").content.decode()
    assert "not been fully translated" in page


def test_unknown_code_is_404(db):
    assert Client().get("/items/NOPE/").status_code == 404


def test_search_page_finds_by_initials(live_with_fee):
    page = Client().get("/items/", {"q": "yyzz"}).content.decode()
    assert "营业执照 设立登记" in page


def test_workbench_list_is_scoped(client, manager, live_with_fee):
    client.force_login(manager)
    assert "营业执照" in client.get("/workbench/catalog/").content.decode()
