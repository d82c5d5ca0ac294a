"""Routing rules (派单规则): which organisation answers a ticket.

A rule matches on any of ticket type, catalogue item, the organisation the ticket is about
and a region (division code prefix); a field left empty matches everything. The most
specific matching rule wins (more fields set, then a longer region prefix, then the lower
priority number); ties fall to the rule created first. No match: the dispatcher routes by
hand (``None``). Anchors: Signalen's category routing and DIGIT PGR's department mapping,
extended by the catalogue item and the region hierarchy.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    pk: int
    target: int  # organisation id
    ticket_type: str = ""
    item: str = ""  # implementation code
    organisation: int | None = None  # the organisation the ticket is about
    division_prefix: str = ""
    priority: int = 100


@dataclass(frozen=True)
class Facts:
    ticket_type: str
    item: str
    organisation: int | None
    division_code: str


def _matches(rule: Rule, facts: Facts) -> bool:
    return (
        (not rule.ticket_type or rule.ticket_type == facts.ticket_type)
        and (not rule.item or rule.item == facts.item)
        and (rule.organisation is None or rule.organisation == facts.organisation)
        and facts.division_code.startswith(rule.division_prefix)
    )


def _specificity(rule: Rule) -> tuple[int, int, int, int]:
    fields = sum(
        (
            bool(rule.ticket_type),
            bool(rule.item),
            rule.organisation is not None,
            bool(rule.division_prefix),
        )
    )
    return (-fields, -len(rule.division_prefix), rule.priority, rule.pk)


def route(rules: Iterable[Rule], facts: Facts) -> Rule | None:
    """The rule that decides, or ``None`` when no rule matches."""
    matching = sorted((r for r in rules if _matches(r, facts)), key=_specificity)
    return matching[0] if matching else None
