"""A file size (the workbench's material list) reads in the page's language: Django has no
Tibetan catalogue, so without Tongban's own entries Tibetan pages fell back to Chinese
("214 字节")."""

import re

import pytest
from django.template.defaultfilters import filesizeformat
from django.utils import translation

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("size", [214, 20_480, 3 * 1024 * 1024])
def test_a_file_size_in_tibetan_has_no_chinese(size: int) -> None:
    with translation.override("bo"):
        text = str(filesizeformat(size))
    assert not CHINESE.search(text), text
    assert re.search(r"\d", text), text
