"""App config for accounts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tongban.accounts"
    label = "accounts"
    verbose_name = _("People and access")

    def ready(self) -> None:
        from tongban.core import audit_labels

        audit_labels.register(
            actions={
                "applicant.federated_link": _(
                    "Account linked to the unified identity service"
                ),
                "applicant.assurance_raise": _(
                    "Identity level raised by the unified identity service"
                ),
                "client_system.create": _("Client system created"),
                "client_system.rotate_secret": _("Client system secret replaced"),
                "client_system.disable": _("Client system disabled"),
            }
        )
