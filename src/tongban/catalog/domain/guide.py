"""Guide validation (DOMAIN.md §5.3) and the completeness score shown to catalogue
managers.

A guide is a rendering of one implementation version. ``guide_issues`` returns the rule
violations that block publication, each as ``(field, code)`` so the service can attach a
translated message to the field; ``completeness`` counts which of the guide's blocks are
filled. Both take plain facts, so the same checks serve the editor, the import and the
tests.
"""

from dataclasses import dataclass, field

from tongban.catalog.domain.tables import MAX_VISITS_FOR_DEPTH, ONLINE_HANDLING_FORMS

WORKING_DAYS = "working_days"
NATURAL_DAYS = "natural_days"


@dataclass(frozen=True)
class MaterialFacts:
    name: str
    necessity: str = ""
    source: str = ""


@dataclass(frozen=True)
class FeeFacts:
    name: str = ""
    standard: str = ""


@dataclass(frozen=True)
class GuideFacts:
    statutory_limit: int | None = None
    statutory_unit: str = WORKING_DAYS
    promised_limit: int | None = None
    promised_unit: str = WORKING_DAYS
    case_type: str = ""
    charges_fee: bool = False
    fee_basis: str = ""
    fees: tuple[FeeFacts, ...] = ()
    handling_forms: tuple[str, ...] = ()
    online_depth: int | None = None
    online_url: str = ""
    visits_required: int | None = None
    at_most_one_visit: bool = False
    materials: tuple[MaterialFacts, ...] = ()
    # Text blocks that only count towards completeness.
    blocks: dict[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class Issue:
    field: str
    code: str
    index: int | None = None  # position of the offending child row (material, fee)


def handled_online(facts: GuideFacts) -> bool:
    return (
        bool(ONLINE_HANDLING_FORMS & set(facts.handling_forms))
        or (facts.online_depth or 0) >= 2
    )


def limit_issue(facts: GuideFacts) -> Issue | None:
    """Promised ≤ statutory. Compared directly in the same unit; across units only the
    one case that is certain is flagged: promised working days > statutory natural days
    (a working day is never shorter than a natural day). Natural against working days
    needs the calendar and is left to the reviewer."""
    promised, statutory = facts.promised_limit, facts.statutory_limit
    if promised is None or statutory is None:
        return None
    same_unit = facts.promised_unit == facts.statutory_unit
    certain = (
        facts.promised_unit == WORKING_DAYS and facts.statutory_unit == NATURAL_DAYS
    )
    if (same_unit or certain) and promised > statutory:
        return Issue("promised_limit", "promised_exceeds_statutory")
    return None


def guide_issues(facts: GuideFacts) -> list[Issue]:
    issues: list[Issue] = []
    if (issue := limit_issue(facts)) is not None:
        issues.append(issue)
    if facts.charges_fee:
        if not facts.fees:
            issues.append(Issue("fees", "fee_details_missing"))
        for index, fee in enumerate(facts.fees):
            if not (fee.name.strip() and fee.standard.strip()):
                issues.append(Issue("fees", "fee_incomplete", index))
        if not facts.fee_basis.strip():
            issues.append(Issue("fee_basis", "fee_basis_missing"))
    if handled_online(facts) and not facts.online_url.strip():
        issues.append(Issue("online_url", "online_url_missing"))
    issues += _visit_issues(facts)
    for index, material in enumerate(facts.materials):
        if not material.source:
            issues.append(Issue("materials", "material_source_missing", index))
        if not material.necessity:
            issues.append(Issue("materials", "material_necessity_missing", index))
    return issues


def _visit_issues(facts: GuideFacts) -> list[Issue]:
    issues = []
    visits = facts.visits_required
    allowed = MAX_VISITS_FOR_DEPTH.get(facts.online_depth or 0)
    if visits is not None and allowed is not None and visits > allowed:
        issues.append(Issue("visits_required", "visits_exceed_depth"))
    if facts.at_most_one_visit and (visits is None or visits > 1):
        issues.append(Issue("at_most_one_visit", "one_visit_inconsistent"))
    return issues


# The blocks of a guide (DOMAIN.md §5.3) and how each is judged present.
COMPLETENESS_BLOCKS = (
    "legal_basis",
    "conditions",
    "materials",
    "process",
    "statutory_limit",
    "promised_limit",
    "case_type",
    "service_objects",
    "handling_forms",
    "fees",
    "location",
    "hours",
    "consultation",
    "complaint",
    "result",
    "faq",
    "online",
    "translation_bo",
)


@dataclass(frozen=True)
class Completeness:
    score: int  # 0–100
    missing: tuple[str, ...]


def completeness(facts: GuideFacts) -> Completeness:
    """Share of the guide's blocks that are filled, in whole percent, and which are
    missing.

    Fees count as present when the item is free or has complete fee rows; the online
    block when depth is set and, if handled online, an address is given.
    """
    present = dict(facts.blocks)
    present["materials"] = bool(facts.materials)
    present["statutory_limit"] = facts.statutory_limit is not None
    present["promised_limit"] = facts.promised_limit is not None
    present["case_type"] = bool(facts.case_type)
    present["handling_forms"] = bool(facts.handling_forms)
    present["fees"] = not facts.charges_fee or (
        bool(facts.fees) and all(f.name and f.standard for f in facts.fees)
    )
    present["online"] = facts.online_depth is not None and (
        not handled_online(facts) or bool(facts.online_url.strip())
    )
    missing = tuple(block for block in COMPLETENESS_BLOCKS if not present.get(block))
    filled = len(COMPLETENESS_BLOCKS) - len(missing)
    return Completeness(round(100 * filled / len(COMPLETENESS_BLOCKS)), missing)
