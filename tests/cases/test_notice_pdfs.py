"""Statutory notices as PDFs: every kind, in Chinese and in Tibetan, carries the case data and
its kind's facts, embeds a font for each script it uses, prints the verify URL, and fetches
nothing from outside.

The cases app has no message catalogue yet (strings are only marked), so the tests install a
test double for gettext: Chinese gets the real titles and the date pattern, Tibetan gets a
pseudo-translation that prefixes every message with ༄. A label that bypasses gettext then
shows up as a text node without the mark. PDFs are read back with poppler-utils.
"""

import datetime
import re
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.utils.translation import trans_real

from tongban.cases.notices import (
    NoticeData,
    NoticeDataError,
    NoticeKind,
    NoticeRenderError,
    render_notice_html,
    render_notice_pdf,
)
from tongban.cases.notices.data import parse_items
from tongban.core.pdf import html_to_pdf

MARK = "༄"  # pseudo-Tibetan: every translated message starts with it
TIBETAN = re.compile(r"[\u0f00-\u0fff]")
TITLES: dict[NoticeKind, tuple[str, str]] = {  # message id, Chinese title
    NoticeKind.ACCEPTANCE: ("Notice of acceptance", "受理通知书"),
    NoticeKind.REFUSAL: ("Notice of non-acceptance", "不予受理通知书"),
    NoticeKind.SUPPLEMENT: (
        "Notice to supplement materials (one-time notice)",
        "补正材料通知书（一次性告知书）",
    ),
    NoticeKind.SPECIAL_PROCEDURE: ("Notice of special procedure", "特别程序告知书"),
    NoticeKind.EXTENSION: ("Notice of extension", "延期告知书"),
    NoticeKind.APPROVAL: (
        "Decision to grant the administrative licence",
        "准予行政许可决定书",
    ),
    NoticeKind.DENIAL: (
        "Decision not to grant the administrative licence",
        "不予行政许可决定书",
    ),
    NoticeKind.COMPLETION: ("Notice of completion", "办结通知书"),
    NoticeKind.SERVICE_RECEIPT: ("Proof of service", "送达回证"),
}
ZH = dict(TITLES.values()) | {"{year}-{month}-{day}": "{year}年{month}月{day}日"}
VERIFY_URL = (
    "https://tongban.example.gov.cn/verify/notices/8f3a2c1e-4b5d-4e6f-9a7b-1c2d3e4f"
)
APPLICANT = {
    "zh-hans": "拉萨雪域商贸有限公司",
    "bo": "བསྟན་འཛིན་ནོར་བུ",
    "en": "Tenzin Norbu",
}

# Per kind: the facts given, and the ones that must be printed as given.
FACTS: dict[NoticeKind, tuple[dict[str, str], tuple[str, ...]]] = {
    NoticeKind.ACCEPTANCE: (
        {"due_date": "2026-04-02", "query_code": "Q7K2M9"},
        ("Q7K2M9",),
    ),
    NoticeKind.REFUSAL: (
        {
            "reasons": "该事项不属于本机关职权范围。",
            "competent_authority": "拉萨市卫生健康委员会",
        },
        ("该事项不属于本机关职权范围。", "拉萨市卫生健康委员会"),
    ),
    NoticeKind.SUPPLEMENT: (
        {
            "items": "营业执照副本｜已过有效期\n法定代表人身份证明 | 缺少反面复印件",
            "due_date": "2026-03-12",
        },
        ("营业执照副本", "已过有效期", "法定代表人身份证明", "缺少反面复印件"),
    ),
    NoticeKind.SPECIAL_PROCEDURE: (
        {
            "procedure": "现场核查",
            "reason": "核实经营场所",
            "expected_duration": "10个工作日",
        },
        ("现场核查", "核实经营场所", "10个工作日"),
    ),
    NoticeKind.EXTENSION: (
        {
            "reasons": "需补充调查取证。",
            "new_due_date": "2026-04-16",
            "approver": "局长 次仁",
        },
        ("需补充调查取证。", "局长次仁"),
    ),
    NoticeKind.APPROVAL: (
        {"decision_text": "许可经营项目：预包装食品销售。", "result_number": "JY15401"},
        ("许可经营项目：预包装食品销售。", "JY15401"),
    ),
    NoticeKind.DENIAL: (
        {"reasons": "经营场所不符合食品安全条件。"},
        ("经营场所不符合食品安全条件。",),
    ),
    NoticeKind.COMPLETION: (
        {"result_name": "食品经营许可证", "delivery_method": "窗口领取"},
        ("食品经营许可证", "窗口领取"),
    ),
    NoticeKind.SERVICE_RECEIPT: (
        {
            "document_name": "受理通知书",
            "document_number": "拉市监受〔2026〕第0068号",
            "delivery_method": "直接送达",
        },
        ("受理通知书", "拉市监受〔2026〕第0068号", "直接送达"),
    ),
}
KINDS = list(NoticeKind)
LANGUAGES = ["zh-hans", "bo"]


