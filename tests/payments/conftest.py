"""Payments tests reuse the case fixtures: a published service in 拉萨, an applicant, the
clerk and officers, submitting and acting through the API (tests/cases/conftest.py) — but
not its Monday clock, which test_counter_payment.py sets for itself: the platform tests
here talk to the reference payment platform, which refuses a request whose signed
timestamp is not now."""

from tests.cases.conftest import (  # noqa: F401 (fixtures)
    act,
    applicant,
    applicant_api,
    materials,
    service,
    staff,
    staff_api,
    submit,
)
