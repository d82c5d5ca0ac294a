"""Pinyin search keys: full pinyin and initials."""

import pytest

from tongban.catalog.domain.flowchart import Step, flowchart_svg
from tongban.catalog.domain.search_keys import (
    normalise_query,
    pinyin_full,
    pinyin_initials,
)


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("营业执照", "yingyezhizhao", "yyzz"),
        ("营业执照 设立登记", "yingyezhizhaoshelidengji", "yyzzsldj"),
        ("居民身份证（换领）", "juminshenfenzhenghuanling", "jmsfzhl"),
        ("ICP备案", "icpbeian", "icpba"),  # Latin letters kept, lower-cased
        ("", "", ""),
    ],
)
def test_pinyin_keys(name, full, initials):
    assert pinyin_full(name) == full
    assert pinyin_initials(name) == initials


def test_query_is_normalised_like_the_keys():
    assert normalise_query(" YYZZ ") == "yyzz"


def test_flowchart_escapes_labels_and_has_an_accessible_title():
    svg = flowchart_svg(
        [Step("申请 <A>"), Step("受理", "5 个工作日")], title="办理流程"
    )
    assert svg.startswith("<svg")
    assert "<title>办理流程</title>" in svg
    assert "申请 &lt;A&gt;" in svg
    assert svg.count("<rect") == 2
    assert svg.count("<line") == 1
