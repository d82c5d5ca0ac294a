"""App config for regions, organisations and halls."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "tongban.regions"
    label = "regions"
    verbose_name = _("Regions and organisations")

    def ready(self) -> None:
        from tongban.core import audit_labels

        audit_labels.register(actions={"hall.set_duty": _("Duty roster set")})
