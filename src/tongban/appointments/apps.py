from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "tongban.appointments"
    label = "appointments"
    verbose_name = _("Appointments and queues")

    def ready(self) -> None:
        from tongban.appointments import messages  # noqa: F401  registers SMS texts
