"""The demo catalogue: made-up items carry no real national code, every item has its
content in Chinese, Tibetan and English, and a real application form (profile fields
pre-filled, the item's own fields, how to receive the result) whose fetched materials
show no upload box."""

import pytest
from django.conf import settings
from django.test import Client

from tongban.accounts.models import Applicant
from tongban.catalog import selectors
from tongban.catalog.demo import DEMO_ROWS
from tongban.catalog.domain.codes import parse_basic_code
from tongban.catalog.facts import tr
from tongban.ops.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("row", DEMO_ROWS, ids=lambda r: r["basic_code"])
def test_a_made_up_demo_item_uses_no_real_national_code(row):
    code = parse_basic_code(row["basic_code"])
    assert code.error is None
    assert not code.is_national


@pytest.fixture
def demo():
    load_demo()
    return list(selectors.live_versions())


def test_demo_content_is_entered_in_three_languages(demo):
    missing = []
    for version in demo:
        item = version.implementation.basic_item
        for lang in ("bo", "en"):
            for obj, name in (
                (item, "name"),
                (version, "conditions"),
                (version, "location"),
                (version, "hours"),
                (version, "result_name"),
            ):
                if not tr(obj, name, lang):
                    missing.append(f"{item.code} {name}_{lang}")
            missing += [
                f"{item.code} material {m.pk} name_{lang}"
                for m in version.materials.all()
                if not tr(m, "name", lang)
            ]
            missing += [
                f"{item.code} field {f.key} label_{lang}"
                for f in version.form_fields.all()
                if not tr(f, "label", lang)
            ]
    assert missing == []


def test_every_demo_item_has_a_form_with_the_way_to_receive_the_result(demo):
    for version in demo:
        keys = [f.key for f in version.form_fields.all()]
        assert "delivery_method" in keys, version
        assert "phone" in keys, version
        choices = version.form_fields.get(key="delivery_method").choices
        assert [c["value"] for c in choices] == ["pickup", "post", "electronic"]


def _page(client: Client, name: str, language: str = "zh-hans") -> str:
    applicant = Applicant.objects.get(phone="13800000001")
    client.force_login(applicant.user)
    version = next(
        v
        for v in selectors.live_versions()
        if name in tr(v.implementation.basic_item, "name")
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(f"/apply/{version.implementation.code}/")
    assert page.status_code == 200
    return page.content.decode()


def test_the_demo_form_prefills_the_profile_and_marks_required_fields(demo, client):
    html = _page(client, "居民身份证换领")
    assert 'value="格桑（演示）"' in html
    assert 'value="13800000001"' in html
    assert "换领原因" in html
    assert 'class="required-mark"' in html
    assert "快递邮寄" in html


def test_a_fetched_material_shows_no_upload_box(demo, client):
    html = _page(client, "居民身份证换领")
    household = html.split("户口簿", 1)[1].split("</li>", 1)[0]
    assert 'type="file"' not in household
    current_card = html.split("原居民身份证", 1)[1].split("</li>", 1)[0]
    assert 'type="file"' in current_card


def test_the_demo_form_speaks_tibetan(demo, client):
    html = _page(client, "居民身份证换领", language="bo")
    assert "བརྗེ་ལེན་གྱི་རྒྱུ་མཚན།" in html  # field label
    assert "མྱུར་སྐྱེལ་གྱིས་སྐྱེལ་བ།" in html  # choice label
    assert "ཐེམ་ཐོ།" in html  # material name
