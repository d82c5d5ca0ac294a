from django.apps import AppConfig


class ServicedeskConfig(AppConfig):
    name = "tongban.servicedesk"
    label = "servicedesk"
    verbose_name = "Service desk"

    def ready(self) -> None:
        from tongban.servicedesk import messages  # noqa: F401  (registers SMS templates)
