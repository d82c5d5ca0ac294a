"""The 通办 lists say where each item may be handed in (跨域通办): the catalogue's special
lists and the public 通办 list read the reach from the item's 通办 scope."""

from typing import Any

import pytest
from django.test import Client

from tests.builders import published_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(orgs: dict[str, Any]) -> dict[str, Any]:
    return {
        "region": published_service(
            orgs["xigaze"], code="000175004001", service_scope="3"
        ),
        "county": published_service(
            orgs["lhasa"], code="000175004002", name="个体工商户登记", service_scope="4"
        ),
    }


def test_the_tongban_list_names_where_each_item_is_handed_in(
    client: Client, items: dict[str, Any]
) -> None:
    page = client.get("/open/lists/tongban/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert page.status_code == 200
    assert "西藏自治区范围内任一政务服务大厅均可办理" in html
    assert "拉萨市范围内任一政务服务大厅均可办理" in html


def test_the_catalogues_in_region_list_names_the_area(
    client: Client, items: dict[str, Any]
) -> None:
    html = client.get(
        "/items/", {"list": "in_region"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert html.count("data-where") == 2
    assert "西藏自治区范围内任一政务服务大厅均可办理" in html
