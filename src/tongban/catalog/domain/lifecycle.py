"""The version life cycle as one transition table: (status, event) → new status.

Each edge says why it exists. Dates (effective, cancellation) are handled by the
service; a published version cancelled from a future date keeps ``published`` until that
date.
"""

from enum import StrEnum


class Event(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    PUBLISH = "publish"
    CANCEL = "cancel"
    SUPERSEDE = "supersede"


TRANSITIONS: dict[tuple[str, str], str] = {
    # a manager sends a finished draft for review (§5.3 rules must hold)
    ("draft", Event.SUBMIT): "submitted",
    # a second person checks it ("联合审核", R4.7); never the submitter
    ("submitted", Event.APPROVE): "approved",
    # the reviewer sends it back with a comment; it becomes editable again
    ("submitted", Event.REJECT): "draft",
    ("approved", Event.REJECT): "draft",
    # publication with an effective date, possibly scheduled (计划生效日期)
    ("approved", Event.PUBLISH): "published",
    # abandoning work in progress
    ("draft", Event.CANCEL): "cancelled",
    ("submitted", Event.CANCEL): "cancelled",
    ("approved", Event.CANCEL): "cancelled",
    # withdrawing a live item (计划取消日期)
    ("published", Event.CANCEL): "cancelled",
    # a later published version became effective
    ("published", Event.SUPERSEDE): "superseded",
}


def next_status(status: str, event: str) -> str | None:
    """The status after ``event``, or ``None`` when the edge does not exist."""
    return TRANSITIONS.get((status, event))
