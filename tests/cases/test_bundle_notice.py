"""The combined 受理通知书 of a bundle case: one PDF listing every sub-case (number, the
organisation handling it, its promised deadline, its state) with the bundle's deadline and
the pickup code, in Chinese or Tibetan, verifiable by its QR code; offered on the
applicant's bundle page and at the counter; issued again only when something changed; the
pickup code is the one the one delivery uses. PDFs are read back with pypdf."""

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from tests.bundle_builders import GOOD_FORM
from tests.cases.conftest import pdf
from tongban.cases.models import BundleNotice
from tongban.cases.notices import NoticeDataError
from tongban.cases.notices.bundle import BundleNoticeData, BundleNoticePart
from tongban.cases.services.bundles import bundle_case_deliver, bundle_case_submit
from tongban.core.models import AuditEvent

pytestmark = pytest.mark.django_db
TIBETAN = re.compile(r"[\u0f00-\u0fff]")


@pytest.fixture
def submitted(
    applicant: Any,
    bundle: Any,
    material_keys: dict[str, str],
    django_capture_on_commit_callbacks: Any,
) -> Callable[..., Any]:
    def run(language: str = "zh-hans") -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            made, _code = bundle_case_submit(
                actor=applicant.user,
                bundle_code=bundle.code,
                client_key=f"bundle-notice-{language}",
                form_data=GOOD_FORM,
                materials=[
                    {"material": k, "file": pdf()} for k in material_keys.values()
                ],
                language=language,
            )
        return made

    return run


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _issue(client: Client, url: str) -> tuple[Any, bytes]:
    response = client.post(url)
    assert response.status_code == 302
    got = client.get(response["Location"])
    assert got.status_code == 200
    assert got["Content-Type"] == "application/pdf"
    return response, b"".join(got.streaming_content) if got.streaming else got.content


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "".join(page.extract_text() for page in reader.pages)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_applicant_prints_one_notice_listing_every_sub_case_in_chinese(
    applicant: Any, submitted: Callable[..., Any]
) -> None:
    bundle_case = submitted("zh-hans")
    client = _as(applicant.user)
    page = client.get(f"/me/bundles/{bundle_case.uuid}/").content.decode()
    assert f"/me/bundles/{bundle_case.uuid}/notice" in page
    _response, data = _issue(client, f"/me/bundles/{bundle_case.uuid}/notice")
    text = _squeezed(_text(data))
    notice = BundleNotice.objects.get()
    assert "一件事受理通知书" in text
    assert bundle_case.number in text
    for part in bundle_case.parts.select_related("case__organisation"):
        assert part.case.number in text
        assert _squeezed(part.case.organisation.name) in text
    assert text.count("等待第1步") == 2  # the later step, held
    assert "已提交" in text  # the first step's state
    assert bundle_case.pickup_code
    assert bundle_case.pickup_code in text
    assert notice.verify_code in text  # the address the QR code encodes
    assert AuditEvent.objects.filter(action="case.bundle_notice_issue").count() == 1


