"""``tongban second_factor enrol-code USERNAME``: issue a one-time enrolment code (printed
once) so a supervisor or administrator can enrol an authenticator app;
``tongban second_factor reset USERNAME --reason TEXT``: remove a lost device and its
recovery codes. Both are audited as done by the system (the operator at the console); in
the workbench an administrator does the same at /workbench/staff/second-factor/.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongban.accounts import second_factor
from tongban.accounts.models import User
from tongban.core.permissions import SYSTEM


class Command(BaseCommand):
    help = "Issue a second-factor enrolment code, or reset a user's second factor."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["enrol-code", "reset"])
        parser.add_argument("username")
        parser.add_argument("--reason", default="", help="Why (needed for a reset).")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(
            username=options["username"], kind=User.Kind.STAFF
        ).first()
        if user is None:
            raise CommandError("No staff account has this name.")
        try:
            if options["action"] == "enrol-code":
                self.stdout.write(
                    second_factor.second_factor_enrolment_issue(actor=SYSTEM, user=user)
                )
            else:
                second_factor.second_factor_reset(
                    actor=SYSTEM, user=user, reason=options["reason"]
                )
                self.stdout.write(f"Second factor of {user.username} reset.")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
