"""The actor protocol: who a service acts for.

Every service takes ``actor``: a staff user, an applicant's user, or ``SYSTEM`` (commands,
migrations, tasks). What services need of one is this: an identity for the audit and the
history (``pk``, ``None`` for the system), whether it is logged in, and — read through
``core.permissions.scope_for``, which answers an empty scope for actors without it — where it
holds a permission.
"""

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Actor(Protocol):
    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...
