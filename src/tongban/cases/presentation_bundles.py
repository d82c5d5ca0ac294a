"""The words of a bundle case's derived status, and of a sub-case held for the earlier
steps, in the reader's language."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tongban.cases.domain.bundles import BundleStatus, Held, HeldState

BUNDLE_STATUS_LABELS = {
    BundleStatus.IN_PROGRESS: _("in progress"),
    BundleStatus.ACTION_NEEDED: _("waiting for you: a department asked for more"),
    BundleStatus.READY: _("every item done: results ready to be handed over"),
    BundleStatus.DELIVERED: _("results handed over"),
    BundleStatus.STOPPED: _("stopped: an item will not give a result"),
}


def held_label(held: Held) -> str:
    """What the case lists say of a held sub-case instead of "draft"."""
    if held.state == HeldState.NOT_STARTED:
        return gettext("not started: an item before it will not give a result")
    if held.waiting_for_step is None:
        return gettext("waiting for the items before it")
    return gettext("waiting for step %(step)s") % {"step": held.waiting_for_step}
