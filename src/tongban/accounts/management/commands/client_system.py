"""``tongban client_system USERNAME --scopes S[,S…]``: make the exchange client account
``USERNAME`` an OAuth2 client system and print its client id and secret (once).
``--list`` shows its client systems; ``--rotate CLIENT_ID`` prints a new secret;
``--disable CLIENT_ID`` ends a client system and its tokens now."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongban.accounts import client_systems
from tongban.accounts.models import ClientSystem, User
from tongban.core.permissions import SYSTEM


class Command(BaseCommand):
    help = "Create, list, rotate or disable the OAuth2 client systems of an exchange account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--list", action="store_true")
        action.add_argument("--rotate", metavar="CLIENT_ID")
        action.add_argument("--disable", metavar="CLIENT_ID")
        parser.add_argument("--scopes", default="", help="Comma-separated scopes.")
        parser.add_argument("--rate", type=int, default=600, help="Requests a minute.")
        parser.add_argument("--name", default="", help="What the system is called.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError("No account has this name.")
        systems = ClientSystem.objects.filter(application__user=user).select_related(
            "application"
        )
        try:
            if options["list"]:
                for system in systems:
                    state = "disabled" if system.disabled_at else "enabled"
                    self.stdout.write(
                        f"{system.application.client_id}  {system.scopes}  "
                        f"{system.rate_per_minute}/min  {state}"
                    )
            elif options["rotate"] or options["disable"]:
                wanted = options["rotate"] or options["disable"]
                chosen = systems.filter(application__client_id=wanted).first()
                if chosen is None:
                    raise CommandError("This account has no such client.")
                if options["rotate"]:
                    secret = client_systems.client_secret_rotate(
                        actor=SYSTEM, system=chosen
                    )
                    self.stdout.write(secret)
                else:
                    client_systems.client_system_disable(actor=SYSTEM, system=chosen)
                    self.stdout.write("Disabled.")
            else:
                system, secret = client_systems.client_system_create(
                    actor=SYSTEM,
                    user=user,
                    name=options["name"] or user.username,
                    scopes=[s for s in options["scopes"].split(",") if s],
                    rate_per_minute=options["rate"],
                )
                self.stdout.write(f"{system.application.client_id} {secret}")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
