"""The one writer of a lifecycle.

``Lifecycle.transition`` locks the object's row, resolves the edge, works out in which role
the actor acts, checks the action's guards, applies its effect and the clock effect, sets the
state (the only place a lifecycle's object changes state), appends the history row, writes the
audit row, issues the lifecycle's outputs and tells the observers — all in one transaction,
so two people acting on one object at once get one success and one 409. Observers run inside
the transaction so that what they write (an outbox row, a rollup, a webhook delivery) commits
or rolls back with the transition; what they send goes out after commit through the outbox.
"""

import dataclasses
import datetime
import decimal
import uuid
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.core.api.problems import Problem
from tongban.core.rows import rows_insert
from tongban.core.services import audit_record, audit_without_savepoint
from tongban.lifecycle.actions import Action
from tongban.lifecycle.domain import Table
from tongban.lifecycle.rows import RowWriter
from tongban.notifications.templates import TEMPLATES

M = TypeVar("M", bound=models.Model)
S = TypeVar("S", bound=Hashable)
E = TypeVar("E", bound=Hashable)
R = TypeVar("R", bound=Hashable)


@dataclass(frozen=True)
class Transition:
    """What an observer is told: one transition that will commit with the transaction."""

    lifecycle: str
    obj: models.Model
    event: str
    from_state: str
    to_state: str
    role: str
    actor: Any
    facts: Mapping[str, Any]
    history: models.Model
    # The object's own columns as they were when locked, before the effect and the clock:
    # an observer that keeps counts (a rollup) moves them from what ``before`` counted
    # to what ``obj`` counts now.
    before: Mapping[str, Any] = dataclasses.field(default_factory=dict)


# Column values an effect cannot change in place (anything else is always written).
_IMMUTABLE = (
    type(None),
    str,
    int,
    float,
    bool,
    decimal.Decimal,
    datetime.date,
    datetime.time,
    datetime.timedelta,
    uuid.UUID,
)
DENIED = _("Your role does not allow this action.")
NOT_POSSIBLE = _("This action is not possible in the state {state}.")

Observer = Callable[[Transition], None]
_OBSERVERS: list[Observer] = []
LIFECYCLES: dict[str, "Lifecycle[Any, Any, Any, Any]"] = {}


def on_transition(observer: Observer) -> Observer:
    """Register ``observer`` for every transition of every lifecycle (at start-up)."""
    if observer not in _OBSERVERS:
        _OBSERVERS.append(observer)
    return observer


