"""Ticket types, channels and their default time limits (DOMAIN.md §9.3).

咨询/求助 are answered within 3 working days, 投诉/举报/建议 within 13 working days; both
counted from the next day (the day of receipt is not counted, as every limit on the
calendars' deadline engine). Deployments change the figures through the
``SERVICEDESK_LIMITS`` setting; these are the defaults the standard's examples give.
"""

from enum import StrEnum


class TicketType(StrEnum):
    CONSULTATION = "consultation"  # 咨询
    HELP = "help"  # 求助
    COMPLAINT = "complaint"  # 投诉
    REPORT = "report"  # 举报
    SUGGESTION = "suggestion"  # 建议


class Channel(StrEnum):
    PORTAL = "portal"  # the requester online, logged in or phone-checked
    PHONE = "phone"  # a 12345 agent took the call
    HALL = "hall"  # entered at a hall's desk


DEFAULT_LIMITS: dict[TicketType, int] = {
    TicketType.CONSULTATION: 3,
    TicketType.HELP: 3,
    TicketType.COMPLAINT: 13,
    TicketType.REPORT: 13,
    TicketType.SUGGESTION: 13,
}

# A complaint or report may keep its requester unknown to the unit it is about (§9.3 privacy).
MAY_STAY_ANONYMOUS = frozenset({TicketType.COMPLAINT, TicketType.REPORT})

# Working days late after which an overdue ticket is escalated (§9.3: "still 5 working days
# late").
ESCALATE_AFTER = 5


def limit_for(ticket_type: TicketType, overrides: dict[str, int] | None = None) -> int:
    """Working days allowed for a ticket of ``ticket_type`` (setting over default)."""
    if overrides and str(ticket_type) in overrides:
        return int(overrides[str(ticket_type)])
    return DEFAULT_LIMITS[ticket_type]
