"""Password authentication for people only.

An ``exchange_client`` account is another system: it authenticates with an API token on
the exchange API (``tongban.accounts.exchange_tokens``) and never with a password, so it
cannot log in to the workbench, the admin or any page, and a session it somehow holds is
not honoured.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend

from tongban.accounts.domain.roles import Role


class PeopleBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        if Role.EXCHANGE_CLIENT in getattr(user, "roles", ()):
            return False
        return super().user_can_authenticate(user)
