"""Code tables of GB/T 39046 Annex A and their import lookups."""

import pytest

from tongban.catalog.domain.tables import (
    APPLICATION_ITEM_TYPES,
    CASE_TYPE_ALIASES,
    CASE_TYPES,
    HANDLING_FORMS,
    ITEM_TYPES,
    SERVICE_OBJECTS,
    lookup,
    lookup_many,
)


def test_application_types_are_the_seven_powers_and_public_services():
    # clause 5.1: 许可 征收 给付 确认 奖励 裁决 其他 + 公共服务
    assert {"01", "04", "05", "07", "08", "09", "10", "20"} == APPLICATION_ITEM_TYPES
    assert set(ITEM_TYPES) >= APPLICATION_ITEM_TYPES


@pytest.mark.parametrize(
    ("table", "value", "aliases", "expected"),
    [
        (ITEM_TYPES, "01", None, "01"),  # the code itself
        (ITEM_TYPES, "1", None, "01"),  # a spreadsheet dropped the leading zero
        (ITEM_TYPES, "行政许可", None, "01"),  # the standard's name
        (ITEM_TYPES, " 公共服务 ", None, "20"),  # whitespace around a name
        (ITEM_TYPES, "行政备案", None, None),  # another province's type: unknown here
        (ITEM_TYPES, "", None, None),
        (CASE_TYPES, "即办件", None, "1"),
        (CASE_TYPES, "2", None, "2"),
        (CASE_TYPES, "联办件", CASE_TYPE_ALIASES, "9"),  # legacy local set
        (SERVICE_OBJECTS, "企业法人", None, "2"),
        (HANDLING_FORMS, "9", None, "9"),
    ],
)
def test_lookup_accepts_codes_names_and_aliases(table, value, aliases, expected):
    assert lookup(table, value, aliases) == expected


@pytest.mark.parametrize(
    ("value", "codes", "unknown"),
    [
        ("1,2", ["1", "2"], []),
        ("自然人；企业法人", ["1", "2"], []),
        (["1", "自然人"], ["1"], []),  # duplicates collapse
        ("1、外星人", ["1"], ["外星人"]),
        ("", [], []),
    ],
)
def test_lookup_many_splits_lists(value, codes, unknown):
    assert lookup_many(SERVICE_OBJECTS, value) == (codes, unknown)


@pytest.mark.parametrize(
    ("status", "event", "expected"),
    [
        ("draft", "submit", "submitted"),
        ("submitted", "approve", "approved"),
        ("submitted", "reject", "draft"),
        ("approved", "publish", "published"),
        ("published", "supersede", "superseded"),
        ("published", "cancel", "cancelled"),
        # published content is never edited back into a draft
        ("published", "reject", None),
        # a draft cannot skip review
        ("draft", "publish", None),
        ("draft", "approve", None),
        ("superseded", "publish", None),
    ],
)
def test_version_transitions(status, event, expected):
    from tongban.catalog.domain.lifecycle import next_status

    assert next_status(status, event) == expected
