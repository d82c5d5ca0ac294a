"""App config for disclosure (信息公开): public pages and feeds read from the live data."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "tongban.disclosure"
    label = "disclosure"
    verbose_name = _("Public disclosure")
