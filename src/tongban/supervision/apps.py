"""App config for supervision: registers the sources of the sweep (cases, service-desk
tickets, rectifications) and the audit labels."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "tongban.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        from tongban.core import audit_labels
        from tongban.supervision import sources
        from tongban.supervision.case_source import CaseSource
        from tongban.supervision.rectification_source import RectificationSource
        from tongban.supervision.ticket_source import TicketSource

        sources.register(CaseSource())
        sources.register(TicketSource())
        sources.register(RectificationSource())
        audit_labels.register(
            actions={
                "supervision.sweep": _("Supervision warnings changed"),
                "supervision.baseline": _("Baseline version marked"),
                "supervision.order": _("Supervision order changed"),
            },
            fields={},
            values={},
        )
