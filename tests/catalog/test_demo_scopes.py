"""The demo catalogue gives every 通办 scope as its code (GB/T 39046 通办范围代码, stored
and exported as such), not as a word that only the importer's alias table understands,
and its items appear on the 区内通办 and 跨省通办 special lists they belong to."""

import pytest

from tongban.catalog import selectors
from tongban.catalog.demo import DEMO_ROWS
from tongban.catalog.demo_bundles import BUNDLE_ROWS
from tongban.catalog.domain.reach import reach_prefix
from tongban.catalog.domain.tables import SCOPES
from tongban.ops.demo import load_demo


@pytest.mark.parametrize("row", DEMO_ROWS + BUNDLE_ROWS, ids=lambda r: r["basic_code"])
def test_every_demo_item_gives_its_scope_as_a_code(row) -> None:  # type: ignore[no-untyped-def]
    scope = row.get("service_scope") or ""
    assert scope == "" or scope in SCOPES, scope


@pytest.mark.django_db
def test_the_tongban_lists_show_the_demo_items_that_reach_beyond_their_office() -> None:
    load_demo()

    def listed(kind: str) -> set[str]:
        return {
            v.implementation.basic_item.code for v in selectors.special_list(kind=kind)
        }

    # 跨省通办: the business licence and the identity card renewal.
    assert listed("cross_province") == {"DEMO-01-75004", "DEMO-20-05001"}
    # 区内通办: the pension enrolment (跨市) and the disability certificate (跨县).
    assert listed("in_region") == {"DEMO-20-32002", "DEMO-07-36001"}
    for version in selectors.live_versions():
        if version.service_scope:
            handling = version.implementation.organisation.division.code
            assert (
                reach_prefix(scope=version.service_scope, handling_code=handling)
                is not None
            )