class _Catalogue:
    """A translation object standing in for the catalogues the cases app will get."""

    def __init__(self, real: Any, language: str) -> None:
        self._real = real
        self._language = language

    def gettext(self, message: str) -> str:
        message = message.rpartition("\x04")[2]  # pgettext context
        if self._language == "bo":
            return MARK + message
        return ZH.get(message, message) if self._language == "zh-hans" else message

    def ngettext(self, singular: str, plural: str, number: int) -> str:
        return self.gettext(singular if number == 1 else plural)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@contextmanager
def _catalogue() -> Iterator[None]:
    real = trans_real.translation
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            trans_real,
            "translation",
            lambda language: _Catalogue(real(language), language),
        )
        yield


@pytest.fixture
def catalogue() -> Iterator[None]:
    with _catalogue():
        yield


def _notice(kind: NoticeKind, language: str, **changes: Any) -> NoticeData:
    values: dict[str, Any] = {
        "kind": kind,
        "number": "拉市监受〔2026〕第0068号",
        "language": language,
        "issued_on": datetime.date(2026, 3, 5),
        "verify_url": VERIFY_URL,
        "authority_name": "拉萨市市场监督管理局",
        "applicant_name": APPLICANT[language],
        "case_number": "11540100MB0T12340N000101202603050068",
        "item_name": "食品经营许可",
        "facts": FACTS[kind][0],
    }
    return NoticeData(**(values | changes))


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    text: str  # whitespace removed: pdftotext breaks lines where the layout does
    pages: int
    fonts: str


