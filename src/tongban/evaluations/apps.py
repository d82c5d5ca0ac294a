"""好差评: evaluations, invitations, bad-review rectification and statistics."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "tongban.evaluations"
    verbose_name = _("evaluations")

    def ready(self) -> None:
        from tongban.calendars import hooks
        from tongban.cases.services.documents import evaluation_link_register
        from tongban.evaluations import messages
        from tongban.evaluations.services.receipts import receipt_link_for_case
        from tongban.evaluations.services.rectification import (
            rectification_deadlines_recompute_for_calendar,
        )
        from tongban.evaluations.services.rollups import case_closed_observer
        from tongban.evaluations.services.ticket_rollups import (
            ticket_transition_observer,
        )
        from tongban.lifecycle.writer import on_transition
        from tongban.notifications.templates import register

        register(messages.TEMPLATES)
        # A holiday notice entered later moves open tickets' dates (calendars.hooks).
        hooks.register("rectifications", rectification_deadlines_recompute_for_calendar)
        # A case that closes is counted for 主动评价率 in its own transaction.
        on_transition(case_closed_observer)
        # A ticket's step moves its counts in the ticket rollups, in the same transaction.
        on_transition(ticket_transition_observer)
        # The acceptance and completion notices print the receipt's evaluation QR code.
        evaluation_link_register(receipt_link_for_case)
