"""好差评: evaluations, invitations, bad-review rectification and statistics."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "tongban.evaluations"
    verbose_name = _("evaluations")

    def ready(self) -> None:
        from tongban.evaluations import messages
        from tongban.notifications.templates import register

        register(messages.TEMPLATES)
