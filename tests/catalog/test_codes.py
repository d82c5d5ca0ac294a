"""Basic and implementation codes (DOMAIN.md §15): layout, segments, tolerance."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongban.catalog.domain.codes import (
    CodeLayout,
    compose_implementation_code,
    parse_basic_code,
    parse_implementation_code,
)

BASIC_CASES = [
    # (raw, layout, normalised, (source, type, department, main, sub), error)
    # national, 01 行政许可, department 75, main 004, no sub-item (§15 example)
    (
        "000175004000",
        "national",
        "000175004000",
        ("00", "01", "75", "004", "000"),
        None,
    ),
    # a province's own prefix, 20 公共服务, with a sub-item
    (
        "542075012003",
        "national",
        "542075012003",
        ("54", "20", "75", "012", "003"),
        None,
    ),
    # dashes and spaces around a national code are normalised away
    (
        "00-01-75-004-000",
        "national",
        "000175004000",
        ("00", "01", "75", "004", "000"),
        None,
    ),
    (
        " 000175004000 \n",
        "national",
        "000175004000",
        ("00", "01", "75", "004", "000"),
        None,
    ),
    # 12 digits whose type segment is not in table A.1: decomposed, flagged
    (
        "009975004000",
        "national",
        "009975004000",
        ("00", "99", "75", "004", "000"),
        "item_type",
    ),
    # Guizhou style letters: kept as a local code
    ("XK00001000", "local", "XK00001000", ("", "", "", "", ""), None),
    # lower-case letters are upper-cased
    ("xk00001000", "local", "XK00001000", ("", "", "", "", ""), None),
    # public-service form with dashes and letters
    ("G-000007-001", "local", "G-000007-001", ("", "", "", "", ""), None),
    # a longer local code (14 characters, Sichuan)
    ("511A0138000000", "local", "511A0138000000", ("", "", "", "", ""), None),
    # 11 digits: not the national layout, still a plausible local code
    ("00017500400", "local", "00017500400", ("", "", "", "", ""), None),
    # empty, too long, Chinese characters: invalid, never an exception
    ("", "invalid", "", ("", "", "", "", ""), "empty"),
    ("1" * 51, "invalid", "1" * 51, ("", "", "", "", ""), "too_long"),
    ("营业执照", "invalid", "营业执照", ("", "", "", "", ""), "characters"),
    # full-width digits are not ASCII digits
    (
        "０００１７５００４０００",
        "invalid",
        "０００１７５００４０００",
        ("", "", "", "", ""),
        "characters",
    ),
]


@pytest.mark.parametrize(("raw", "layout", "code", "segments", "error"), BASIC_CASES)
def test_basic_code_is_decomposed_or_kept_local(raw, layout, code, segments, error):
    parsed = parse_basic_code(raw)
    assert parsed.layout == layout
    assert parsed.code == code
    assert (
        parsed.source,
        parsed.item_type,
        parsed.department,
        parsed.main,
        parsed.sub,
    ) == segments
    assert (parsed.error.value if parsed.error else None) == error


def test_source_00_means_national_catalogue_and_000_no_sub_item():
    parsed = parse_basic_code("000175004000")
    assert parsed.is_national_catalogue
    assert not parsed.has_sub_item
    assert parse_basic_code("542075012003").has_sub_item


@given(st.one_of(st.text(), st.integers(), st.none(), st.binary()))
def test_basic_code_parser_never_raises(value):
    assert parse_basic_code(value).layout in set(CodeLayout)


IMPLEMENTATION_CASES = [
    # (uscc, level, basic code, composed)
    ("12441500196720244T", 3, "442199806003", "12441500196720244T3442199806003"),
    ("11540100MB0T56780D", 3, "000175004000", "11540100MB0T56780D3000175004000"),
    # lower case and spaces are normalised
    (" 11540100mb0t56780d", 4, "00-01-75-004-000", "11540100MB0T56780D4000175004000"),
]


@pytest.mark.parametrize(("uscc", "level", "basic", "composed"), IMPLEMENTATION_CASES)
def test_implementation_code_is_uscc_level_and_basic_code(uscc, level, basic, composed):
    code = compose_implementation_code(
        uscc=uscc, exercise_level=level, basic_code=basic
    )
    assert code == composed
    parsed = parse_implementation_code(code)
    assert parsed.layout == CodeLayout.NATIONAL
    assert (parsed.uscc, parsed.exercise_level, parsed.basic_code) == (
        composed[:18],
        level,
        composed[19:],
    )


@pytest.mark.parametrize(
    ("raw", "layout"),
    [
        # 17-character organisation code (dirty data, §15): not national, kept local
        ("11540100MB0T5678D3000175004000", "local"),
        # level digit 8 is not in table A.2
        ("11540100MB0T56780D8000175004000", "local"),
        # a local basic code appended
        ("11540100MB0T56780D3XK00001000", "local"),
        ("", "invalid"),
        ("实施编码", "invalid"),
    ],
)
def test_implementation_code_parser_tolerates_local_variants(raw, layout):
    assert parse_implementation_code(raw).layout == layout
