"""The knowledge base (知识库): organisations maintain questions and answers per item, in
three languages, draft → review → published; a second person publishes (as catalogue
versions). An answered consultation becomes a draft in one step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.core.permissions import Perm, require
from tongban.core.services import audit_record
from tongban.servicedesk.domain import search
from tongban.servicedesk.domain.lifecycle import State
from tongban.servicedesk.domain.text import text_problem
from tongban.servicedesk.domain.types import TicketType
from tongban.servicedesk.models import KnowledgeEntry, Ticket

if TYPE_CHECKING:
    from tongban.regions.models import Organisation

LANGUAGE_SUFFIXES = ("zh_hans", "bo", "en")
TEXT_FIELDS = [
    f"{name}_{lang}" for name in ("question", "answer") for lang in LANGUAGE_SUFFIXES
]


def _save(entry: KnowledgeEntry) -> None:
    """``full_clean`` and save, with the search tokens of the texts as they now are."""
    entry.search_tokens = search.document(
        getattr(entry, name) or "" for name in TEXT_FIELDS
    )
    entry.full_clean()
    entry.save()


def _scope(organisation: Organisation) -> dict[str, str]:
    return {
        "organisation_path": organisation.path,
        "division_prefix": organisation.division.prefix,
    }


def _check_texts(texts: dict[str, str]) -> None:
    for name, value in texts.items():
        if text_problem(value or ""):
            raise ValidationError(
                {name: ValidationError(_("Write plain text."), code="text_markup")}
            )
    if not texts.get("question_zh_hans") or not texts.get("answer_zh_hans"):
        raise ValidationError(
            {
                "question_zh_hans": ValidationError(
                    _("The Chinese question and answer are required."),
                    code="required",
                )
            }
        )


@transaction.atomic
def knowledge_draft(
    *,
    actor: Any,
    organisation: Organisation,
    texts: dict[str, str],
    implementation: Any = None,
    source_ticket: Ticket | None = None,
) -> KnowledgeEntry:
    """A new draft; ``texts`` holds ``question_<lang>``/``answer_<lang>``."""
    require(actor, Perm.KNOWLEDGE_MANAGE, **_scope(organisation))
    _check_texts(texts)
    entry = KnowledgeEntry(
        organisation=organisation,
        implementation=implementation,
        author=actor,
        source_ticket=source_ticket,
        **{
            name: value
            for name, value in texts.items()
            if name.split("_", 1)[0] in ("question", "answer")
        },
    )
    _save(entry)
    audit_record(
        actor=actor,
        action="knowledge.draft",
        instance=entry,
        changes={"status": [None, entry.status]},
        **_scope(organisation),
    )
    return entry


def _status(
    entry: KnowledgeEntry,
    actor: Any,
    new: str,
    action: str,
    reason: str = "",
) -> KnowledgeEntry:
    old = entry.status
    entry.status = new
    _save(entry)
    audit_record(
        actor=actor,
        action=action,
        instance=entry,
        changes={"status": [old, new], **({"reason": reason} if reason else {})},
        **_scope(entry.organisation),
    )
    return entry


@transaction.atomic
def knowledge_submit(*, entry: KnowledgeEntry, actor: Any) -> KnowledgeEntry:
    require(actor, Perm.KNOWLEDGE_MANAGE, **_scope(entry.organisation))
    if entry.status != KnowledgeEntry.Status.DRAFT:
        raise ValidationError(_("Only a draft can be sent for review."), code="state")
    return _status(entry, actor, KnowledgeEntry.Status.REVIEW, "knowledge.submit")


@transaction.atomic
def knowledge_publish(*, entry: KnowledgeEntry, actor: Any) -> KnowledgeEntry:
    """Publish an entry under review; never by its author."""
    require(actor, Perm.KNOWLEDGE_REVIEW, **_scope(entry.organisation))
    if entry.status != KnowledgeEntry.Status.REVIEW:
        raise ValidationError(
            _("Only an answer under review can be published."), code="state"
        )
    if entry.author_id == getattr(actor, "pk", None):
        raise PermissionDenied(_("Another person must review your own answer."))
    entry.reviewer = actor
    entry.published_at = timezone.now()
    return _status(entry, actor, KnowledgeEntry.Status.PUBLISHED, "knowledge.publish")


@transaction.atomic
def knowledge_update(
    *,
    entry: KnowledgeEntry,
    actor: Any,
    texts: dict[str, str],
    implementation: Any = None,
) -> KnowledgeEntry:
    """Change a draft's texts and item (a published answer is first sent back)."""
    require(actor, Perm.KNOWLEDGE_MANAGE, **_scope(entry.organisation))
    if entry.status != KnowledgeEntry.Status.DRAFT:
        raise ValidationError(_("Only a draft can be changed."), code="state")
    _check_texts(texts)
    changes: dict[str, list[Any]] = {}
    for name in TEXT_FIELDS:
        new = texts.get(name, "") or ""
        if (getattr(entry, name) or "") != new:
            changes[name] = [getattr(entry, name), new]
            setattr(entry, name, new)
    if entry.implementation_id != getattr(implementation, "pk", None):
        changes["implementation"] = [
            entry.implementation_id,
            getattr(implementation, "pk", None),
        ]
        entry.implementation = implementation
    _save(entry)
    audit_record(
        actor=actor,
        action="knowledge.update",
        instance=entry,
        changes=changes,
        **_scope(entry.organisation),
    )
    return entry


@transaction.atomic
def knowledge_send_back(
    *, entry: KnowledgeEntry, actor: Any, reason: str
) -> KnowledgeEntry:
    """The reviewer sends an answer under review, or a published one, back to draft with
    reasons; a published answer stops being found at once."""
    require(actor, Perm.KNOWLEDGE_REVIEW, **_scope(entry.organisation))
    if entry.status == KnowledgeEntry.Status.DRAFT:
        raise ValidationError(_("The answer is a draft already."), code="state")
    if not reason.strip() or text_problem(reason):
        raise ValidationError(
            {"reason": ValidationError(_("Give the reasons."), code="required")}
        )
    entry.published_at = None
    return _status(
        entry,
        actor,
        KnowledgeEntry.Status.DRAFT,
        "knowledge.send_back",
        reason=reason.strip(),
    )


def knowledge_from_ticket(*, ticket: Ticket, actor: Any) -> KnowledgeEntry:
    """One click: an answered consultation becomes a draft of its unit's knowledge base
    (the requester's name and phone are not carried over)."""
    if ticket.ticket_type not in (TicketType.CONSULTATION, TicketType.HELP) or (
        ticket.state not in (State.REPLIED, State.CLOSED)
    ):
        raise ValidationError(
            _(
                "Only an answered consultation or request for help can become an answer."
            ),
            code="state",
        )
    organisation = ticket.handling_organisation or ticket.subject_organisation
    if organisation is None:
        raise ValidationError(
            _("The ticket has no unit to keep the answer."), code="no_unit"
        )
    return knowledge_draft(
        actor=actor,
        organisation=organisation,
        implementation=ticket.implementation,
        source_ticket=ticket,
        texts=_ticket_texts(ticket),
    )


def _ticket_texts(ticket: Ticket) -> dict[str, str]:
    # The Chinese text is required; a ticket in another language seeds both, and the
    # reviewer translates before publishing.
    texts = {"question_zh_hans": ticket.title, "answer_zh_hans": ticket.reply}
    suffix = ticket.language.replace("-", "_")
    if suffix in LANGUAGE_SUFFIXES:
        texts[f"question_{suffix}"] = ticket.title
        texts[f"answer_{suffix}"] = ticket.reply
    return texts
