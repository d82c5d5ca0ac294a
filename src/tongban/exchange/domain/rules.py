"""Field rules of the GB/T 39046 exchange data sets, compiled once into checks.

A ``Field`` states one data element: its key in the record, its name in the standard,
its kind and length (the standard's a/n/an notation: ``text`` counts characters, ``digits``
is n..L, ``code`` is a value of a code table, ``date`` is YYYYMMDD and ``datetime``
YYYYMMDDhhmmss per GB/T 7408, ``uscc`` is an18 of GB 32100, ``amount`` is n..16,2 元) and
whether it is required. ``compile_fields`` turns a data set's fields into one function
that returns the problems of a record: the lengths, sets and patterns are bound once, so
checking a record is a loop over prepared tuples, no lookups (the export checks every
record before it leaves, at tens of thousands a second).

A problem is ``(field key, code, reason)``; codes are stable (``required``, ``too_long``,
``not_digits``, ``not_in_code_table``, ``bad_date``, ``bad_datetime``, ``bad_uscc``,
``bad_amount``, ``not_text``); the reason is English for the operator's report.
"""

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Problem = tuple[str, str, str]
Check = Callable[[Mapping[str, Any]], list[Problem]]

KINDS = ("text", "digits", "code", "date", "datetime", "uscc", "amount")
_DIGITS = re.compile(r"\d+")
_DATE = re.compile(r"(\d{4})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")
_DATETIME = re.compile(
    r"(\d{4})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d"
)
# GB 32100: 18 characters from 0-9 and the capitals without I, O, S, V, Z.
_USCC = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")
_AMOUNT = re.compile(r"\d{1,14}\.\d{2}")


@dataclass(frozen=True)
class Field:
    key: str
    name_zh: str
    kind: str
    max_length: int = 0
    required: bool = True
    codes: frozenset[str] = field(default_factory=frozenset)
    note: str = ""  # what was assumed where the standard's rule is not known

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown field kind {self.kind!r}")
        if self.kind == "code" and not self.codes:
            raise ValueError(f"code field {self.key} names no code table")
        if self.kind in ("text", "digits") and self.max_length <= 0:
            raise ValueError(f"{self.key} needs a length")


def _matcher(f: Field) -> tuple[str, Callable[[str], bool], str] | None:
    """(problem code, test on the string value, reason) beyond presence and length."""
    if f.kind == "digits":
        return "not_digits", _DIGITS.fullmatch, "digits only"  # type: ignore[return-value]  # re match is truthy
    if f.kind == "code":
        codes = f.codes
        return "not_in_code_table", codes.__contains__, "not in the code table"
    if f.kind == "date":
        return "bad_date", _DATE.fullmatch, "not a YYYYMMDD date"  # type: ignore[return-value]  # truthy match
    if f.kind == "datetime":
        return "bad_datetime", _DATETIME.fullmatch, "not YYYYMMDDhhmmss"  # type: ignore[return-value]  # truthy match
    if f.kind == "uscc":
        return "bad_uscc", _USCC.fullmatch, "not an 18-character USCC"  # type: ignore[return-value]  # truthy match
    if f.kind == "amount":
        return "bad_amount", _AMOUNT.fullmatch, "not an amount n..16,2"  # type: ignore[return-value]  # truthy match
    return None


def compile_fields(fields: Sequence[Field]) -> Check:
    """One check for a whole record; unknown keys are a programming error, not data."""
    prepared = [
        (f.key, f.required, f.max_length or 0, _matcher(f), f.kind == "text")
        for f in fields
    ]

    def check(record: Mapping[str, Any]) -> list[Problem]:
        problems: list[Problem] = []
        for key, required, limit, matcher, is_text in prepared:
            value = record.get(key)
            if value is None or value == "":
                if required:
                    problems.append((key, "required", "required"))
                continue
            if not isinstance(value, str):
                problems.append((key, "not_text", "must be a string"))
                continue
            if limit and len(value) > limit:
                problems.append((key, "too_long", f"longer than {limit}"))
                continue
            if is_text and ("\x00" in value):
                problems.append((key, "not_text", "holds a NUL character"))
            elif matcher is not None and not matcher[1](value):
                problems.append((key, matcher[0], matcher[2]))
        return problems

    return check
