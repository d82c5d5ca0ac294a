"""App config for exchange: registers the case event types for webhooks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "tongban.exchange"
    label = "exchange"
    verbose_name = _("Exchange with other systems")

    def ready(self) -> None:
        from tongban.exchange.services import register_case_event_types

        register_case_event_types()
