"""The words of a bundle case's derived status, in the reader's language."""

from django.utils.translation import gettext_lazy as _

from tongban.cases.domain.bundles import BundleStatus

BUNDLE_STATUS_LABELS = {
    BundleStatus.IN_PROGRESS: _("in progress"),
    BundleStatus.ACTION_NEEDED: _("waiting for you: a department asked for more"),
    BundleStatus.READY: _("every item done: results ready to be handed over"),
    BundleStatus.DELIVERED: _("results handed over"),
    BundleStatus.STOPPED: _("stopped: an item will not give a result"),
}
