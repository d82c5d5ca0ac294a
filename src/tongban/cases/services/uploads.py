"""The one check of a set of uploads before any is stored: each file judged by
``documents`` within the per-material limit, and all of them together within the
per-case limit. Used by submission and by application drafts alike; the files that pass
come back checked, so that storing them reads and judges them no second time."""

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from tongban.documents.services import CheckedUpload, document_check


def uploads_check(uploads: Mapping[str, UploadedFile]) -> dict[str, CheckedUpload]:
    """``uploads`` maps the request field each file came in to the file; the errors are
    keyed by those fields (and ``materials`` for the total)."""
    errors: dict[str, list[ValidationError]] = {}
    checked: dict[str, CheckedUpload] = {}
    total = 0
    for field, upload in uploads.items():
        try:
            data, verdict = document_check(
                upload=upload, max_bytes=settings.CASE_MATERIAL_MAX_BYTES, field=field
            )
        except ValidationError as error:
            errors.update(error.error_dict)
        else:
            total += len(data)
            checked[field] = CheckedUpload(
                name=upload.name or "", data=data, verdict=verdict
            )
    if total > settings.CASE_MAX_BYTES:
        errors["materials"] = [
            ValidationError(
                _("All materials together may not exceed {limit} MB.").format(
                    limit=settings.CASE_MAX_BYTES // (1024 * 1024)
                ),
                code="case_too_large",
            )
        ]
    if errors:
        raise ValidationError(errors)
    return checked
