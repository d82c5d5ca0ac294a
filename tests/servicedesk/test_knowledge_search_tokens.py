"""The knowledge base's search tokens (``domain.search``): Chinese in overlapping pairs,
Tibetan by syllable, Latin words case-folded; one row per case."""

import pytest

from tongban.servicedesk.domain.search import document, query

DOCUMENTS = [
    # Chinese: overlapping pairs, each once
    ("营业执照", " 营业 业执 执照 "),
    # a lone character stays one token
    ("证", " 证 "),
    # Tibetan: split at the tsheg and the shad, not into letters
    ("ཚོང་ལས་ཆོག་མཆན།", " ཚོང ལས ཆོག མཆན "),
    # Latin: case-folded words; full-width letters and digits normalised (NFKC)
    ("ICP Licence ＡＢＣ１", " icp licence abc1 "),
    # mixed, with punctuation between
    ("办理ICP备案？", " 办理 icp 备案 "),
    # repeated tokens are kept once
    ("办理 办理", " 办理 "),
    # nothing to index
    ("？！…", ""),
]


@pytest.mark.parametrize(("text", "expected"), DOCUMENTS)
def test_the_document_holds_the_tokens_of_the_texts(text: str, expected: str) -> None:
    assert document([text]) == expected


QUERIES = [
    # each word is a group whose tokens must all be held
    ("营业执照 办理", [["营业", "业执", "执照"], ["办理"]]),
    # one-character words are left out while there are others
    ("证 营业执照", [["营业", "业执", "执照"]]),
    # …unless nothing else is typed: then the whole text is one word
    ("证 件", [["证", "件"]]),
    # Tibetan: the syllables of one word
    ("ཆོག་མཆན", [["ཆོག", "མཆན"]]),
    # the same word twice is one group
    ("办理 办理", [["办理"]]),
    # blank
    ("   ", []),
]


@pytest.mark.parametrize(("text", "expected"), QUERIES)
def test_a_query_is_groups_of_tokens(text: str, expected: list[list[str]]) -> None:
    assert query(text) == expected


def test_a_query_keeps_at_most_six_words() -> None:
    assert len(query("甲乙 丙丁 戊己 庚辛 壬癸 子丑 寅卯")) == 6
