"""Filing a ticket (受理): from the portal (logged in, or anonymous with a phone proven by an
SMS code), by a 12345 agent on the phone, or at a hall.

Every check runs before anything is written, attachments included (the documents app's
upload checks, as for case materials), so a refused ticket leaves nothing behind and says
what to fix. A ticket can only concern the requester's own case. After filing, the routing
rules route it at once when one matches; otherwise it waits for the dispatcher.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.cases import selectors as case_selectors
from tongban.catalog import selectors as catalog_selectors
from tongban.core.permissions import Perm, has_permission
from tongban.core.services import audit_record
from tongban.documents.services import document_check, document_store
from tongban.lifecycle.clock import clock_apply
from tongban.lifecycle.domain import Clock
from tongban.notifications.services import notification_enqueue
from tongban.regions import selectors as region_selectors
from tongban.servicedesk import clock
from tongban.servicedesk.domain.text import text_problem
from tongban.servicedesk.domain.types import MAY_STAY_ANONYMOUS, Channel, TicketType
from tongban.servicedesk.lifecycle import TEXT_REFUSED
from tongban.servicedesk.models import TYPE_LABELS, Ticket, TicketAttachment
from tongban.servicedesk.services.actions import ticket_route_by_rules

if TYPE_CHECKING:
    from tongban.cases.models import Case

MAX_ATTACHMENTS = 5


@dataclass
class TicketRequest:
    """What a requester (or the agent for them) asks; links are codes or UUIDs."""

    ticket_type: str
    title: str
    content: str
    channel: str
    language: str
    requester_name: str = ""
    requester_phone: str = ""
    anonymous_to_unit: bool = False
    division_code: str = ""
    implementation_code: str = ""
    case_number: str = ""
    organisation_uuid: str = ""
    hall_uuid: str = ""
    subject_staff_username: str = ""
    uploads: list[UploadedFile] = field(default_factory=list)


def _invalid(name: str, message: Any, code: str) -> ValidationError:
    return ValidationError({name: ValidationError(message, code=code)})


def _check_text(request: TicketRequest) -> None:
    for name in ("title", "content", "requester_name"):
        problem = text_problem(getattr(request, name))
        if problem:
            raise _invalid(name, TEXT_REFUSED[problem], f"text_{problem}")
    if not request.title.strip():
        raise _invalid("title", _("Give the ticket a title."), "required")
    if not request.content.strip():
        raise _invalid("content", _("Describe your question or concern."), "required")


def _case_for(request: TicketRequest, actor: Any) -> Case | None:
    """The case the ticket is about, if it is the requester's own: an account holder's own
    case, or, entered by staff, a case whose applicant has the caller's phone."""
    if not request.case_number:
        return None
    case = case_selectors.case_by_number(number=request.case_number)
    own = case is not None and (
        (actor.is_authenticated and case.applicant.user_id == actor.pk)
        or (
            is_staff_intake(actor)
            and bool(case.applicant.phone)
            and case.applicant.phone == request.requester_phone
        )
    )
    if not own:
        raise _invalid(
            "case_number",
            _(
                "A ticket can only be about your own case. Check the case number, or "
                "file the ticket without it."
            ),
            "not_own_case",
        )
    return case


def is_staff_intake(actor: Any) -> bool:
    return has_permission(actor, Perm.TICKET_INTAKE)


def _links(request: TicketRequest, actor: Any) -> dict[str, Any]:
    links: dict[str, Any] = {"case": _case_for(request, actor)}
    links["implementation"] = None
    if request.implementation_code:
        try:
            version = catalog_selectors.public_guide(code=request.implementation_code)
        except Http404:
            raise _invalid(
                "implementation_code", _("No such service item."), "unknown_item"
            ) from None
        links["implementation"] = version.implementation
    elif links["case"] is not None:
        links["implementation"] = links["case"].implementation
    organisation = None
    if request.organisation_uuid:
        organisation = region_selectors.organisation_by_uuid(
            uuid=request.organisation_uuid
        )
        if organisation is None:
            raise _invalid(
                "organisation_uuid", _("No such organisation."), "unknown_organisation"
            )
    elif links["case"] is not None:
        organisation = links["case"].organisation
    links["subject_organisation"] = organisation
    links["hall"] = None
    if request.hall_uuid:
        links["hall"] = region_selectors.hall_public_get(uuid=request.hall_uuid)
    return links


def _division(request: TicketRequest, links: dict[str, Any]) -> Any:
    for source in (
        links["case"],
        links["implementation"],
        links["subject_organisation"],
        links["hall"],
    ):
        if source is not None:
            return source.division
    division = (
        region_selectors.division_get(code=request.division_code)
        if request.division_code
        else None
    )
    if division is None:
        raise _invalid(
            "division_code",
            _("Choose the region the ticket concerns."),
            "unknown_division",
        )
    return division


def _check_uploads(uploads: list[UploadedFile]) -> None:
    if len(uploads) > MAX_ATTACHMENTS:
        raise _invalid(
            "attachments",
            _("Attach at most {count} files.").format(count=MAX_ATTACHMENTS),
            "too_many_files",
        )
    for upload in uploads:
        document_check(upload=upload, field="attachments")


