"""How the forms and checklists of a bundle's items merge into one (pure: no ORM).

Fields match by their form field key: the key names the data element (``applicant_name``,
``child_name``, ``phone``), so two items asking for ``phone`` ask for the same thing and the
merged form asks it once. A merged field is required when any item requires it; its label is
that of the first item asking it (items in bundle order). Two items using one key for
different things is a catalogue error, reported as a conflict and refused at publication: a
different field type, or choice fields with different values.

Materials match by what they are, in this order: the e-certificate type they name (two items
accepting the 出生医学证明 e-certificate want the same document), else the data-sharing source
they are fetched from, else their Chinese name with spaces removed. A merged material is
required when any item requires it and may follow later (容缺) only when every item allows it;
one file given for it is attached to every sub-case that needs it.
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldIn:
    """One item's form field: ``row`` is the catalogue row, carried through for display."""

    key: str
    field_type: str
    required: bool
    choice_values: tuple[str, ...] = ()
    row: Any = None


@dataclass(frozen=True)
class MaterialIn:
    name: str
    required: bool
    tolerance_allowed: bool = False
    e_certificate_type: str = ""
    data_source: str = ""
    row: Any = None


@dataclass
class MergedField:
    key: str
    field_type: str
    required: bool
    row: Any
    items: list[Hashable] = field(default_factory=list)


@dataclass
class MergedMaterial:
    key: str
    required: bool
    tolerance_allowed: bool
    row: Any
    # (item, the item's own material row) for every item that needs it
    uses: list[tuple[Hashable, Any]] = field(default_factory=list)

    @property
    def items(self) -> list[Hashable]:
        return [item for item, _row in self.uses]


@dataclass(frozen=True)
class Conflict:
    key: str
    code: str  # field_type_conflict, choice_conflict
    items: tuple[Hashable, Hashable]


def material_key(material: MaterialIn) -> str:
    """The identity of a material across items (see the module docstring)."""
    if material.e_certificate_type.strip():
        return f"certificate:{material.e_certificate_type.strip()}"
    if material.data_source.strip():
        return f"data:{material.data_source.strip()}"
    return "name:" + "".join(material.name.split())


def merge_fields(
    per_item: Iterable[tuple[Hashable, Sequence[FieldIn]]],
) -> tuple[list[MergedField], list[Conflict]]:
    merged: dict[str, MergedField] = {}
    shapes: dict[str, tuple[str, tuple[str, ...], Hashable]] = {}
    conflicts: list[Conflict] = []
    for item, fields in per_item:
        for one in fields:
            values = tuple(sorted(one.choice_values))
            known = merged.get(one.key)
            if known is None:
                merged[one.key] = MergedField(
                    key=one.key,
                    field_type=one.field_type,
                    required=one.required,
                    row=one.row,
                    items=[item],
                )
                shapes[one.key] = (one.field_type, values, item)
                continue
            field_type, first_values, first_item = shapes[one.key]
            if one.field_type != field_type:
                conflicts.append(
                    Conflict(one.key, "field_type_conflict", (first_item, item))
                )
            elif field_type == "choice" and values != first_values:
                conflicts.append(
                    Conflict(one.key, "choice_conflict", (first_item, item))
                )
            known.required = known.required or one.required
            known.items.append(item)
    return list(merged.values()), conflicts


def merge_materials(
    per_item: Iterable[tuple[Hashable, Sequence[MaterialIn]]],
) -> list[MergedMaterial]:
    merged: dict[str, MergedMaterial] = {}
    for item, materials in per_item:
        for one in materials:
            key = material_key(one)
            known = merged.get(key)
            if known is None:
                merged[key] = MergedMaterial(
                    key=key,
                    required=one.required,
                    tolerance_allowed=one.tolerance_allowed,
                    row=one.row,
                    uses=[(item, one.row)],
                )
                continue
            known.required = known.required or one.required
            known.tolerance_allowed = known.tolerance_allowed and one.tolerance_allowed
            known.uses.append((item, one.row))
    return list(merged.values())


def steps_in_order(steps: Iterable[int]) -> list[int]:
    """The distinct steps, first first."""
    return sorted(set(steps))
