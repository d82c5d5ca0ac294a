"""The combined notice of acceptance of a bundle case: issued on request (the applicant's
bundle page, the counter after a bundle intake), numbered, verifiable by its QR code, its
facts frozen in the bundle case's language when issued, the PDF rendered once and stored.

Issuing again while nothing has changed returns the notice already issued (no new number);
once a sub-case has moved on (accepted, waiting no more, closed) a new notice is issued with
the new facts, and the old one stays verifiable as what was said that day. The pickup code
is the bundle case's own, given at submission; a bundle case made before pickup codes gets
one here.

Limits: the notice names as its authority the hall where the bundle was taken in, else the
organisation of its first sub-case (an online bundle has no receiving hall).
"""

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from tongban.cases.domain.workflow import State
from tongban.cases.models import STATE_LABELS, BundleCase, BundleNotice
from tongban.cases.selectors_bundles import BundleCaseView, bundle_case_view
from tongban.cases.services.bundles import new_pickup_code
from tongban.cases.services.numbering import notice_number_next
from tongban.core import actors
from tongban.core.permissions import SYSTEM
from tongban.core.services import audit_record
from tongban.documents.services import document_read, document_store

NUMBER_PREFIX = "YJS"


def bundle_notice_verify_url(notice: BundleNotice) -> str:
    path = reverse("cases:bundle-notice-verify", kwargs={"code": notice.verify_code})
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def _due(case: Any) -> str:
    if case.promised_due:
        return case.promised_due.isoformat()
    if case.promised_limit:
        return gettext("{days} working days after acceptance").format(
            days=case.promised_limit
        )
    return "—"


def _facts(view: BundleCaseView, pickup_code: str) -> dict[str, Any]:
    """What the notice says, worded in the active language (the bundle case's)."""
    bundle_case = view.bundle_case
    first = view.parts[0].case
    hall = getattr(first, "intake_hall", None)
    running = min((p.part.step for p in view.parts if not p.waiting), default=1)
    return {
        "authority": str(hall.name if hall else first.organisation.name),
        "applicant": bundle_case.applicant.name,
        "bundle": str(bundle_case.bundle.name),
        "parts": [
            {
                "number": p.case.number,
                "item": str(p.case.implementation.basic_item.name),
                "organisation": str(p.case.organisation.name),
                "due": _due(p.case),
                "state": gettext("waiting for step %(step)s") % {"step": running}
                if p.waiting
                else str(STATE_LABELS[State(p.case.state)]),
            }
            for p in view.parts
        ],
        "due_date": view.deadline.due.isoformat() if view.deadline else "",
        "estimated": bool(view.deadline and view.deadline.estimated),
        "pickup_code": pickup_code,
    }


@transaction.atomic
def bundle_notice_issue(
    *, bundle_case: BundleCase, actor: actors.Actor
) -> BundleNotice:
    locked = BundleCase.objects.select_for_update().get(pk=bundle_case.pk)
    if not locked.pickup_code:
        locked.pickup_code = new_pickup_code()
        locked.save(update_fields=["pickup_code"])
    language = locked.language or settings.LANGUAGE_CODE
    with translation.override(language):
        facts = _facts(bundle_case_view(bundle_case=locked), locked.pickup_code)
    latest = locked.notices.order_by("-id").first()
    if latest is not None and latest.facts == facts and latest.language == language:
        return latest
    today = timezone.localdate()
    notice = BundleNotice.objects.create(
        bundle_case=locked,
        number=notice_number_next(prefix=NUMBER_PREFIX, day=today),
        verify_code=secrets.token_urlsafe(12),
        language=language,
        issued_on=today,
        facts=facts,
    )
    audit_record(
        actor=actor,
        action="case.bundle_notice_issue",
        instance=locked,
        changes={"notice": [None, notice.number]},
    )
    return notice


def bundle_notice_read(
    *, actor: actors.Actor, notice: BundleNotice, purpose: str = "print"
) -> None:
    """Record that a staff member opened a combined notice (it names the applicant),
    with the purpose, in the caller's request (page or API)."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="case.bundle_notice_read",
            instance=notice.bundle_case,
            changes={"notice": [None, notice.number], "purpose": [None, purpose]},
        )


def bundle_notice_pdf(*, notice: BundleNotice) -> bytes:
    """The stored PDF, rendered from the frozen facts on first request."""
    if notice.file is not None:
        return document_read(stored=notice.file)
    # Imported here: WeasyPrint needs Pango, which only machines that print notices have.
    from tongban.cases.notices.bundle import (
        BundleNoticeData,
        BundleNoticePart,
        render_bundle_notice_pdf,
    )

    facts = notice.facts
    due = facts.get("due_date") or ""
    pdf = render_bundle_notice_pdf(
        BundleNoticeData(
            number=notice.number,
            language=notice.language,
            issued_on=notice.issued_on,
            verify_url=bundle_notice_verify_url(notice),
            authority_name=facts["authority"],
            applicant_name=facts["applicant"],
            bundle_case_number=notice.bundle_case.number,
            bundle_name=facts["bundle"],
            parts=tuple(BundleNoticePart(**part) for part in facts["parts"]),
            due_date=_date(due),
            estimated=bool(facts.get("estimated")),
            pickup_code=facts["pickup_code"],
        )
    )
    with transaction.atomic():
        locked = BundleNotice.objects.select_for_update().get(pk=notice.pk)
        if not locked.file_id:
            locked.file = document_store(
                actor=SYSTEM,
                upload=SimpleUploadedFile(f"{notice.number}.pdf", pdf),
                max_bytes=20 * 1024 * 1024,
            )
            locked.save(update_fields=["file"])
    return pdf


def _date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None