def test_the_notice_in_tibetan_is_laid_out_in_tibetan(
    applicant: Any, submitted: Callable[..., Any]
) -> None:
    bundle_case = submitted("bo")
    _response, data = _issue(
        _as(applicant.user), f"/me/bundles/{bundle_case.uuid}/notice"
    )
    text = _text(data)
    assert TIBETAN.search(text)
    assert bundle_case.number in _squeezed(text)
    fonts = {
        str(font.get_object().get("/BaseFont", ""))
        for page in PdfReader(io.BytesIO(data)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Tibetan" in name for name in fonts), fonts


def test_issuing_again_without_a_change_gives_the_same_notice(
    applicant: Any, submitted: Callable[..., Any], act: Callable[..., Any]
) -> None:
    bundle_case = submitted()
    client = _as(applicant.user)
    first, _data = _issue(client, f"/me/bundles/{bundle_case.uuid}/notice")
    again, _data = _issue(client, f"/me/bundles/{bundle_case.uuid}/notice")
    assert first["Location"] == again["Location"]
    assert BundleNotice.objects.count() == 1
    case = bundle_case.parts.order_by("order").first().case
    assert act("clerk", str(case.uuid), "accept").status_code == 200
    _issue(client, f"/me/bundles/{bundle_case.uuid}/notice")
    notices = list(BundleNotice.objects.order_by("id"))
    assert len(notices) == 2
    first_part = notices[1].facts["parts"][0]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", first_part["due"])  # accepted: a date


def test_the_counter_prints_it_after_a_bundle_intake_and_the_read_is_audited(
    staff: dict[str, Any], submitted: Callable[..., Any]
) -> None:
    bundle_case = submitted()
    clerk = _as(staff["clerk"])
    page = clerk.get(f"/workbench/bundles/{bundle_case.uuid}/").content.decode()
    assert f"/workbench/bundles/{bundle_case.uuid}/notice" in page
    _issue(clerk, f"/workbench/bundles/{bundle_case.uuid}/notice")
    read = AuditEvent.objects.get(action="case.bundle_notice_read")
    assert read.changes["purpose"] == [None, "print"]


def test_the_qr_code_leads_to_a_page_that_confirms_the_notice(
    applicant: Any, submitted: Callable[..., Any]
) -> None:
    bundle_case = submitted()
    _issue(_as(applicant.user), f"/me/bundles/{bundle_case.uuid}/notice")
    notice = BundleNotice.objects.get()
    page = Client().get(f"/notices/verify/bundle/{notice.verify_code}/")
    assert page.status_code == 200
    shown = page.content.decode()
    assert notice.number in shown
    assert bundle_case.number in shown
    assert applicant.name not in shown  # only its first character
    assert Client().get("/notices/verify/bundle/forged-code/").status_code == 404


def test_nobody_else_gets_the_notice(
    submitted: Callable[..., Any], applicant: Any
) -> None:
    from tests.builders import applicant_with_account

    bundle_case = submitted()
    _issue(_as(applicant.user), f"/me/bundles/{bundle_case.uuid}/notice")
    notice = BundleNotice.objects.get()
    other = _as(
        applicant_with_account(phone="13800000009", id_number="540102198501010013").user
    )
    assert other.post(f"/me/bundles/{bundle_case.uuid}/notice").status_code == 404
    url = f"/me/bundles/{bundle_case.uuid}/notices/{notice.uuid}/pdf"
    assert other.get(url).status_code == 404


def test_the_one_delivery_uses_the_pickup_code_of_the_notice(
    submitted: Callable[..., Any], act: Callable[..., Any], staff: dict[str, Any]
) -> None:
    bundle_case = submitted()
    for part in bundle_case.parts.order_by("order"):
        uuid = str(part.case.uuid)
        assert act("clerk", uuid, "accept").status_code == 200
        for officer in ("officer", "officer2", "officer"):
            assert act(officer, uuid, "approve-step").status_code == 200
        assert act("officer2", uuid, "decide", decision="approve").status_code == 200
        assert act("officer2", uuid, "close", result_name="结果").status_code == 200
    done = bundle_case_deliver(
        actor=staff["clerk"], bundle_case=bundle_case, method="pickup"
    )
    assert done.delivery_reference == bundle_case.pickup_code


def test_a_bundle_notice_without_a_pickup_code_is_not_laid_out() -> None:
    import datetime

    with pytest.raises(NoticeDataError):
        BundleNoticeData(
            number="YJS〔2026〕03020001",
            language="zh-hans",
            issued_on=datetime.date(2026, 3, 2),
            verify_url="https://tongban.example.gov.cn/notices/verify/bundle/x/",
            authority_name="拉萨市政务服务中心",
            applicant_name="格桑",
            bundle_case_number="YJS-NEWBORN-20260302-0001",
            bundle_name="新生儿出生一件事",
            parts=(BundleNoticePart("A", "甲", "乙", "2026-03-09", "已受理"),),
            due_date=None,
            estimated=True,
            pickup_code="",
        )
