"""How a bundle's forms and checklists merge (catalog.domain.bundles), one row per rule."""

import pytest

from tongban.catalog.domain.bundles import (
    FieldIn,
    MaterialIn,
    material_key,
    merge_fields,
    merge_materials,
)


def test_one_key_asked_by_two_items_is_one_field_required_if_either_requires_it() -> (
    None
):
    merged, conflicts = merge_fields(
        [
            ("A", [FieldIn("child_name", "text", False)]),
            (
                "B",
                [FieldIn("child_name", "text", True), FieldIn("address", "text", True)],
            ),
        ]
    )
    assert [(f.key, f.required, f.items) for f in merged] == [
        ("child_name", True, ["A", "B"]),
        ("address", True, ["B"]),
    ]
    assert conflicts == []


@pytest.mark.parametrize(
    ("first", "second", "code"),
    [
        # one key, two types: the items mean different things by it
        (FieldIn("k", "text", True), FieldIn("k", "date", True), "field_type_conflict"),
        # one choice key with different values
        (
            FieldIn("k", "choice", True, ("a", "b")),
            FieldIn("k", "choice", True, ("a", "c")),
            "choice_conflict",
        ),
    ],
)
def test_one_key_used_for_different_things_is_a_conflict(first, second, code) -> None:  # type: ignore[no-untyped-def]
    _merged, conflicts = merge_fields([("A", [first]), ("B", [second])])
    assert [(c.key, c.code, c.items) for c in conflicts] == [("k", code, ("A", "B"))]


def test_choice_values_in_another_order_are_the_same_field() -> None:
    _merged, conflicts = merge_fields(
        [
            ("A", [FieldIn("k", "choice", True, ("a", "b"))]),
            ("B", [FieldIn("k", "choice", True, ("b", "a"))]),
        ]
    )
    assert conflicts == []


@pytest.mark.parametrize(
    ("material", "key"),
    [
        # the e-certificate type names the document, whatever each item calls it
        (
            MaterialIn("出生证", True, e_certificate_type="birth_cert"),
            "certificate:birth_cert",
        ),
        # else the data source it is fetched from
        (MaterialIn("户口本", True, data_source="household"), "data:household"),
        # else the Chinese name, spaces removed
        (MaterialIn("父母 身份证 ", True), "name:父母身份证"),
    ],
)
def test_what_a_material_is_matched_by(material, key) -> None:  # type: ignore[no-untyped-def]
    assert material_key(material) == key


def test_a_shared_material_is_one_row_required_if_any_item_requires_it() -> None:
    merged = merge_materials(
        [
            ("A", [MaterialIn("父母身份证", False, tolerance_allowed=True, row="a1")]),
            ("B", [MaterialIn("父母身份证", True, tolerance_allowed=True, row="b1")]),
            ("C", [MaterialIn("参保登记表", True, row="c1")]),
        ]
    )
    assert [(m.key, m.required, m.uses) for m in merged] == [
        ("name:父母身份证", True, [("A", "a1"), ("B", "b1")]),
        ("name:参保登记表", True, [("C", "c1")]),
    ]


def test_a_shared_material_may_follow_later_only_if_every_item_allows_it() -> None:
    merged = merge_materials(
        [
            ("A", [MaterialIn("证明", True, tolerance_allowed=True)]),
            ("B", [MaterialIn("证明", True, tolerance_allowed=False)]),
        ]
    )
    assert merged[0].tolerance_allowed is False
