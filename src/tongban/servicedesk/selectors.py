"""Service-desk reads, scoped in SQL: the dispatcher's queue by region, the unit's queue by
organisation (never showing a staff member the tickets about them), the requester's own
tickets, knowledge-base search and the figures.

Privacy (§9.3): ``requester_visible`` decides whether a reader sees who filed a ticket;
a complaint or report kept anonymous to the unit shows its requester to the dispatcher only.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncMonth

from tongban.core.permissions import Perm, not_found, scope_for
from tongban.servicedesk import clock
from tongban.servicedesk.domain import search
from tongban.servicedesk.domain.lifecycle import Role, State
from tongban.servicedesk.models import (
    ExtensionRequest,
    KnowledgeEntry,
    RoutingRule,
    Ticket,
)
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


def ticket_callbacks_due_for(*, user: Any) -> QuerySet[Ticket]:
    """回访 worker's list: replied tickets of the dispatcher's region whose callback is
    due (the working day after the reply) or late, the oldest first; the requester's
    online answer, if any, is on the ticket (``satisfaction``, ``callback_note``)."""
    return (
        Ticket.objects.filter(
            _dispatch_q(user),
            state=State.REPLIED,
            callback_due_on__lte=clock.today(),
        )
        .select_related(*_RELATED)
        .order_by("callback_due_on", "pk")
    )


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
    return (
        Ticket.objects.filter(requester_id=user.pk)
        .select_related("case", "implementation")
        .order_by("-received_at")
    )


def ticket_by_number_and_phone(*, number: str, phone: str) -> Ticket | None:
    """The ticket with this number filed with this phone (both must match), for the
    requester who follows it without an account."""
    if not number.strip() or not phone.strip():
        return None
    return Ticket.objects.filter(
        number=number.strip().upper(), requester_phone=phone.strip()
    ).first()


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


RECENT_WINDOW = 500


def knowledge_search(
    *,
    text: str,
    implementation_code: str = "",
    organisation_id: int | None = None,
    limit: int = 5,
) -> list[KnowledgeEntry]:
    """Published answers holding any of the words of ``text`` (any of the three
    languages, tokens as ``domain.search``), newest first; with an item, its answers and
    the general ones.

    Two steps, the same result as one: the newest ``RECENT_WINDOW`` answers first (a
    common word finds its answers there, read in date order until ``limit``); only when
    they hold too few, all answers through the token index, sorted afterwards (a rare
    word: few rows). One query could not serve both: the planner cannot tell a word held
    by every answer from one held by one, and picked the date order for both."""
    groups = search.query(text)
    if not groups:
        return []
    found = KnowledgeEntry.objects.filter(
        status=KnowledgeEntry.Status.PUBLISHED
    ).select_related("implementation", "organisation")
    if implementation_code:
        found = found.filter(
            Q(implementation__code=implementation_code) | Q(implementation__isnull=True)
        )
    if organisation_id:
        found = found.filter(organisation_id=organisation_id)
    edge = (
        KnowledgeEntry.objects.filter(status=KnowledgeEntry.Status.PUBLISHED)
        .order_by("-published_at", "-pk")
        .values_list("published_at", flat=True)[RECENT_WINDOW - 1 : RECENT_WINDOW]
    )
    since = next(iter(edge), None)
    if since is not None:
        # The document's substrings, which no index serves: the date index is read
        # newest first and stops at ``limit`` answers.
        recent = list(
            found.filter(
                _tokens_match(groups, indexed=False), published_at__gte=since
            ).order_by("-published_at", "pk")[:limit]
        )
        if len(recent) == limit:
            return recent
    # Sorting on an expression keeps the planner off the date index: the token index
    # finds the few rows, then they are sorted.
    return list(
        found.filter(_tokens_match(groups, indexed=True)).order_by(
            Coalesce("published_at", "updated_at").desc(), "pk"
        )[:limit]
    )


def _tokens_match(groups: list[list[str]], *, indexed: bool) -> Any:
    """An answer holding every token of at least one group. Indexed on PostgreSQL: array
    containment on the expression its GIN index covers (migration 0002); otherwise the
    space-padded document's substrings, with the same result."""
    if indexed and connection.vendor == "postgresql":
        sql = " OR ".join(
            ["string_to_array(search_tokens, ' ') @> %s::text[]"] * len(groups)
        )
        # Only placeholders are formatted in; the tokens travel as parameters.
        return RawSQL(f"({sql})", groups, output_field=BooleanField())  # noqa: S611
    condition = Q()
    for tokens in groups:
        every = Q()
        for token in tokens:
            every &= Q(search_tokens__contains=f" {token} ")
        condition |= every
    return condition


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


def routing_rule_list_for(*, user: Any) -> QuerySet[RoutingRule]:
    """The rules a dispatcher keeps: those of a region in their area, and region-wide
    rules whose responsible unit is in it; active first."""
    scope = scope_for(user, Perm.TICKET_DISPATCH)
    return (
        RoutingRule.objects.filter(
            scope.q(organisation_path=None, division_prefix="division__prefix")
            | (
                Q(division__isnull=True)
                & scope.q(
                    organisation_path=None, division_prefix="target__division__prefix"
                )
            )
        )
        .select_related("target", "implementation", "subject_organisation", "division")
        .order_by("-active", "pk")
    )


def routing_rule_get_for(*, user: Any, pk: int) -> RoutingRule:
    rule = routing_rule_list_for(user=user).filter(pk=pk).first()
    if rule is None:
        raise not_found()
    return rule


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
