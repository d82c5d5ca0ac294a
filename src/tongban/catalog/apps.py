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

        self._watch_live_versions()

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

    @staticmethod
    def _watch_live_versions() -> None:
        """Any write to a row a cached live version is made of moves the generation
        (``selectors.catalog_changed``): versions, their children, implementations,
        basic items, and the bodies and divisions they name."""
        from django.db.models import Model
        from django.db.models.signals import post_delete, post_save

        from tongban.catalog import selectors
        from tongban.catalog.fields import CHILD_MODELS
        from tongban.catalog.models import (
            BasicItem,
            Implementation,
            ImplementationVersion,
        )
        from tongban.regions.models import Division, Organisation

        def changed(**kwargs: object) -> None:
            selectors.catalog_changed()

        watched: tuple[type[Model], ...] = (
            ImplementationVersion,
            Implementation,
            BasicItem,
            Organisation,
            Division,
            *CHILD_MODELS.values(),
        )
        for model in watched:
            for signal in (post_save, post_delete):
                signal.connect(
                    changed, sender=model, weak=False, dispatch_uid=f"live:{model}"
                )
