"""The PDF of a statutory notice: rendered on first request from the facts frozen on the
notice row, stored once (checked and hashed like any document), served from storage after."""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from tongban.cases.models import Notice
from tongban.core.permissions import SYSTEM
from tongban.documents.services import document_read, document_store


def notice_verify_url(notice: Notice) -> str:
    path = reverse("cases:notice-verify", kwargs={"code": notice.verify_code})
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def notice_pdf(*, notice: Notice) -> bytes:
    if notice.file is not None:
        return document_read(stored=notice.file)
    # Imported here: WeasyPrint needs Pango, which only machines that print notices have.
    from tongban.cases.notices import NoticeData, NoticeKind, render_notice_pdf

    case = notice.case
    pdf = render_notice_pdf(
        NoticeData(
            kind=NoticeKind(notice.kind),
            number=notice.number,
            language=notice.language,
            issued_on=notice.issued_on,
            verify_url=notice_verify_url(notice),
            authority_name=str(case.organisation),
            applicant_name=case.applicant.name,
            case_number=case.number,
            item_name=case.version.implementation.basic_item.name,
            facts=notice.facts,
        )
    )
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        if not locked.file_id:
            locked.file = document_store(
                actor=SYSTEM,
                upload=SimpleUploadedFile(f"{notice.number}.pdf", pdf),
                max_bytes=20 * 1024 * 1024,
            )
            locked.save(update_fields=["file"])
    return pdf
