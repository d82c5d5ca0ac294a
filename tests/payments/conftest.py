"""Payments tests reuse the case fixtures: a published service in 拉萨, an applicant, the
clerk and officers, submitting and acting through the API (tests/cases/conftest.py)."""

from tests.cases.conftest import (  # noqa: F401 (fixtures)
    _monday,
    act,
    applicant,
    applicant_api,
    materials,
    service,
    staff,
    staff_api,
    submit,
)
