"""Words for the audit log: each app registers the labels of its actions, of the fields it
records and of their coded values, so the log reads "审核环节已通过 · 状态：已受理（未变）"
instead of ``case.approve_step`` and ``accepted → accepted``.

Apps register from ``AppConfig.ready`` (core is below every app and imports none of them).
An action is looked up exactly, then by its longest registered prefix ending in ``.``
(``catalog.version.materials.add`` → ``catalog.version.``); anything unregistered is shown
as recorded, so nothing is ever hidden.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_ACTIONS: dict[str, Promise | str] = {}
_FIELDS: dict[str, Promise | str] = {}
_VALUES: dict[str, dict[str, Promise | str]] = {}


def register(
    *,
    actions: Mapping[str, Promise | str] | None = None,
    fields: Mapping[str, Promise | str] | None = None,
    values: Mapping[str, Mapping[str, Promise | str]] | None = None,
) -> None:
    _ACTIONS.update(actions or {})
    _FIELDS.update(fields or {})
    for field, labels in (values or {}).items():
        _VALUES.setdefault(field, {}).update(labels)


def action_label(action: str) -> str:
    if action in _ACTIONS:
        return str(_ACTIONS[action])
    prefixes = [p for p in _ACTIONS if p.endswith(".") and action.startswith(p)]
    return str(_ACTIONS[max(prefixes, key=len)]) if prefixes else action


def _value(field: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    return str(_VALUES.get(field, {}).get(str(value), value))


def change_rows(changes: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``{field: [old, new]}`` as rows of labels; a field recorded with the same value on
    both sides is marked unchanged rather than shown as ``x → x``."""
    rows = []
    for field, pair in changes.items():
        label = str(_FIELDS.get(field, field))
        if isinstance(pair, list | tuple) and len(pair) == 2:
            old, new = pair
            rows.append(
                {
                    "field": label,
                    "old": _value(field, old),
                    "new": _value(field, new),
                    "unchanged": old == new,
                }
            )
        else:  # nested changes (catalogue child rows) are shown as recorded
            rows.append(
                {"field": label, "old": "", "new": str(pair), "unchanged": False}
            )
    return rows


# Actions of the apps below the catalogue, which record few and fixed ones.
register(
    actions={
        "applicant.register": _("Applicant registered"),
        "application_draft.create": _("Application draft saved"),
        "application_draft.save": _("Application draft saved"),
        "application_draft.discard": _("Application draft discarded"),
        "application_draft.submit": _("Application draft submitted"),
        "calendar.notice_create": _("Holiday notice entered"),
        "calendar.notice_update": _("Holiday notice changed"),
        "division.create": _("Division created"),
        "document.store": _("Document stored"),
        "hall.create": _("Service hall created"),
        "hall.add_closure": _("Hall closure added"),
        "hall.add_window": _("Window added"),
        "hall.set_sessions": _("Opening hours set"),
        "organisation.create": _("Organisation created"),
        "organisation.update": _("Organisation changed"),
        "staff.create": _("Staff member created"),
        "staff.assign_role": _("Role assigned"),
        "staff.enrol_totp": _("Authenticator app enrolled"),
    }
)
