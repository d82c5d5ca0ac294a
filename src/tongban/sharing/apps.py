"""App config for data sharing (数据共享)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "tongban.sharing"
    label = "sharing"
    verbose_name = _("Data sharing")

    def ready(self) -> None:
        # The catalogue names data sources by code but may not import this app.
        from tongban.catalog.references import DATA_SOURCE, reference_register

        from .selectors import source_choices

        reference_register(DATA_SOURCE, choices=source_choices)
