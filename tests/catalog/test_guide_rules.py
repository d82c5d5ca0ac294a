"""Guide rules of DOMAIN.md §5.3 and the completeness score."""

import pytest

from tongban.catalog.domain.guide import (
    COMPLETENESS_BLOCKS,
    FeeFacts,
    GuideFacts,
    MaterialFacts,
    completeness,
    guide_issues,
)

OK_MATERIAL = MaterialFacts("身份证", necessity="required", source="applicant")
W, N = "working_days", "natural_days"


def codes(facts: GuideFacts) -> list[str]:
    return [issue.code for issue in guide_issues(facts)]


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # promised within statutory, same unit
        (GuideFacts(statutory_limit=20, promised_limit=5), []),
        # promised equal to statutory is allowed
        (GuideFacts(statutory_limit=20, promised_limit=20), []),
        # promised above statutory, same unit
        (
            GuideFacts(statutory_limit=20, promised_limit=21),
            ["promised_exceeds_statutory"],
        ),
        # 10 working days are always longer than 9 natural days
        (
            GuideFacts(
                statutory_limit=9, statutory_unit=N, promised_limit=10, promised_unit=W
            ),
            ["promised_exceeds_statutory"],
        ),
        # 14 natural days against 10 working days needs the calendar: not flagged
        (
            GuideFacts(
                statutory_limit=10, statutory_unit=W, promised_limit=14, promised_unit=N
            ),
            [],
        ),
        # a missing limit is a completeness gap, not a rule violation
        (GuideFacts(promised_limit=5), []),
        # charging without fee rows or basis
        (GuideFacts(charges_fee=True), ["fee_details_missing", "fee_basis_missing"]),
        # a fee row without its standard
        (
            GuideFacts(
                charges_fee=True,
                fee_basis="《收费办法》",
                fees=(FeeFacts("工本费", ""),),
            ),
            ["fee_incomplete"],
        ),
        (
            GuideFacts(
                charges_fee=True,
                fee_basis="依据",
                fees=(FeeFacts("工本费", "10元/本"),),
            ),
            [],
        ),
        # handled online (PC form) without an address
        (GuideFacts(handling_forms=("1", "2")), ["online_url_missing"]),
        # depth 3 also means online, even when the forms list only the counter
        (
            GuideFacts(handling_forms=("1",), online_depth=3, visits_required=1),
            ["online_url_missing"],
        ),
        (
            GuideFacts(
                handling_forms=("2",), online_url="https://zwfw.xizang.gov.cn/x"
            ),
            [],
        ),
        # depth 4 (全程网办) allows no visit
        (
            GuideFacts(online_depth=4, online_url="u", visits_required=1),
            ["visits_exceed_depth"],
        ),
        (GuideFacts(online_depth=4, online_url="u", visits_required=0), []),
        # depth 3 allows one visit, depth 2 two
        (
            GuideFacts(online_depth=3, online_url="u", visits_required=2),
            ["visits_exceed_depth"],
        ),
        (GuideFacts(online_depth=2, online_url="u", visits_required=2), []),
        (
            GuideFacts(online_depth=2, online_url="u", visits_required=3),
            ["visits_exceed_depth"],
        ),
        # depth 1 (information only) sets no bound
        (GuideFacts(online_depth=1, visits_required=3), []),
        # 最多跑一次 flag with two visits
        (
            GuideFacts(at_most_one_visit=True, visits_required=2),
            ["one_visit_inconsistent"],
        ),
        (GuideFacts(at_most_one_visit=True, visits_required=1), []),
        # every material has a source and a necessity
        (
            GuideFacts(materials=(OK_MATERIAL, MaterialFacts("照片"))),
            ["material_source_missing", "material_necessity_missing"],
        ),
    ],
)
def test_guide_rules(facts, expected):
    assert codes(facts) == expected


def test_material_issue_names_the_row():
    issues = guide_issues(
        GuideFacts(materials=(OK_MATERIAL, MaterialFacts("照片", "required")))
    )
    assert [(i.field, i.index) for i in issues] == [("materials", 1)]


def test_empty_guide_scores_low_and_lists_what_is_missing():
    result = completeness(GuideFacts())
    assert "materials" in result.missing
    assert "fees" not in result.missing  # free of charge is a complete answer
    assert result.score == round(100 * 1 / len(COMPLETENESS_BLOCKS))


def test_full_guide_scores_100():
    facts = GuideFacts(
        statutory_limit=20,
        promised_limit=5,
        case_type="2",
        handling_forms=("1", "2"),
        online_depth=3,
        online_url="https://example.invalid",
        visits_required=1,
        materials=(OK_MATERIAL,),
        blocks={block: True for block in COMPLETENESS_BLOCKS},
    )
    assert completeness(facts).score == 100
    assert completeness(facts).missing == ()


def test_online_without_address_is_incomplete():
    result = completeness(GuideFacts(online_depth=4, handling_forms=("2",)))
    assert "online" in result.missing
