"""Search keys precomputed from item names: full pinyin and pinyin initials (pypinyin).

Stored on the row so the database can match ``yingyezhizhao`` and ``yyzz`` with a plain
index-friendly ``LIKE``; non-Chinese characters (Latin, digits, Tibetan) are kept
lower-cased so a mixed name still matches its own letters.
"""

import unicodedata

from pypinyin import Style, lazy_pinyin

_DROP = set(" \t\r\n-_·•（）()【】[]、，,。.;；:：“”\"'‘’《》<>/")


def _clean(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch not in _DROP)


def pinyin_full(text: str) -> str:
    return "".join(lazy_pinyin(_clean(text or ""), errors="default")).lower()


def pinyin_initials(text: str) -> str:
    syllables = lazy_pinyin(
        _clean(text or ""), style=Style.FIRST_LETTER, errors="default"
    )
    return "".join(syllables).lower()


def normalise_query(text: str) -> str:
    return _clean(text or "").lower()
