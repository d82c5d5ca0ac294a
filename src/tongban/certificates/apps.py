"""App config for e-certificates (电子证照)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "tongban.certificates"
    label = "certificates"
    verbose_name = _("E-certificates")

    def ready(self) -> None:
        # The catalogue names certificate types by code but may not import this app.
        from tongban.catalog.references import CERTIFICATE_TYPE, reference_register

        from .selectors import type_choices

        reference_register(CERTIFICATE_TYPE, choices=type_choices)
