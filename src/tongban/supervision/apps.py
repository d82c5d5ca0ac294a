"""App config for supervision: registers the case source of the sweep and audit labels."""

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

        sources.register(CaseSource())
        audit_labels.register(
            actions={
                "supervision.sweep": _("Supervision warnings changed"),
                "supervision.baseline": _("Baseline version marked"),
                "supervision.order": _("Supervision order changed"),
            },
            fields={},
            values={},
        )