def _poppler(tool: str, path: Path, *args: str) -> str:
    return subprocess.run(  # noqa: S603  # poppler-utils on our own file
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def rendered(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[NoticeKind, str], Rendered]:
    """Each notice rendered once for the module; rendering is the slow part."""
    done: dict[tuple[NoticeKind, str], Rendered] = {}
    folder = tmp_path_factory.mktemp("notices")

    def get(kind: NoticeKind, language: str) -> Rendered:
        if (kind, language) not in done:
            with _catalogue():
                pdf = render_notice_pdf(_notice(kind, language))
            path = folder / f"{kind}-{language}.pdf"
            path.write_bytes(pdf)
            pages = re.search(r"^Pages:\s+(\d+)", _poppler("pdfinfo", path), re.M)
            done[kind, language] = Rendered(
                pdf=pdf,
                text="".join(_poppler("pdftotext", path, "-enc", "UTF-8").split()),
                pages=int(pages.group(1)) if pages else 0,
                fonts=_poppler("pdffonts", path),
            )
        return done[kind, language]

    return get


def _squeeze(value: str) -> str:
    return "".join(value.split())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_notice_is_a_pdf_of_at_least_one_page(
    rendered: Callable[[NoticeKind, str], Rendered], kind: NoticeKind, language: str
) -> None:
    notice = rendered(kind, language)
    assert notice.pdf.startswith(b"%PDF-")
    assert notice.pages >= 1


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_notice_prints_case_number_applicant_and_its_facts(
    rendered: Callable[[NoticeKind, str], Rendered], kind: NoticeKind, language: str
) -> None:
    text = rendered(kind, language).text
    expected = ["11540100MB0T12340N000101202603050068", APPLICANT[language]]
    for value in [*expected, *FACTS[kind][1]]:
        assert _squeeze(value) in text, value


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_notice_prints_its_verify_url(
    rendered: Callable[[NoticeKind, str], Rendered], kind: NoticeKind, language: str
) -> None:
    assert VERIFY_URL in rendered(kind, language).text


@pytest.mark.parametrize("kind", KINDS)
def test_chinese_notice_has_the_chinese_title_in_a_cjk_font(
    rendered: Callable[[NoticeKind, str], Rendered], kind: NoticeKind
) -> None:
    notice = rendered(kind, "zh-hans")
    assert _squeeze(TITLES[kind][1]) in notice.text
    assert "CJK" in notice.fonts


@pytest.mark.parametrize("kind", KINDS)
def test_tibetan_notice_is_in_tibetan_script_with_a_tibetan_font(
    rendered: Callable[[NoticeKind, str], Rendered], kind: NoticeKind
) -> None:
    notice = rendered(kind, "bo")
    assert TIBETAN.search(notice.text)
    assert MARK in notice.text  # the labels, not only the applicant's name
    assert "Tibetan-Machine-Uni" in notice.fonts
    assert "CJK" in notice.fonts  # the authority and item names stay in Chinese


def test_dates_are_written_in_the_notice_language(
    rendered: Callable[[NoticeKind, str], Rendered],
) -> None:
    # GB/T 9704: 2026年4月2日, month and day without leading zeros.
    assert "2026年4月2日" in rendered(NoticeKind.ACCEPTANCE, "zh-hans").text
    assert "2026年3月5日" in rendered(NoticeKind.ACCEPTANCE, "zh-hans").text


class _TextNodes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("style", "title")
        self.attributes += [(name, value or "") for name, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if data.strip() and not self._skip:
            self.nodes.append(data.strip())


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("kind", KINDS)
def test_every_label_of_a_tibetan_notice_goes_through_gettext(kind: NoticeKind) -> None:
    notice = _notice(kind, "bo")
    data = {
        notice.number,
        notice.authority_name,
        notice.applicant_name,
        notice.case_number,
        notice.item_name,
        notice.verify_url,
        *(item.name for item in parse_items(notice.facts.get("items", ""))),
        *(item.reason for item in parse_items(notice.facts.get("items", ""))),
        *notice.facts.values(),
        *(str(n) for n in range(1, 10)),  # row numbers of the supplement list
    }
    parser = _TextNodes()
    parser.feed(render_notice_html(notice))
    untranslated = [n for n in parser.nodes if MARK not in n and n not in data]
    assert untranslated == []


@pytest.mark.parametrize("kind", KINDS)
def test_notice_html_refers_to_no_outside_resource(kind: NoticeKind) -> None:
    parser = _TextNodes()
    parser.feed(render_notice_html(_notice(kind, "zh-hans")))
    links = [v for name, v in parser.attributes if name in ("src", "href")]
    assert links
    assert all(link.startswith("data:") for link in links)


@pytest.mark.parametrize(
    "html",
    [
        '<img src="https://example.org/logo.png">',
        '<img src="http://169.254.169.254/latest/meta-data/">',
        '<img src="file:///etc/passwd">',
        '<style>@import url("https://example.org/a.css");</style><p>x</p>',
        '<link rel="stylesheet" href="http://example.org/a.css"><p>x</p>',
    ],
)
def test_pdf_rendering_refuses_to_fetch_anything(
    html: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a notice tried to open a connection")

    monkeypatch.setattr("socket.create_connection", no_network)
    with pytest.raises(NoticeRenderError):
        html_to_pdf(f"<!DOCTYPE html><html><body>{html}</body></html>")


def test_facts_are_printed_as_text_not_markup() -> None:
    hostile = '<img src="https://example.org/x.png"> 理由'
    html = render_notice_html(
        _notice(NoticeKind.DENIAL, "zh-hans", facts={"reasons": hostile})
    )
    assert "&lt;img src=" in html
    assert '<img src="https' not in html


def test_english_notice_renders_from_the_message_ids() -> None:
    html = render_notice_html(_notice(NoticeKind.ACCEPTANCE, "en"))
    assert 'lang="en"' in html
    assert "Notice of acceptance" in html


@pytest.mark.parametrize(
    ("kind", "facts"),
    [
        (NoticeKind.REFUSAL, {}),  # 行政许可法 38(2): reasons are mandatory
        (NoticeKind.SUPPLEMENT, {"items": "营业执照"}),  # 32(1)(4): no deadline
        (NoticeKind.EXTENSION, {"reasons": "x", "new_due_date": "2026-04-16"}),  # 42
        (NoticeKind.SPECIAL_PROCEDURE, {"procedure": "听证", "reason": "x"}),  # 45
        (NoticeKind.DENIAL, {"reasons": "  "}),  # blank is missing
    ],
)
def test_a_notice_missing_a_required_fact_is_refused(
    kind: NoticeKind, facts: dict[str, str]
) -> None:
    with pytest.raises(NoticeDataError):
        _notice(kind, "zh-hans", facts=facts)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("verify_url", "/verify/notices/1"),  # a printed QR code needs a full address
        ("verify_url", "javascript:alert(1)"),
        ("language", "ja"),  # notices are issued in zh-hans, bo or en
        ("applicant_name", " "),
    ],
)
def test_a_notice_with_bad_data_is_refused(field: str, value: str) -> None:
    with pytest.raises(NoticeDataError):
        replace(_notice(NoticeKind.ACCEPTANCE, "zh-hans"), **{field: value})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("营业执照", [("营业执照", "")]),  # no reason given
        ("营业执照｜已过期", [("营业执照", "已过期")]),  # full-width bar
        (
            "营业执照 | 已过期 | 见附件",
            [("营业执照", "已过期 | 见附件")],
        ),  # first bar only
        ("a\n\n  \nb|c", [("a", ""), ("b", "c")]),  # blank lines dropped
    ],
)
def test_supplement_items_are_one_per_line_with_the_reason_after_a_bar(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(i.name, i.reason) for i in parse_items(text)] == expected
