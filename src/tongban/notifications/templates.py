"""Message templates: subject and body per template code, translated with gettext.

Bodies use named placeholders (``{code}``) and are rendered inside ``translation.override``
with the recipient's language, so every message reads in one language.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Template:
    subject: Promise
    body: Promise


TEMPLATES: dict[str, Template] = {
    "login_code": Template(
        subject=_("Your Tongban login code"),
        body=_(
            "Your Tongban login code is {code}. It is valid for {minutes} minutes. "
            "Staff will never ask you for this code."
        ),
    ),
    "registration_code": Template(
        subject=_("Your Tongban registration code"),
        body=_(
            "Your Tongban registration code is {code}. It is valid for {minutes} "
            "minutes. Staff will never ask you for this code."
        ),
    ),
    "registration_phone_taken": Template(
        subject=_("Your Tongban account"),
        body=_(
            "Someone asked to register a new Tongban account with this phone number, "
            "which already has one. Log in with your password or an SMS code. If it was "
            "not you, ignore this message."
        ),
    ),
    "registration_id_taken": Template(
        subject=_("Your Tongban account"),
        body=_(
            "Someone tried to register a new Tongban account with your ID number. Your "
            "account is unchanged. If it was not you, tell a service counter."
        ),
    ),
    "staff_welcome": Template(
        subject=_("Your Tongban staff account"),
        body=_("A Tongban staff account {username} was created for you."),
    ),
}


def register(templates: dict[str, Template]) -> None:
    """Apps add their own templates at start-up (``AppConfig.ready``)."""
    TEMPLATES.update(templates)
