"""Words Django and DRF ship that read wrong on a government site are overridden in the
project catalogue: 注销 means closing an account there (退出登录 is logging out), 过滤器
is a machine's word (筛选), and a token's 键 is its 密钥."""

import pytest
from django.utils import translation
from django.utils.translation import gettext


@pytest.mark.parametrize(
    ("msgid", "chinese"), [("Log out", "退出登录"), ("Filter", "筛选"), ("Key", "密钥")]
)
def test_chinese_words_on_admin_pages(msgid: str, chinese: str) -> None:
    with translation.override("zh-hans"):
        assert gettext(msgid) == chinese


@pytest.mark.parametrize("msgid", ["Log out", "Filter", "Key"])
def test_tibetan_has_them_too(msgid: str) -> None:
    with translation.override("bo"):
        assert gettext(msgid) != msgid
