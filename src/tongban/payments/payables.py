"""What a reference owes, told to payments by the app that owns the reference.

Payments sits below cases (DESIGN.md layers) and knows nothing of them; a counter payment
still needs what a case owes, which fees of its item may be waived, and where a clerk
must work to take it. The owning app registers a resolver at start-up
(``AppConfig.ready``)::

    payables.register(cases.services.fees.case_payable)

and payments asks ``payable_get(reference=…)``. A resolver answers ``None`` for a
reference it does not know.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class FeeLine:
    name: str
    amount: Decimal
    waivable: bool = False  # the item allows this fee to be waived (减免)


@dataclass(frozen=True)
class Place:
    """Where staff must be scoped to act on the payable (a handling organisation, or
    the hall that took the case in)."""

    organisation_path: str
    division_prefix: str


@dataclass(frozen=True)
class Payable:
    reference: str
    payer_name: str
    payee: str
    description: str
    lines: tuple[FeeLine, ...]
    places: tuple[Place, ...]
    open: bool = True  # False once the matter is finished: nothing is taken any more
    url: str = ""  # the staff page of the matter

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def waivable(self) -> Decimal:
        return sum(
            (line.amount for line in self.lines if line.waivable), Decimal("0.00")
        )


Resolver = Callable[[str], Payable | None]
_resolvers: list[Resolver] = []


def register(resolver: Resolver) -> None:
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def payable_get(*, reference: str) -> Payable | None:
    for resolver in _resolvers:
        found = resolver(reference)
        if found is not None:
            return found
    return None
