"""Search tokens of the knowledge base: the words an answer is found by, the same on every
database.

Chinese has no spaces, so a run of Chinese characters is cut into overlapping pairs
(营业执照 → 营业 业执 执照), the way Lucene's CJK analyzer (``CJKBigramFilter``) and
PostgreSQL's ``pg_bigm`` index it; a query word then matches an answer holding all of its
pairs. Tibetan is cut at the syllable mark (tsheg ་) and the shad (།); Latin letters and
digits form words, case-folded (NFKC first, so full-width ＡＢＣ１ is abc1).

Known limits: a single Chinese character finds only answers where it stands alone (type
two); pairs can match across a word boundary (营业 … 业执 in two places), which ranks no
worse than the substring search it replaces; Latin words match whole, not by prefix.
"""

import re
import unicodedata
from collections.abc import Iterable

# CJK Unified Ideographs with extension A and the compatibility block.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Tibetan letters, vowel signs and subjoined letters; the marks between syllables
# (tsheg U+0F0B, shad U+0F0D …) fall outside and so separate.
_TIBETAN = "\u0f40-\u0fbc"
_RUNS = re.compile(rf"([{_CJK}]+)|([{_TIBETAN}]+)|([0-9a-z\u00df-\u024f]+)")

MAX_QUERY_WORDS = 6


def _run_tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for cjk, tibetan, latin in _RUNS.findall(
        unicodedata.normalize("NFKC", text).casefold()
    ):
        if cjk:
            tokens.extend(
                [cjk]
                if len(cjk) == 1
                else [cjk[i : i + 2] for i in range(len(cjk) - 1)]
            )
        else:
            tokens.append(tibetan or latin)
    return tokens


def document(texts: Iterable[str]) -> str:
    """The tokens of an answer's texts, each once, space-separated and space-padded (so
    ``" token "`` is a substring exactly when the token is there)."""
    seen: dict[str, None] = {}
    for text in texts:
        for token in _run_tokens(text or ""):
            seen.setdefault(token)
    return f" {' '.join(seen)} " if seen else ""


def query(text: str) -> list[list[str]]:
    """The query's words, each as the tokens an answer must all hold; an answer matching
    any word is found. Words shorter than two characters are left out unless nothing
    else is typed."""
    words = [w for w in text.split() if len(w) >= 2][:MAX_QUERY_WORDS]
    if not words and len(text.strip()) >= 2:
        words = [text.strip()]
    groups = []
    for word in words:
        tokens = list(dict.fromkeys(_run_tokens(word)))
        if tokens and tokens not in groups:
            groups.append(tokens)
    return groups
