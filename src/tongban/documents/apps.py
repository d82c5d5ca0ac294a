"""App config for documents."""

import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "tongban.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # pypdf logs every repair it makes to a damaged upload as a warning; what counts
        # is the verdict on the file, not a log line per hostile upload.
        logging.getLogger("pypdf").setLevel(logging.ERROR)
