"""``tongban exchange_token USERNAME``: issue, rotate, list and revoke the API tokens of an
exchange client account.

Without options a new token is issued and printed once; the account's previous tokens stay
valid for ``EXCHANGE_TOKEN_OVERLAP_HOURS`` (``--no-overlap`` ends them now). ``--list`` shows
prefixes and dates only; ``--revoke PREFIX`` / ``--revoke-all`` end tokens at once.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongban.accounts import exchange_tokens
from tongban.accounts.models import User
from tongban.core.permissions import SYSTEM


class Command(BaseCommand):
    help = (
        "Issue (rotate), list or revoke the API tokens of an exchange client account."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--list", action="store_true", help="List tokens.")
        action.add_argument("--revoke", metavar="PREFIX", help="Revoke one token.")
        action.add_argument("--revoke-all", action="store_true")
        parser.add_argument(
            "--no-overlap",
            action="store_true",
            help="When issuing, end the previous tokens now instead of after the overlap.",
        )
        parser.add_argument("--days", type=int, help="Lifetime of the new token.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError("No account has this name.")
        if options["list"]:
            for token in exchange_tokens.exchange_token_list(user=user):
                state = (
                    "revoked"
                    if token.revoked_at
                    else f"expires {token.expires_at:%Y-%m-%d %H:%M}"
                )
                used = (
                    f"{token.last_used_at:%Y-%m-%d %H:%M}"
                    if token.last_used_at
                    else "never"
                )
                self.stdout.write(
                    f"{token.prefix}…  created {token.created_at:%Y-%m-%d %H:%M}  "
                    f"{state}  last used {used}"
                )
            return
        if options["revoke"] or options["revoke_all"]:
            count = exchange_tokens.exchange_token_revoke(
                actor=SYSTEM, user=user, prefix=options["revoke"] or ""
            )
            self.stdout.write(f"Revoked {count} token(s).")
            return
        try:
            key = exchange_tokens.exchange_token_issue(
                actor=SYSTEM,
                user=user,
                overlap=not options["no_overlap"],
                days=options["days"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(key)
