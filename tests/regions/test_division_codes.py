"""GB/T 2260 codes and their township/village extension, parsed without the database."""

import pytest

from tongban.regions.domain.divisions import DivisionCodeError, Level, parse


@pytest.mark.parametrize(
    ("code", "level", "prefix", "parents"),
    [
        ("540000", Level.PROVINCE, "54", ()),  # 西藏自治区
        ("540100", Level.PREFECTURE, "5401", ("540000",)),  # 拉萨市
        ("540102", Level.COUNTY, "540102", ("540100", "540000")),  # 城关区
        ("540481", Level.COUNTY, "540481", ("540400", "540000")),  # 米林市 (2023)
        ("540102001", Level.TOWNSHIP, "540102001", ("540102",)),  # a township
        ("540102001001", Level.VILLAGE, "540102001001", ("540102001",)),  # a village
    ],
)
def test_parse(code: str, level: Level, prefix: str, parents: tuple[str, ...]) -> None:
    parsed = parse(code)
    assert (parsed.level, parsed.prefix, parsed.parent_candidates) == (
        level,
        prefix,
        parents,
    )


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("5401", "format"),  # too short
        ("54010a", "format"),  # not digits
        ("5401020011", "format"),  # 10 digits
        ("990100", "province"),  # no province 99
        ("540001", "segment"),  # county digits without a prefecture
        ("540100001", "segment"),  # township under a prefecture code
        ("540102000", "segment"),  # township 000
        ("540102001000", "segment"),  # village 000
    ],
)
def test_malformed_codes(code: str, error: str) -> None:
    with pytest.raises(DivisionCodeError) as raised:
        parse(code)
    assert raised.value.code == error
