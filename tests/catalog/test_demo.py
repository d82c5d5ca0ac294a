"""The demo catalogue loads cleanly, is public and is idempotent."""

import pytest

from tongban.catalog import selectors
from tongban.catalog.demo import DEMO_ROWS, load_demo_catalog
from tongban.ops.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_catalogue_is_published_and_idempotent():
    load_demo()
    assert selectors.live_versions().count() == len(DEMO_ROWS)
    assert selectors.special_list(kind="fully_online").count() == 2
    report = load_demo_catalog()
    assert report.ok, report.errors
    assert report.unchanged == len(DEMO_ROWS)
