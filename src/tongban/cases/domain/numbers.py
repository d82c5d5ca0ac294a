"""Case numbers (办件编号): by default 实施编码 + YYYYMMDD + 4-digit daily serial, the shape
observed on the national exchange (DOMAIN §15); the rule is a template so a region can change
it. The serial comes from a per-day counter row locked in the database, so numbers stay unique
under concurrent submission."""

import datetime
import string

DEFAULT_RULE = "{implementation_code}{date:%Y%m%d}{serial:04d}"
_FIELDS = {"implementation_code", "date", "serial", "division_code"}


class NumberRuleError(ValueError):
    pass


def check_rule(rule: str) -> None:
    names = {name for _, name, _, _ in string.Formatter().parse(rule) if name}
    if "serial" not in names:
        raise NumberRuleError("the rule must contain {serial}")
    unknown = names - _FIELDS
    if unknown:
        raise NumberRuleError(f"unknown fields in the rule: {sorted(unknown)}")


def case_number(
    *,
    rule: str = DEFAULT_RULE,
    implementation_code: str,
    date: datetime.date,
    serial: int,
    division_code: str = "",
) -> str:
    check_rule(rule)
    if serial < 1:
        raise NumberRuleError("serials start at 1")
    return rule.format(
        implementation_code=implementation_code,
        date=date,
        serial=serial,
        division_code=division_code,
    )
