"""SMS texts of the service desk, registered with the notification templates at start-up.
Each names the ticket number, so the requester can look the ticket up."""

from django.utils.translation import gettext_lazy as _

from tongban.notifications.templates import Template, register

_SUBJECT = _("Your service desk ticket {number}")

register(
    {
        "ticket_phone_code": Template(
            _("Your Tongban service desk code"),
            _(
                "Your code to file a service desk ticket is {code}. It is valid for "
                "{minutes} minutes."
            ),
        ),
        "ticket_received": Template(
            _SUBJECT,
            _(
                "Your {ticket_type} was received as ticket {number}. You will have a "
                "reply by {due_date}."
            ),
        ),
        "ticket_replied": Template(_SUBJECT, _("Ticket {number} has a reply: {reply}")),
    }
)