class Lifecycle(Generic[M, S, E, R]):
    """A lifecycle: its actions and how its writer reaches the object's pieces.

    - ``name``: the audit prefix and the lifecycle's key (``case``, ``ticket``);
    - ``roles(obj, actor)``: the roles ``actor`` holds on this object;
    - ``preference``: which role to act in when the actor holds several that the edge
      allows (most specific first);
    - ``clock(obj, action, data)``: apply the action's clock effect (not saved) and return
      the audit changes of the due dates;
    - ``outputs(obj, action, facts)``: rows the transition writes besides the history
      (statutory notices, the requester's notification through the outbox);
    - ``before_save(obj)``: derived columns that depend on the new state (a case's queue
      date), set after the state and before the object is cleaned and saved;
    - ``scope(obj)``: the audit row's ``division_prefix`` / ``organisation_path``;
    - ``plain_rows``: the object's and the history's models are plain rows (no ``save``
      of their own, no save signals): on PostgreSQL the writer updates the one and
      inserts the other in one statement (``lifecycle/rows.py``), for hot paths.
    """

    def __init__(
        self,
        *,
        name: str,
        model: type[M],
        states: type[S],
        actions: Sequence[Action[S, E, R]],
        history: type[models.Model],
        history_subject: str,
        roles: Callable[[M, Any], set[R]],
        preference: Sequence[R],
        initial: Iterable[S],
        system_roles: Iterable[R] = (),
        state_label: Callable[[S], Any] = str,
        scope: Callable[[M], Mapping[str, str]] = lambda obj: {},
        clock: Callable[[M, Action[S, E, R], Mapping[str, Any]], dict[str, list[Any]]]
        | None = None,
        outputs: Callable[[M, Action[S, E, R], dict[str, Any]], None] | None = None,
        before_save: Callable[[M], None] | None = None,
        lock_related: Sequence[str] = (),
        clean_exclude: Sequence[str] = (),
        plain_rows: bool = False,
        state_field: str = "state",
        reason_field: str = "reasons",
        denied: Any = DENIED,
        not_possible: Any = NOT_POSSIBLE,
    ) -> None:
        self.name = name
        self.model = model
        self.states = states
        self.table: Table[S, E, R] = Table(a.edge for a in actions)
        self.actions: dict[E, Action[S, E, R]] = {}
        for declared in actions:
            if declared.event in self.actions:
                raise ValueError(f"{name}: {declared.event} is declared twice")
            self.actions[declared.event] = declared
        self.history = history
        self.history_subject = history_subject
        self.roles = roles
        self.preference = tuple(preference)
        self.initial = tuple(initial)
        self.system_roles = frozenset(system_roles)
        self.state_label = state_label
        self.scope = scope
        self.clock = clock
        self.outputs = outputs
        self.before_save = before_save
        self.lock_related = tuple(lock_related)
        self.clean_exclude = list(clean_exclude)
        self.rows = RowWriter(model, history) if plain_rows else None
        self.state_field = state_field
        self.reason_field = reason_field
        self.denied = denied
        self.not_possible = not_possible
        LIFECYCLES[name] = self

    # -- reading --------------------------------------------------------------------------

    def action_for(self, event: Any) -> Action[S, E, R] | None:
        return self.actions.get(event)

    def by_slug(self, slug: str) -> Action[S, E, R] | None:
        return next((a for a in self.actions.values() if a.slug == slug), None)

    def allowed(self, obj: M, actor: Any) -> list[Action[S, E, R]]:
        """The actions ``actor`` may try on ``obj`` now (before guards), in table order."""
        state = self.states(getattr(obj, self.state_field))  # type: ignore[call-arg]  # S is an enum class
        return [
            self.actions[event]
            for event in self.table.allowed(state, self.roles(obj, actor))
        ]

    def problems(self) -> list[str]:
        """What is missing from the declarations: the consistency test asserts none."""
        found = []
        for event, declared in self.actions.items():
            where = f"{self.name}.{event}"
            if not str(declared.label or "").strip():
                found.append(f"{where}: no label")
            if not str(declared.history or "").strip():
                found.append(f"{where}: no history text")
            if declared.request is None and not declared.actors <= self.system_roles:
                found.append(f"{where}: people can fire it but it has no request shape")
            if declared.message is not None and declared.message not in TEMPLATES:
                found.append(f"{where}: message template {declared.message} is missing")
            if not callable(declared.effect):
                found.append(f"{where}: the effect is not callable")
            found.extend(
                f"{where}: guard {g!r} is not callable"
                for g in declared.guards
                if not callable(g)
            )
            if self.clock is None and declared.clock.value != "none":
                found.append(f"{where}: a clock effect but the lifecycle has no clock")
        if self.rows is not None:
            found.extend(self.rows.problems(self.name))
        found.extend(
            f"{self.name}: state {s} cannot be reached"
            for s in sorted(map(str, self.table.unreachable(self.initial)))
        )
        return found

    # -- writing --------------------------------------------------------------------------

    def role_for(self, obj: M, actor: Any, declared: Action[S, E, R]) -> R:
        matching = self.roles(obj, actor) & declared.actors
        for role in self.preference:
            if role in matching:
                return role
        raise PermissionDenied(self.denied)

    def check_guards(
        self, obj: M, declared: Action[S, E, R], data: Mapping[str, Any], actor: Any
    ) -> None:
        errors: dict[str, list[ValidationError]] = {}
        for guard in declared.guards:
            for field, code, message in guard(obj, data, actor):
                errors.setdefault(field, []).append(ValidationError(message, code=code))
        if errors:
            raise ValidationError(errors)

    def transition(
        self,
        *,
        obj: M,
        event: Any,
        actor: Any,
        data: Mapping[str, Any] | None = None,
    ) -> M:
        with transaction.atomic():
            return self._transition(obj, event, actor, data)

    def transition_first(
        self,
        *,
        pick: Callable[[], M | None],
        event: Any,
        actor: Any,
        data: Mapping[str, Any] | None = None,
    ) -> M | None:
        """Fire ``event`` on the object ``pick`` chooses and locks, in one transaction;
        ``None`` when it finds none. For a writer that picks its object under lock (the
        next waiting number, ``SKIP LOCKED``): the kernel then does not read and lock
        the row a second time. ``pick`` runs inside the kernel's transaction, must lock
        the row it returns (``select_for_update``) and give it the related rows the
        lifecycle's roles and scope read (``lock_related``)."""
        with transaction.atomic():
            locked = pick()
            if locked is None:
                return None
            return self._apply(locked, event, actor, data)

    def transition_new(
        self,
        *,
        obj: M,
        event: Any,
        actor: Any,
        insert: Callable[[M], bool],
        data: Mapping[str, Any] | None = None,
    ) -> M | None:
        """Fire ``event`` on an object not in the database yet (a submission's new
        case) and write its row once, in the state the edge reaches: not inserted in its
        initial state and then updated (for a case, a dead row version and 21 index
        entries fewer, one statement fewer). The edge is decided on the unsaved object —
        roles, guards, effect, clock, cleaning — so its effect may change the object's
        fields only, never write rows of its own. Then ``insert(obj)`` writes the row
        and what hangs off it; it returns ``False`` when the row could not be written
        (an idempotency race lost: the caller undoes the rest) and nothing more is done.
        Then the history row, the audit row, the outputs and the observers, as for any
        transition, in the caller's transaction, with no savepoint of its own: any
        failure here must abort that transaction as a whole."""
        if not transaction.get_connection().in_atomic_block:
            raise transaction.TransactionManagementError(
                f"{self.name}: transition_new needs the transaction that inserts the "
                "object"
            )
        decided = self._decide(obj, event, actor, data)
        if not insert(obj):
            return None
        return self._record(decided, inserted=True)

    def _transition(
        self, obj: M, event: Any, actor: Any, data: Mapping[str, Any] | None
    ) -> M:
        locked: M = (
            self.model._default_manager.select_for_update(of=("self",))
            .select_related(*self.lock_related)
            .get(pk=obj.pk)
        )
        return self._apply(locked, event, actor, data)

    @staticmethod
    def _changed(obj: M, before: Mapping[str, Any]) -> list[str]:
        """The columns to write: those that differ from the row as read (or inserted),
        every value that can change in place (a dict or list the effect may have edited)
        and the ``auto_now`` stamps. The others hold what the row holds: writing them
        again only cost the statement its size."""
        fields = []
        for f in obj._meta.concrete_fields:
            if f.primary_key:
                continue
            old = before.get(f.attname)
            if (
                getattr(f, "auto_now", False)
                or not isinstance(old, _IMMUTABLE)
                or old != getattr(obj, f.attname)
            ):
                fields.append(f.attname)
        return fields

    def _clean(self, obj: M, before: Mapping[str, Any]) -> None:
        """Clean the object as it will be saved. A constraint whose every field is as
        the row held it is not evaluated again (Django runs one ``SELECT`` per check
        constraint): the database checked those values when they were written, and
        checks them again on this save."""
        unchanged = set()
        for f in obj._meta.concrete_fields:
            if before.get(f.attname) == getattr(obj, f.attname):
                unchanged |= {f.name, f.attname}
        obj.full_clean(exclude=self.clean_exclude, validate_constraints=False)
        using = router.db_for_write(type(obj), instance=obj)
        errors: dict[str, Any] = {}
        for model, constraints in obj.get_constraints():
            for constraint in constraints:
                checked: Any = (
                    constraint  # a Check- or UniqueConstraint, or another kind
                )
                fields = _constraint_fields(checked)
                if fields is not None and fields <= unchanged:
                    continue
                try:
                    checked.validate(
                        model, obj, exclude=set(self.clean_exclude), using=using
                    )
                except ValidationError as error:
                    errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _apply(
        self, locked: M, event: Any, actor: Any, data: Mapping[str, Any] | None
    ) -> M:
        return self._record(self._decide(locked, event, actor, data), inserted=False)

    def _decide(
        self, locked: M, event: Any, actor: Any, data: Mapping[str, Any] | None
    ) -> "_Decided[M]":
        """The edge, the role, the guards, the effect and the clock applied to ``locked``
        and the new state set on it, cleaned; nothing written yet."""
        data = {**(data or {}), "_event": event}
        state = self.states(getattr(locked, self.state_field))  # type: ignore[call-arg]  # S is an enum class
        before = {f.attname: getattr(locked, f.attname) for f in locked._meta.fields}
        declared = self.actions.get(event)
        edge = self.table.resolve(state, event) if declared else None
        if declared is None or edge is None:
            raise Problem(
                status_code=409,
                code="transition_not_allowed",
                detail=str(self.not_possible).format(state=self.state_label(state)),
            )
        role = self.role_for(locked, actor, declared)
        self.check_guards(locked, declared, data, actor)
        facts = declared.effect(locked, data, actor)
        changes = self.clock(locked, declared, data) if self.clock else {}
        target = getattr(declared.target, "value", declared.target)
        source = getattr(state, "value", state)
        setattr(locked, self.state_field, target)
        if self.before_save:
            self.before_save(locked)
        self._clean(locked, before)
        return _Decided(
            obj=locked,
            event=event,
            actor=actor,
            declared=declared,
            role=role,
            data=data,
            facts=facts,
            changes=changes,
            source=source,
            target=target,
            before=before,
        )

    def _record(self, decided: "_Decided[M]", *, inserted: bool) -> M:
        """Write a decided transition: the object's row (unless ``inserted`` already
        wrote it), the history row, the audit row, the outputs; tell the observers."""
        locked, event, actor, role = (
            decided.obj,
            decided.event,
            decided.actor,
            decided.role,
        )
        declared, facts = decided.declared, decided.facts
        source, target = decided.source, decided.target
        history = self.history(
            **{self.history_subject: locked},
            event=str(getattr(event, "value", event)),
            from_state=source,
            to_state=target,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_role=str(getattr(role, "value", role)),
            reason=str(decided.data.get(self.reason_field, "")),
            data=dict(facts),
            created_at=timezone.now(),
        )
        if inserted:
            rows_insert([history], as_save=True)
        elif self.rows is not None and self.rows.writes(locked):
            self.rows.write(locked, history)
        else:
            locked.save(update_fields=self._changed(locked, decided.before))
            history.save(force_insert=True)
        # The writer's own atomic block (or, for ``transition_new``, the caller's
        # transaction) fails as a whole if the append fails: no savepoint for it.
        with audit_without_savepoint():
            audit_record(
                actor=actor,
                action=f"{self.name}.{getattr(event, 'value', event)}",
                instance=locked,
                changes={"state": [source, target], **decided.changes},
                **self.scope(locked),
            )
        if self.outputs:
            self.outputs(locked, declared, facts)
        told = Transition(
            lifecycle=self.name,
            obj=locked,
            event=str(getattr(event, "value", event)),
            from_state=str(source),
            to_state=str(target),
            role=str(getattr(role, "value", role)),
            actor=actor,
            facts=facts,
            history=history,
            before=decided.before,
        )
        for observer in _OBSERVERS:
            observer(told)
        return locked


@dataclass(frozen=True)
class _Decided(Generic[M]):
    """A transition worked out on its object and not yet written."""

    obj: M
    event: Any
    actor: Any
    declared: Any
    role: Any
    data: Mapping[str, Any]
    facts: dict[str, Any]
    changes: Mapping[str, Any]
    source: Any
    target: Any
    before: Mapping[str, Any]


def _constraint_fields(constraint: Any) -> set[str] | None:
    """The fields a constraint reads, or ``None`` when it cannot be told (expressions)."""
    if isinstance(constraint, models.CheckConstraint):
        return set(models.Q(constraint.condition).referenced_base_fields)
    if isinstance(constraint, models.UniqueConstraint) and not constraint.expressions:
        fields = set(constraint.fields)
        if constraint.condition is not None:
            fields |= models.Q(constraint.condition).referenced_base_fields
        return fields
    return None
