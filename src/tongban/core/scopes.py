"""Scopes: which organisations and region subtrees a staff member may see or change.

A ``Scope`` is a set of grants, each limited to an organisation subtree (materialised path such
as ``/3/17/``) and/or a division subtree (significant code prefix such as ``5401``). ``q()``
turns it into one SQL condition for any model, given the lookups that reach the model's
organisation path and division prefix, so selectors filter in the database, never in Python.
A grant cannot cover an object whose model lacks the field it limits (conservative).
"""

from dataclasses import dataclass

from django.db.models import Q

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Grant:
    organisation_path: str | None = None
    division_prefix: str | None = None


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    grants: tuple[Grant, ...] = ()

    def q(self, *, organisation_path: str | None, division_prefix: str | None) -> Q:
        if self.everything:
            return Q()
        condition = NOTHING
        for grant in self.grants:
            condition |= _grant_q(grant, organisation_path, division_prefix)
        return condition

    def covers(self, *, organisation_path: str = "", division_prefix: str = "") -> bool:
        """Python-side check for one already-loaded object (e.g. before creating it)."""
        if self.everything:
            return True
        return any(
            (
                not g.organisation_path
                or organisation_path.startswith(g.organisation_path)
            )
            and (not g.division_prefix or division_prefix.startswith(g.division_prefix))
            for g in self.grants
        )


def _grant_q(grant: Grant, org_lookup: str | None, division_lookup: str | None) -> Q:
    condition = Q()
    if grant.organisation_path:
        if org_lookup is None:
            return NOTHING
        condition &= Q(**{f"{org_lookup}__startswith": grant.organisation_path})
    if grant.division_prefix:
        if division_lookup is None:
            return NOTHING
        condition &= Q(**{f"{division_lookup}__startswith": grant.division_prefix})
    return condition
