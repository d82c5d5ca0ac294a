"""The receipt a counter applicant takes home carries a QR code to evaluate the case: at
acceptance once accepted, at completion once closed, by the online rules, as the case's
applicant; a forged code or a case not accepted yet stores nothing."""

import re
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.evaluations.conftest import intake
from tongban.cases.models import Case
from tongban.evaluations.models import Evaluation
from tongban.evaluations.services.receipts import (
    receipt_case,
    receipt_link_for_case,
    receipt_token,
)

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


def _pdf_text(pdf: bytes, tmp_path: Any) -> str:
    """The PDF's text with whitespace removed (pdftotext breaks a long link where the
    layout does)."""
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603 - poppler on a file of our own
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],  # noqa: S607 - poppler-utils
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return "".join(text.split())


@pytest.mark.parametrize(
    ("kind", "reached", "stage"),
    [("acceptance", "accepted_case", "accept"), ("completion", "closed_case", "close")],
)
def test_the_notice_pdf_carries_the_receipts_signed_evaluation_link(
    kind: str,
    reached: str,
    stage: str,
    applicant: Any,
    tmp_path: Any,
    monkeypatch: Any,
    request: Any,
) -> None:
    from tongban.cases import notices
    from tongban.cases.notices.render import _qr_data_uri
    from tongban.cases.services.documents import notice_pdf

    case = Case.objects.get(uuid=request.getfixturevalue(reached))
    given: list[Any] = []
    render = notices.render_notice_pdf
    monkeypatch.setattr(
        notices, "render_notice_pdf", lambda data: given.append(data) or render(data)
    )
    text = _pdf_text(notice_pdf(notice=case.notices.get(kind=kind)), tmp_path)
    link = receipt_link_for_case(case)
    token = receipt_token(case_uuid=case.uuid)
    # The printed link is the receipt's. pdftotext drops a hyphen that ends a line (it
    # takes it for a word broken across lines), and the signed token may hold one where
    # the address wraps: so each hyphen of the expected link may be missing.
    printed = re.escape(link.split("://", 1)[1]).replace("\\-", "-?")
    assert re.search(printed, text), (link, text)
    assert receipt_case(token=token) == case  # the printed link verifies
    assert given[0].evaluate_url == link  # the receipt's link, the receipt's QR code
    # The QR code printed beside it encodes exactly that link.
    assert _qr_data_uri(link) in notices.render_notice_html(given[0])
    assert "感谢" in _page(token, RATING).content.decode()
    evaluation = Evaluation.objects.get()
    assert (evaluation.stage, evaluation.channel) == (stage, "3")
    assert evaluation.evaluator == applicant.user


def test_other_notices_carry_no_evaluation_link(closed_case: str) -> None:
    from tongban.cases.services.documents import _evaluate_url

    case = Case.objects.get(uuid=closed_case)
    others = case.notices.exclude(kind__in=["acceptance", "completion"])
    assert others.exists()
    assert {_evaluate_url(n) for n in others} == {""}
