"""Notification templates of evaluations: the SMS invitation after a counter case closes,
and the word to supervisors when a rectification ticket is overdue."""

from django.utils.translation import gettext_lazy as _

from tongban.notifications.templates import Template

TEMPLATES = {
    "evaluation_invite": Template(
        subject=_("Please evaluate our service"),
        body=_(
            "Your case {number} is completed. Please tell us how we served you: {link} "
            "(valid for {days} days). Evaluating is voluntary."
        ),
    ),
    "rectification_overdue": Template(
        subject=_("Bad-review rectification overdue"),
        body=_(
            "The rectification of bad review {ticket} for {unit} was due on {due} and is "
            "not finished. Open the ticket: {link}"
        ),
    ),
    "rectification_contact_overdue": Template(
        subject=_("Bad-review evaluator not contacted in time"),
        body=_(
            "The evaluator of bad review {ticket} for {unit} was to be contacted by {due} "
            "and has not been. Open the ticket: {link}"
        ),
    ),
}
