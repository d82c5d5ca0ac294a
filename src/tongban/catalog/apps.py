"""App configuration of the service catalogue."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "tongban.catalog"
    label = "catalog"
    verbose_name = _("Service catalogue")

    def ready(self) -> None:
        from tongban.catalog.models import ImplementationVersion
        from tongban.core import audit_labels

        audit_labels.register(
            actions={
                "catalog.basic_item.create": _("Basic item created"),
                "catalog.basic_item.update": _("Basic item changed"),
                "catalog.implementation.create": _("Implementation created"),
                "catalog.version.": _("Catalogue version edited"),
                "catalog.version.draft": _("Draft version started"),
                "catalog.version.update": _("Draft version edited"),
                "catalog.version.submit": _("Version submitted for review"),
                "catalog.version.approve": _("Version approved"),
                "catalog.version.reject": _("Version sent back"),
                "catalog.version.publish": _("Version published"),
                "catalog.version.cancel": _("Version cancelled"),
                "catalog.version.supersede": _("Version superseded"),
            },
            fields={"status": _("status")},
            values={"status": dict(ImplementationVersion.Status.choices)},
        )
