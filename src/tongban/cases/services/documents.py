"""The PDF of a statutory notice: rendered on first request from the facts frozen on the
notice row, stored once (checked and hashed like any document), served from storage after.
A staff member's download (the notice names the applicant) is audited with its purpose
(``notice_read``), as the combined notice of a bundle is; the applicant's own is not. So
is a staff member's read of the case itself, its material files and its receipt
(``case_read``).

The acceptance and completion notices carry the link to evaluate the case (好差评,
一事一评) when an app above cases gives one: ``evaluation_link_register`` at start-up (the
evaluations app registers its signed receipt link, the same as on the intake receipt)."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from tongban.cases.models import Notice
from tongban.core.permissions import SYSTEM
from tongban.core.services import audit_record
from tongban.documents.services import document_read, document_store


def notice_verify_url(notice: Notice) -> str:
    path = reverse("cases:notice-verify", kwargs={"code": notice.verify_code})
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


EVALUATED_KINDS = ("acceptance", "completion")
_evaluation_link: list[Callable[[Any], str]] = []


def evaluation_link_register(link: Callable[[Any], str]) -> None:
    """``link(case)``: the absolute URL at which the case's applicant evaluates it."""
    _evaluation_link[:] = [link]


def _evaluate_url(notice: Notice) -> str:
    if notice.kind not in EVALUATED_KINDS or not _evaluation_link:
        return ""
    return _evaluation_link[0](notice.case)


def case_read(*, actor: Any, case: Any, what: str, purpose: str = "handling") -> None:
    """Record that a staff member opened what names the case's applicant (``what``: the
    case page or record, one of its material files, its receipt), with the purpose, in
    the caller's request; the applicant's own reads leave no row."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="case.read",
            instance=case,
            changes={"what": [None, what], "purpose": [None, purpose]},
            division_prefix=case.division.prefix,
            organisation_path=case.organisation.path,
        )


def notice_read(*, actor: Any, notice: Notice, purpose: str = "print") -> None:
    """Record that a staff member opened a case's notice (it names the applicant), with
    the purpose, in the caller's request."""
    case = notice.case
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="case.notice_read",
            instance=case,
            changes={"notice": [None, notice.number], "purpose": [None, purpose]},
            division_prefix=case.division.prefix,
            organisation_path=case.organisation.path,
        )


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
            evaluate_url=_evaluate_url(notice),
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
