"""Every case event is one complete declaration (``cases/events.py``): the consistency check
walks them all, and a made-up event is added by writing one declaration."""

import dataclasses
import datetime
from collections.abc import Sequence
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tongban.cases.api import requests as r
from tongban.cases.api.views import action_view
from tongban.cases.domain.workflow import Actor, Event, State
from tongban.cases.events import ACTIONS, CASE_ACTIONS, UNDECLARED, CaseAction
from tongban.cases.forms import workbench as f
from tongban.cases.models import Case
from tongban.cases.services.transition import CASES, case_lifecycle
from tongban.core.models import AuditEvent
from tongban.lifecycle.writer import LIFECYCLES
from tongban.notifications.backends import MemorySms

TRANSLATED = ("zh-hans", "bo")  # English is the msgid itself


def _untranslated(text: Any) -> list[str]:
    with translation.override("en"):
        english = str(text)
    missing = []
    for language in TRANSLATED:
        with translation.override(language):
            if str(text) == english:
                missing.append(language)
    return missing


def case_problems(actions: Sequence[CaseAction]) -> list[str]:
    """The kernel's check of the declarations, and what cases add to it."""
    name = "case_consistency_check"
    try:
        kernel = case_lifecycle(actions=actions, name=name).problems()
    finally:
        LIFECYCLES.pop(name, None)
    found = [p.replace(f"{name}.", "case.", 1) for p in kernel]
    for declared in actions:
        where = f"case.{declared.event}"
        if declared.notice is UNDECLARED:
            found.append(f"{where}: no notice decision (a kind, a rule or None)")
        for piece in ("label", "history"):
            found.extend(
                f"{where}: {piece} not translated into {language}"
                for language in _untranslated(getattr(declared, piece))
            )
        if declared.endpoint and not (
            isinstance(declared.request, type)
            and issubclass(declared.request, r.CaseActionSerializer)
        ):
            found.append(f"{where}: an endpoint needs a CaseActionSerializer")
        if declared.endpoint and declared.form is None:
            found.append(f"{where}: an endpoint for staff needs its workbench form")
    return found


def test_every_declared_event_is_complete() -> None:
    assert case_problems(CASE_ACTIONS) == []


def test_every_event_is_declared_once() -> None:
    assert [a.event for a in CASE_ACTIONS] == list(dict.fromkeys(ACTIONS))
    assert set(ACTIONS) == set(Event)


def test_the_writer_fires_exactly_the_declared_events() -> None:
    assert set(CASES.actions) == set(Event)


# A made-up event: an officer sends a reminder; nothing changes but the history.
REMIND = CaseAction(
    event="remind",
    sources=(State.ACCEPTED,),
    target=State.ACCEPTED,
    actors=frozenset({Actor.CASE_OFFICER}),
    clause="made up for the test",
    notice=None,
    message="case_resume",
    label=_("Resume"),
    history=_("Work resumed"),
    request=r.CaseActionSerializer,
    form=f.ActionForm,
    endpoint=True,
)


def test_a_made_up_event_is_complete_with_one_declaration() -> None:
    assert case_problems([*CASE_ACTIONS, REMIND]) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"label": ""}, "case.remind: no label"),
        ({"history": ""}, "case.remind: no history text"),
        ({"request": None}, "case.remind: people can fire it but it has no request"),
        ({"notice": UNDECLARED}, "case.remind: no notice decision"),
        ({"message": ""}, "case.remind: message template  is missing"),
        ({"message": "case_remind"}, "case.remind: message template case_remind"),
        ({"label": "Remind"}, "case.remind: label not translated into zh-hans"),
        ({"request": r.CaseSupplementSerializer}, "case.remind: an endpoint needs"),
    ],
    ids=[
        "label",
        "history",
        "request",
        "notice",
        "message",
        "template",
        "translation",
        "json-body",
    ],
)
def test_the_check_fails_when_a_piece_of_the_declaration_is_missing(
    change: dict[str, Any], problem: str
) -> None:
    broken = dataclasses.replace(REMIND, **change)
    found = case_problems([*CASE_ACTIONS, broken])
    assert any(p.startswith(problem) for p in found), found


def test_a_made_up_event_gets_its_endpoint_from_the_declaration() -> None:
    view = action_view(REMIND)
    assert view.event == "remind"
    assert view.request_serializer is r.CaseActionSerializer
    assert REMIND.slug == "remind"


@pytest.mark.django_db
def test_a_made_up_event_fires_through_the_one_writer(
    submit, act, staff, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    lifecycle = case_lifecycle(actions=[*CASE_ACTIONS, REMIND], name="case_remind")
    try:
        assert REMIND in lifecycle.allowed(
            Case.objects.get(uuid=uuid), staff["officer"]
        )
        with django_capture_on_commit_callbacks(execute=True):
            case = lifecycle.transition(
                obj=Case.objects.get(uuid=uuid), event="remind", actor=staff["officer"]
            )
    finally:
        LIFECYCLES.pop("case_remind", None)
    row = case.events.last()
    assert (row.event, row.from_state, row.to_state, row.actor_role) == (
        "remind",
        "accepted",
        "accepted",
        "case_officer",
    )
    assert AuditEvent.objects.filter(action="case_remind.remind").exists()
    assert MemorySms.sent[-1].template == "case_resume"


def _shift(case: Case, data: Any, actor: Any) -> dict[str, Any]:
    """Moves the promised date past the statutory one when asked to."""
    if data.get("past"):
        case.promised_due = case.statutory_due + datetime.timedelta(days=1)
    return {}


# A made-up event with an effect on the due dates, held by the check constraint
# ``case_promised_not_after_statutory``.
SHIFT = dataclasses.replace(REMIND, event="shift", effect=_shift)


def _checks(captured: Any) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if '"_check"' in q["sql"]]


@pytest.mark.django_db
def test_a_check_constraint_is_evaluated_only_when_a_transition_changes_its_fields(
    submit, act, staff
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    lifecycle = case_lifecycle(actions=[*CASE_ACTIONS, SHIFT], name="case_shift")
    try:
        with CaptureQueriesContext(connection) as unchanged:
            lifecycle.transition(
                obj=Case.objects.get(uuid=uuid), event="shift", actor=staff["officer"]
            )
        assert _checks(unchanged) == []  # before: one SELECT per transition
        with pytest.raises(ValidationError), CaptureQueriesContext(connection) as moved:
            lifecycle.transition(
                obj=Case.objects.get(uuid=uuid),
                event="shift",
                actor=staff["officer"],
                data={"past": True},
            )
        assert len(_checks(moved)) == 1
    finally:
        LIFECYCLES.pop("case_shift", None)
    case = Case.objects.get(uuid=uuid)
    assert case.promised_due <= case.statutory_due
