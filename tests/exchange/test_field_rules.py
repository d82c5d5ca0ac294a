"""The exchange's field rules, compiled once: one row per rule, the problem it gives."""

import pytest

from tongban.exchange.domain.datasets import APPLICATION, DATASETS
from tongban.exchange.domain.rules import Field, compile_fields

CODES = frozenset({"1", "2"})
FIELDS = (
    Field("name", "名称", "text", 5),
    Field("phone", "手机", "digits", 11, required=False),
    Field("type", "类型", "code", codes=CODES),
    Field("day", "日期", "date", required=False),
    Field("at", "时间", "datetime", required=False),
    Field("uscc", "代码", "uscc", required=False),
    Field("amount", "金额", "amount", required=False),
)
check = compile_fields(FIELDS)
GOOD = {"name": "拉萨", "type": "1"}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({}, None),  # the smallest good record
        ({"name": ""}, ("name", "required")),  # empty is missing
        ({"name": None}, ("name", "required")),
        ({"name": "拉萨市城关区"}, ("name", "too_long")),  # 6 characters > 5
        ({"name": 7}, ("name", "not_text")),  # the export sends strings only
        ({"name": "a\x00b"}, ("name", "not_text")),
        ({"phone": "1380000000x"}, ("phone", "not_digits")),
        ({"phone": "138000000001"}, ("phone", "too_long")),
        ({"type": "3"}, ("type", "not_in_code_table")),
        ({"day": "20260230"}, None),  # the pattern checks ranges, not the calendar
        ({"day": "2026-03-02"}, ("day", "bad_date")),
        ({"day": "20261302"}, ("day", "bad_date")),
        ({"at": "20260302100000"}, None),
        ({"at": "20260302250000"}, ("at", "bad_datetime")),
        ({"uscc": "91540100MA6T000006"}, None),
        ({"uscc": "91540100MA6T00000O"}, ("uscc", "bad_uscc")),  # O is not used
        ({"amount": "20.00"}, None),
        ({"amount": "20"}, ("amount", "bad_amount")),
    ],
)
def test_each_field_rule(change: dict[str, object], problem: tuple[str, str]) -> None:
    found = [(f, c) for f, c, _ in check(GOOD | change)]
    assert found == ([problem] if problem else [])


def test_every_problem_of_a_record_is_reported_at_once() -> None:
    found = {f for f, _, _ in check({"name": "toolong", "type": "x"})}
    assert found == {"name", "type"}


def test_a_code_field_without_a_table_is_refused_when_declared() -> None:
    with pytest.raises(ValueError, match="code table"):
        Field("type", "类型", "code")


def test_every_data_set_of_tables_5_to_11_is_declared_with_its_key_first() -> None:
    tables = {d.table for d in DATASETS.values()}
    assert tables == {"表5", "表6", "表7", "表8", "表9", "表10", "表11"}
    assert APPLICATION.fields[0].key == "case_number"
    for dataset in DATASETS.values():
        keys = [f.key for f in dataset.fields]
        assert len(keys) == len(set(keys)), dataset.code
        assert dataset.fields[0].required
