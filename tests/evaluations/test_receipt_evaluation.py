"""The receipt a counter applicant takes home carries a QR code to evaluate the case: at
acceptance once accepted, at completion once closed, by the online rules, as the case's
applicant; a forged code or a case not accepted yet stores nothing."""

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.evaluations.conftest import intake
from tongban.cases.models import Case
from tongban.evaluations.models import Evaluation
from tongban.evaluations.services.receipts import receipt_token

pytestmark = pytest.mark.django_db
RATING = {"level": "1", "options": ["fast"]}


def _page(token: str, data: dict[str, Any] | None = None) -> Any:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    url = f"/evaluations/receipt/{token}/"
    return client.post(url, data) if data is not None else client.get(url)


@pytest.fixture
def taken_in(
    staff: dict[str, Any],
    service: Any,
    applicant: Any,
    materials: dict[str, int],
    window: Any,
) -> tuple[Case, Client]:
    client, _url = intake(staff["clerk"], service, applicant, materials, window)
    return Case.objects.get(), client


def test_the_printed_receipt_carries_the_evaluation_qr_code(
    taken_in: tuple[Case, Client],
) -> None:
    case, clerk = taken_in
    receipt = clerk.get(f"/workbench/intake/receipt/{case.uuid}/").content.decode()
    qr = f"/workbench/evaluations/receipt/{case.uuid}/qr.svg"
    assert qr in receipt
    image = clerk.get(qr)
    assert image["Content-Type"] == "image/svg+xml"
    assert b"<svg" in image.content


def test_before_acceptance_the_code_says_to_come_back_and_stores_nothing(
    taken_in: tuple[Case, Client],
) -> None:
    case, _clerk = taken_in
    token = receipt_token(case_uuid=case.uuid)
    assert "尚未受理" in _page(token).content.decode()
    _page(token, RATING)
    assert not Evaluation.objects.exists()


def test_after_acceptance_the_holder_evaluates_it_as_the_applicant_once(
    taken_in: tuple[Case, Client], act: Callable[..., Any], applicant: Any
) -> None:
    case, _clerk = taken_in
    assert act("clerk", str(case.uuid), "accept").status_code == 200
    token = receipt_token(case_uuid=case.uuid)
    assert "感谢" in _page(token, RATING).content.decode()
    evaluation = Evaluation.objects.get()
    assert (evaluation.stage, evaluation.channel) == ("accept", "3")
    assert evaluation.evaluator == applicant.user
    assert evaluation.real_name
    assert evaluation.window_id == case.intake_window_id  # the window's too
    again = _page(token, RATING).content.decode()
    assert "已评价" in again  # too_many_evaluations, in the page's language
    assert Evaluation.objects.count() == 1


def test_a_forged_code_is_not_found(taken_in: tuple[Case, Client]) -> None:
    case, _clerk = taken_in
    token = receipt_token(case_uuid=case.uuid)
    assert _page(token[:-2] + "xx").status_code == 404
