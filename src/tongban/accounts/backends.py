"""Authentication backends for people.

``PeopleBackend``: password authentication for people only. An ``exchange_client`` account
is another system: it authenticates with OAuth2 client credentials on the exchange API
(``tongban.accounts.client_systems``) and never with a password, so it cannot log in to
the workbench, the admin or any page, and a session it somehow holds is not honoured.

``LoginCodeBackend``: the SMS login code as a Django authentication backend, so it goes
through ``auth.authenticate`` like a password: django-axes checks the lockout before it and
records a failed attempt after it, under the same user name (the applicant's phone). Wrong
codes and wrong passwords therefore add up to one lockout (``AXES_FAILURE_LIMIT``).
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from tongban.accounts import services
from tongban.accounts.domain.roles import Role
from tongban.accounts.models import User


class PeopleBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        if Role.EXCHANGE_CLIENT in getattr(user, "roles", ()):
            return False
        return super().user_can_authenticate(user)


class LoginCodeBackend(PeopleBackend):
    def authenticate(  # type: ignore[override]  # a code, not a password
        self,
        request: HttpRequest | None,
        username: str | None = None,
        code: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or not code:
            return None
        try:
            return services.login_code_verify(phone=username, code=code)
        except ValidationError:
            return None
