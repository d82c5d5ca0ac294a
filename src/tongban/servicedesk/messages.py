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
        "ticket_follow_code": Template(
            _("Your Tongban service desk code"),
            _(
                "Your code to follow service desk ticket {number} is {code}. It is "
                "valid for {minutes} minutes."
            ),
        ),
        "ticket_received": Template(
            _SUBJECT,
            _(
                "Your {ticket_type} was received as ticket {number}. You will have a "
                "reply by {due_date}."
            ),
        ),
        "ticket_replied": Template(
            _SUBJECT, _("Ticket {number} has a reply: {reply} The whole reply: {url}")
        ),
        "ticket_callback": Template(
            _SUBJECT,
            _(
                "Are you satisfied with the reply to ticket {number}? Answer at {url} "
                "or wait for our call."
            ),
        ),
        # To the unit's staff (in their language).
        "ticket_routed": Template(
            _("Service desk ticket {number} for your unit"),
            _(
                "Ticket {number} ({title}) was sent to your unit. Reply by {due_date} "
                "on the workbench."
            ),
        ),
        "ticket_supervised": Template(
            _("Service desk ticket {number} under supervision"),
            _("Ticket {number} ({title}) has been taken under supervision (督办)."),
        ),
        "ticket_urged": Template(
            _("Service desk ticket {number} is overdue"),
            _(
                "Urging notice (催办): ticket {number} ({title}) was due on {due_date}. "
                "Reply without delay."
            ),
        ),
        "ticket_escalated": Template(
            _("Service desk ticket {number} escalated"),
            _(
                "Ticket {number} ({title}) is {late} working days past its limit "
                "({due_date}) and has been escalated to supervision."
            ),
        ),
    }
)
