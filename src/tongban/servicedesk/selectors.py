"""Service-desk reads, scoped in SQL: the dispatcher's queue by region, the unit's queue by
organisation (never showing a staff member the tickets about them), the requester's own
tickets, knowledge-base search and the figures.

Privacy (§9.3): ``requester_visible`` decides whether a reader sees who filed a ticket;
a complaint or report kept anonymous to the unit shows its requester to the dispatcher only.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from tongban.core.permissions import Perm, not_found, scope_for
from tongban.servicedesk.domain.lifecycle import Role
from tongban.servicedesk.models import ExtensionRequest, KnowledgeEntry, Ticket
from tongban.servicedesk.roles import ticket_roles

_RELATED = (
    "division",
    "handling_organisation__division",
    "subject_organisation",
    "implementation",
    "case",
    "hall",
    "handler",
)


def _dispatch_q(user: Any) -> Q:
    return scope_for(user, Perm.TICKET_DISPATCH).q(
        organisation_path=None, division_prefix="division__prefix"
    )


def _unit_q(user: Any) -> Q:
    return scope_for(user, Perm.TICKET_HANDLE).q(
        organisation_path="handling_organisation__path",
        division_prefix="handling_organisation__division__prefix",
    ) & ~Q(subject_staff_id=getattr(user, "pk", None))


def _supervise_q(user: Any) -> Q:
    return scope_for(user, Perm.TICKET_SUPERVISE).q(
        organisation_path=None, division_prefix="division__prefix"
    )


def ticket_queue_for(
    *, user: Any, states: list[str] | None = None, limit: int = 200
) -> QuerySet[Ticket]:
    """Tickets the staff member may see (dispatcher, unit, supervisor), soonest due first."""
    tickets = Ticket.objects.filter(
        _dispatch_q(user) | _unit_q(user) | _supervise_q(user)
    )
    if states:
        tickets = tickets.filter(state__in=states)
    return tickets.select_related(*_RELATED).order_by("due_on", "pk")[:limit]


def ticket_get_for(*, user: Any, uuid: Any) -> Ticket:
    """One ticket in the staff member's scope, else "not found"."""
    ticket = (
        Ticket.objects.filter(_dispatch_q(user) | _unit_q(user) | _supervise_q(user))
        .select_related(*_RELATED)
        .filter(uuid=uuid)
        .first()
    )
    if ticket is None:
        raise not_found()
    return ticket


def ticket_get_for_requester(*, user: Any, uuid: Any, own: set[str]) -> Ticket:
    """The requester's ticket: by account, or one filed in this browser session (``own``
    holds the UUIDs the session filed, for requesters without an account)."""
    tickets = Ticket.objects.select_related(*_RELATED).filter(uuid=uuid)
    account = (
        getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    )
    ticket = tickets.filter(
        Q(requester_id=account) if account else Q(pk__in=[])
    ).first() or (tickets.first() if str(uuid) in own else None)
    if ticket is None:
        raise not_found()
    return ticket


def ticket_list_for_requester(*, user: Any) -> QuerySet[Ticket]:
    return Ticket.objects.filter(requester_id=user.pk).order_by("-received_at")


def requester_visible(*, ticket: Ticket, user: Any) -> bool:
    """Whether ``user`` may see who filed ``ticket`` (name and phone)."""
    roles = ticket_roles(ticket, user)
    if Role.DISPATCHER in roles:
        return True
    return not ticket.anonymous_to_unit and Role.UNIT in roles


def pending_extension(*, ticket: Ticket) -> ExtensionRequest | None:
    return ticket.extension_requests.filter(approved__isnull=True).first()


def ticket_events(*, ticket: Ticket) -> QuerySet[Any]:
    return ticket.events.all()