def _check_requester(request: TicketRequest, actor: Any) -> None:
    try:
        TicketType(request.ticket_type)
        Channel(request.channel)
    except ValueError:
        raise _invalid("ticket_type", _("Choose a type."), "invalid_choice") from None
    if request.anonymous_to_unit and request.ticket_type not in MAY_STAY_ANONYMOUS:
        raise _invalid(
            "anonymous_to_unit",
            _("Only a complaint or a report can keep your identity from the unit."),
            "anonymous_not_allowed",
        )
    if not actor.is_authenticated and not request.requester_phone:
        raise _invalid(
            "requester_phone", _("Give and confirm your phone number."), "required"
        )


@transaction.atomic
def ticket_file(*, request: TicketRequest, actor: Any) -> Ticket:
    """File a ticket. ``actor`` is the requester's account, an anonymous user whose phone
    the view has checked, or the agent or clerk entering it."""
    _check_text(request)
    _check_requester(request, actor)
    links = _links(request, actor)
    division = _division(request, links)
    subject_staff = None
    if request.subject_staff_username:
        subject_staff = _staff_named(request.subject_staff_username)
    _check_uploads(request.uploads)
    staff_entered = is_staff_intake(actor)
    account = actor if actor.is_authenticated and not staff_entered else None
    now = timezone.now()
    start = clock.today()
    ticket = Ticket(
        number=f"tmp-{secrets.token_hex(8)}",
        ticket_type=request.ticket_type,
        channel=request.channel,
        state="received",
        title=request.title.strip(),
        content=request.content.strip(),
        division=division,
        requester=account,
        requester_name=request.requester_name.strip()
        or (getattr(account, "display_name", "") if account else ""),
        requester_phone=request.requester_phone
        or (getattr(account, "phone", "") if account else ""),
        language=request.language,
        anonymous_to_unit=request.anonymous_to_unit,
        entered_by=actor if staff_entered else None,
        subject_staff=subject_staff,
        received_at=now,
        clock_limit=clock.type_limit(request.ticket_type),
        **links,
    )
    # §9.3: the limit runs from the day of receipt, counted from the next day.
    clock_apply(ticket, Clock.START, division=division, today=start)
    ticket.full_clean(exclude=["number"])
    ticket.save()
    ticket.number = f"T{start:%Y%m%d}{ticket.pk:07d}"
    ticket.save(update_fields=["number"])
    for upload in request.uploads:
        stored = document_store(actor=actor, upload=upload, field="attachments")
        TicketAttachment.objects.create(ticket=ticket, file=stored)
    audit_record(
        actor=actor,
        action="ticket.file",
        instance=ticket,
        changes={"state": [None, ticket.state]},
        division_prefix=division.prefix,
    )
    if ticket.requester_phone:
        notification_enqueue(
            channel="sms",
            recipient=ticket.requester_phone,
            template="ticket_received",
            language=ticket.language,
            context={
                "number": ticket.number,
                "ticket_type": TYPE_LABELS[TicketType(ticket.ticket_type)],
                "due_date": ticket.due_on.isoformat() if ticket.due_on else "",
            },
        )
    return ticket_route_by_rules(ticket=ticket)


def _staff_named(username: str) -> Any:
    from tongban.accounts.selectors import staff_member_by_username

    member = staff_member_by_username(username=username)
    if member is None:
        raise _invalid(
            "subject_staff_username",
            _("No staff member has this user name."),
            "unknown_staff",
        )
    return member


# --- the phone check of anonymous requesters ------------------------------------------------


def _digest(text: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"ticket-phone:{text}".encode(), hashlib.sha256
    ).hexdigest()


def _key(phone: str) -> str:
    return f"tongban:servicedesk:phone:{_digest(phone)[:32]}"


@transaction.atomic
def phone_code_issue(*, phone: str, language: str, number: str = "") -> None:
    """A 6-digit code to ``phone`` (kept hashed in the cache, as registration codes):
    to file a ticket, or with ``number`` to follow that ticket."""
    code = f"{secrets.randbelow(10**6):06d}"
    ttl = settings.LOGIN_CODE_TTL_SECONDS
    cache.set(
        _key(phone),
        {"hash": _digest(code), "tries": 0, "expires": time.time() + ttl},
        timeout=ttl,
    )
    notification_enqueue(
        channel="sms",
        recipient=phone,
        template="ticket_follow_code" if number else "ticket_phone_code",
        language=language,
        context={"code": code, "minutes": ttl // 60, "number": number},
    )


def phone_code_check(*, phone: str, code: str) -> bool:
    """Whether ``code`` is the phone's current code; a wrong one uses up a try, a right
    one is spent (one ticket per code)."""
    entry = cache.get(_key(phone))
    if not entry or entry["tries"] >= settings.LOGIN_CODE_MAX_ATTEMPTS:
        return False
    if hmac.compare_digest(entry["hash"], _digest(code.strip())):
        cache.delete(_key(phone))
        return True
    entry["tries"] += 1
    remaining = int(entry["expires"] - time.time())
    if remaining > 0:
        cache.set(_key(phone), entry, timeout=remaining)
    return False
