"""Template filters of the portal and workbench shells: weekday names in the user's
language (opening hours are stored as 0 = Monday … 6 = Sunday) and the words of the audit
log."""

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import pgettext_lazy

from tongban.core import audit_labels

register = template.Library()

WEEKDAY_NAMES = (
    pgettext_lazy("weekday", "Monday"),
    pgettext_lazy("weekday", "Tuesday"),
    pgettext_lazy("weekday", "Wednesday"),
    pgettext_lazy("weekday", "Thursday"),
    pgettext_lazy("weekday", "Friday"),
    pgettext_lazy("weekday", "Saturday"),
    pgettext_lazy("weekday", "Sunday"),
)


@register.filter
def weekday_name(value: object) -> str:
    """``0`` → "星期一" / "གཟའ་ཟླ་བ།" / "Monday"; anything else is shown as given."""
    try:
        return str(WEEKDAY_NAMES[int(str(value))])
    except (ValueError, IndexError):
        return str(value)


@register.filter
def audit_action(action: str) -> str:
    """An audit action code as words (core/audit_labels.py)."""
    return audit_labels.action_label(action)


@register.filter
def audit_changes(changes: object) -> list[dict[str, Any]]:
    """An audit row's ``{field: [old, new]}`` as labelled rows."""
    return audit_labels.change_rows(changes) if isinstance(changes, Mapping) else []
