"""A bundle submitted twice at once with one client key (a double click, a retry racing the
first request) makes one bundle case with one set of sub-cases, on PostgreSQL."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.bundle_builders import GOOD_FORM, newborn_bundle
from tests.cases.conftest import PDF
from tests.reliability.conftest import in_threads, only_on_postgresql
from tongban.cases.models import BundleCase, Case
from tongban.cases.services.bundles import bundle_case_submit
from tongban.catalog.selectors_bundles import bundle_resolve

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
    only_on_postgresql(
        "needs parallel transactions: SQLite serialises writers and its "
        "in-memory test database is private to one connection"
    ),
]


def test_a_double_bundle_submit_with_one_key_makes_one_bundle_case(
    applicant: Any, orgs: dict[str, Any]
) -> None:
    bundle = newborn_bundle(orgs["lhasa"])
    keys = [m.key for m in bundle_resolve(bundle=bundle).materials]

    def submit(_i: int) -> Any:
        files = [
            {"material": k, "file": SimpleUploadedFile("s.pdf", PDF, "application/pdf")}
            for k in keys
        ]
        return bundle_case_submit(
            actor=applicant.user,
            bundle_code=bundle.code,
            client_key="bundle-race-0001",
            form_data=GOOD_FORM,
            materials=files,
        )

    results = in_threads(4, submit)
    assert all(isinstance(r, tuple) for r in results), results
    assert len({r[0].pk for r in results}) == 1
    assert len({r[1] for r in results}) == 1  # the same query code to every caller
    assert BundleCase.objects.count() == 1
    assert Case.objects.count() == 3
