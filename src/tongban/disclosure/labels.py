"""The names of the public lists as the disclosure pages show them."""

from django.utils.translation import gettext_lazy as _

from tongban.catalog.presentation import SPECIAL_LIST_LABELS

LIST_LABELS = {
    **{
        k: v
        for k, v in SPECIAL_LIST_LABELS.items()
        if k not in ("in_region", "cross_province")
    },
    "tongban": _("Handled anywhere (通办)"),
}
