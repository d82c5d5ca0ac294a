"""Template filters of the portal and workbench shells: weekday names in the user's
language (opening hours are stored as 0 = Monday … 6 = Sunday)."""

from django import template
from django.utils.translation import pgettext_lazy

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
