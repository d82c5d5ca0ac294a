"""The applicant reaches the evaluation from the case's own page: after completion the
completion's, while it is handled the acceptance's."""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def _page(applicant: Any, uuid: str) -> str:
    client = Client()
    client.force_login(applicant.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client.get(f"/me/cases/{uuid}/").content.decode()


def test_a_completed_case_offers_the_completion_evaluation(
    applicant: Any, closed_case: str
) -> None:
    page = _page(applicant, closed_case)
    assert f"/me/cases/{closed_case}/evaluate/close/" in page
    assert "评价本次服务" in page


def test_an_accepted_case_offers_the_acceptance_evaluation(
    applicant: Any, accepted_case: str
) -> None:
    page = _page(applicant, accepted_case)
    assert f"/me/cases/{accepted_case}/evaluate/accept/" in page
    assert "/evaluate/close/" not in page
