"""App config for the platform kernel."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tongban.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from tongban.core.rows import psycopg_keep_wide_statements

        psycopg_keep_wide_statements()
