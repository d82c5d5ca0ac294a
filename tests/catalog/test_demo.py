"""The demo catalogue loads cleanly, is public and is idempotent."""

import pytest

from tongban.catalog import selectors, selectors_bundles
from tongban.catalog.demo import DEMO_ROWS, load_demo_catalog
from tongban.catalog.demo_bundles import BUNDLE_ROWS, load_demo_bundles
from tongban.ops.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_catalogue_is_published_and_idempotent():
    load_demo()
    assert selectors.live_versions().count() == len(DEMO_ROWS) + len(BUNDLE_ROWS)
    assert selectors.special_list(kind="fully_online").count() == 2
    report = load_demo_catalog()
    assert report.ok, report.errors
    assert report.unchanged == len(DEMO_ROWS)


def test_the_demo_bundle_is_published_over_four_live_items_and_idempotent():
    load_demo()
    bundle = selectors_bundles.bundle_get_published(code="newborn")
    resolved = selectors_bundles.bundle_resolve(bundle=bundle)
    assert len(resolved.parts) == 4
    assert resolved.not_live == []
    assert resolved.conflicts == []
    assert resolved.steps == [1, 2, 3]
    assert len({p.item.implementation.organisation_id for p in resolved.parts}) == 4
    report = load_demo_bundles()
    assert report.unchanged == len(BUNDLE_ROWS)