def knowledge_search(
    *,
    text: str,
    implementation_code: str = "",
    organisation_id: int | None = None,
    limit: int = 5,
) -> list[KnowledgeEntry]:
    """Published answers whose question or answer contains the words of ``text`` (any of
    the three languages); entries of the item asked about first."""
    words = [w for w in text.split() if len(w) >= 2][:6]
    if not words and len(text.strip()) >= 2:
        words = [text.strip()]
    if not words:
        return []
    condition = Q()
    for word in words:
        for field in ("question", "answer"):
            for lang in ("zh_hans", "bo", "en"):
                condition |= Q(**{f"{field}_{lang}__icontains": word})
    found = KnowledgeEntry.objects.filter(
        condition, status=KnowledgeEntry.Status.PUBLISHED
    ).select_related("implementation", "organisation")
    if implementation_code:
        found = found.filter(
            Q(implementation__code=implementation_code) | Q(implementation__isnull=True)
        )
    if organisation_id:
        found = found.filter(organisation_id=organisation_id)
    return list(found.order_by("-published_at", "pk")[:limit])


def knowledge_for_item(*, implementation_code: str, limit: int = 10) -> list[Any]:
    return list(
        KnowledgeEntry.objects.filter(
            status=KnowledgeEntry.Status.PUBLISHED,
            implementation__code=implementation_code,
        ).order_by("-published_at")[:limit]
    )


def knowledge_list_for(*, user: Any) -> QuerySet[KnowledgeEntry]:
    """Entries the staff member may maintain or review."""
    manage = scope_for(user, Perm.KNOWLEDGE_MANAGE)
    review = scope_for(user, Perm.KNOWLEDGE_REVIEW)
    lookups = {
        "organisation_path": "organisation__path",
        "division_prefix": "organisation__division__prefix",
    }
    return KnowledgeEntry.objects.filter(
        manage.q(**lookups) | review.q(**lookups)
    ).order_by("status", "-updated_at")


def knowledge_get_for(*, user: Any, uuid: Any) -> KnowledgeEntry:
    entry = knowledge_list_for(user=user).filter(uuid=uuid).first()
    if entry is None:
        raise not_found()
    return entry


@dataclass(frozen=True)
class Figures:
    key: str
    total: int
    replied: int
    on_time: int
    rated: int
    satisfied: int
    reopened: int

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.replied if self.replied else None

    @property
    def satisfaction_rate(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None

    @property
    def reopen_rate(self) -> float | None:
        return self.reopened / self.replied if self.replied else None


_GROUPS = {
    "type": "ticket_type",
    "channel": "channel",
    "organisation": "handling_organisation__name",
    "item": "implementation__code",
    "month": "month",
}


def ticket_figures(
    *,
    by: str,
    start: dt.datetime,
    end: dt.datetime,
    division_prefix: str = "",
) -> list[Figures]:
    """Counts and rates per ``by`` (type, channel, organisation, item, month) for tickets
    received in ``[start, end)``; the on-time and reopen rates are over replied tickets,
    satisfaction over callbacks that reached the requester."""
    field = _GROUPS[by]
    tickets = Ticket.objects.filter(received_at__gte=start, received_at__lt=end)
    if division_prefix:
        tickets = tickets.filter(division__prefix__startswith=division_prefix)
    if by == "month":
        tickets = tickets.annotate(month=TruncMonth("received_at"))
    rows = (
        tickets.values(field)
        .annotate(
            total=Count("pk"),
            replied=Count("pk", filter=Q(replied_at__isnull=False)),
            on_time=Count("pk", filter=Q(answered_on_time=True)),
            rated=Count("pk", filter=Q(satisfaction__in=["satisfied", "unsatisfied"])),
            satisfied=Count("pk", filter=Q(satisfaction="satisfied")),
            reopened=Count("pk", filter=Q(reopen_count__gt=0)),
        )
        .order_by(field)
    )
    return [
        Figures(
            key=_key(row[field]),
            total=row["total"],
            replied=row["replied"],
            on_time=row["on_time"],
            rated=row["rated"],
            satisfied=row["satisfied"],
            reopened=row["reopened"],
        )
        for row in rows
    ]


def _key(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m}"
    return "" if value is None else str(value)
