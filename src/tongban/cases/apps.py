"""App config for cases; registers the calendar recompute hook and message templates."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "tongban.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from tongban.calendars import hooks
        from tongban.cases import messages  # noqa: F401 - registers the notification templates
        from tongban.cases.services.deadlines import (
            case_deadlines_recompute_for_calendar,
        )

        hooks.register("cases", case_deadlines_recompute_for_calendar)
        from tongban.cases.services.fees import case_payable
        from tongban.payments import payables

        payables.register(case_payable)  # what a case owes, for the counter
        from tongban.cases.services.bundles import bundle_release_observer
        from tongban.lifecycle.writer import on_transition

        on_transition(
            bundle_release_observer
        )  # 一件事: a closed sub-case releases the next
        self._register_audit_labels()

    @staticmethod
    def _register_audit_labels() -> None:
        from tongban.cases.models import STATE_LABELS
        from tongban.cases.presentation import EVENT_LABELS
        from tongban.core import audit_labels

        audit_labels.register(
            actions={
                **{f"case.{event}": label for event, label in EVENT_LABELS.items()},
                "case.recompute_deadlines": _("Due dates recomputed"),
            },
            fields={
                "state": _("state"),
                "promised_due": _("promised due date"),
                "statutory_due": _("statutory due date"),
            },
            values={"state": {s.value: label for s, label in STATE_LABELS.items()}},
        )
