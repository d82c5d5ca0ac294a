"""``tongban exchange_token USERNAME``: issue (or rotate) the API token of an exchange client.

The account must hold the ``exchange_client`` role; the token is printed once.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token

from tongban.accounts.domain.roles import Role
from tongban.accounts.models import User


class Command(BaseCommand):
    help = "Issue or rotate the API token of an exchange client account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None or Role.EXCHANGE_CLIENT not in user.roles:
            raise CommandError(
                "No active account with the exchange_client role has this name."
            )
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        self.stdout.write(token.key)
