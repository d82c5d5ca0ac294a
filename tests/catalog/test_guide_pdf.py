"""The printable guide: /items/<code>/pdf is the full guide as a PDF in the request
language, Chinese and Tibetan set in fonts that shape them. PDFs are read back with
poppler-utils (pdftotext, pdffonts)."""

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db
TIBETAN = re.compile(r"[\u0f00-\u0fff]")


@pytest.fixture
def live(implementation: object, publish: Callable[..., object]) -> object:
    return publish(implementation, hours="工作日 9:30–18:00")  # with material 申请书


def _pdf(client: Client, code: str, tmp_path: Path) -> Path:
    response = client.get(f"/items/{code}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "guide.pdf"
    path.write_bytes(response.content)
    return path


def _poppler(tool: str, path: Path) -> str:
    return subprocess.run(  # noqa: S603  # poppler-utils on our own file
        [tool, str(path), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _text(path: Path) -> str:
    return _poppler("pdftotext", path)


def _fonts(path: Path) -> str:
    return _poppler("pdffonts", path)


def test_chinese_pdf_has_the_item_materials_and_limits(live, implementation, tmp_path):
    path = _pdf(Client(), implementation.code, tmp_path)
    text = _text(path)
    for expected in ("营业执照", "申请书", "拉萨市政务服务中心", "9:30"):
        assert expected in text
    assert "CJK" in _fonts(path)


def test_tibetan_pdf_is_set_in_a_tibetan_font(live, implementation, tmp_path):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bo"
    path = _pdf(client, implementation.code, tmp_path)
    assert TIBETAN.search(_text(path))
    fonts = _fonts(path)
    assert "Tibetan-Machine-Uni" in fonts
    assert "CJK" in fonts  # the Chinese fallback text (申请书) keeps its font


def test_the_guide_page_links_to_the_pdf(live, implementation):
    page = Client().get(f"/items/{implementation.code}/").content.decode()
    assert f"/items/{implementation.code}/pdf" in page


def test_unknown_code_has_no_pdf(db):
    assert Client().get("/items/NOPE/pdf").status_code == 404
