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
