"""Tibetan in printed notices and guides is not smaller than the Chinese.

Tibetan Machine Uni draws its letters (the head line to the base line) at about four fifths
of a CJK ideograph set at the same point size, so the Tibetan layout is set larger. This
test reads WeasyPrint's layout: every run of Tibetan text in a Tibetan document must be at
least ``SCALE`` times the size of the Chinese text of the same element in the Chinese
document."""

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tongban.cases.notices import NoticeData, NoticeKind, render_notice_html

weasyprint = pytest.importorskip("weasyprint")

SCALE = 1.2
TIBETAN = re.compile(r"[\u0f00-\u0fff]")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _runs(html: str) -> Iterator[tuple[str, str, float]]:
    """``(element key, text, font size in px)`` for every laid-out text run."""
    document = weasyprint.HTML(string=html).render()

    def walk(box: Any, key: str) -> Iterator[tuple[str, str, float]]:
        element = getattr(box, "element", None)
        if element is not None and element.get("class"):
            key = f"{box.element_tag}.{element.get('class')}"
        elif getattr(box, "element_tag", None) and key == "":
            key = box.element_tag
        if isinstance(box, weasyprint.formatting_structure.boxes.TextBox):
            yield key, box.text, float(box.style["font_size"])
        for child in getattr(box, "children", []) or []:
            yield from walk(child, key)
        for child in getattr(box, "margin_boxes", []) or []:
            yield from walk(child, key)

    for page in document.pages:
        yield from walk(page._page_box, "")


def _sizes(html: str, script: re.Pattern[str]) -> dict[str, float]:
    sizes: dict[str, float] = {}
    for key, text, size in _runs(html):
        if script.search(text):
            sizes[key] = min(size, sizes.get(key, size))
    return sizes


def _notice(kind: NoticeKind, language: str) -> str:
    return render_notice_html(
        NoticeData(
            kind=kind,
            number="拉市监受〔2026〕第0068号",
            language=language,
            issued_on=datetime.date(2026, 3, 5),
            verify_url="https://zwfw.example.gov.cn/notices/verify/abc/",
            authority_name="拉萨市市场监督管理局",
            applicant_name="格桑",
            case_number="11540100MB0T12340N000101202603050068",
            item_name="食品经营许可",
            facts={"due_date": "2026-03-12"},
        )
    )


def _compare(chinese: str, tibetan: str) -> list[str]:
    zh = _sizes(chinese, CJK)
    bo = _sizes(tibetan, TIBETAN)
    body = max(zh.values())
    smaller = []
    for key, size in bo.items():
        reference = zh.get(key, min(zh.values()))
        if size < SCALE * reference:
            smaller.append(f"{key}: {size:.1f}px < {SCALE} × {reference:.1f}px")
    assert body  # the Chinese document has text at all
    return smaller


def test_tibetan_notice_text_is_not_smaller_than_chinese() -> None:
    kind = NoticeKind.ACCEPTANCE
    assert _compare(_notice(kind, "zh-hans"), _notice(kind, "bo")) == []


@pytest.mark.django_db
def test_tibetan_guide_text_is_not_smaller_than_chinese(orgs: dict[str, Any]) -> None:
    from django.utils import translation

    from tests.builders import published_service
    from tongban.catalog import selectors
    from tongban.catalog.printing import render_guide_html

    service = published_service(orgs["lhasa"])
    version = selectors.public_guide(code=service.implementation.code)
    with translation.override("zh-hans"):
        chinese = render_guide_html(version, page_url="https://zwfw.example.gov.cn/")
    with translation.override("bo"):
        tibetan = render_guide_html(version, page_url="https://zwfw.example.gov.cn/")
    assert _compare(chinese, tibetan) == []
