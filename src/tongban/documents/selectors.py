"""Reads of stored files for other apps: a file is reachable only by its uploader here
(reuse of an earlier upload, a draft's attachments); files attached to a case are read
through the case's own selectors."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from tongban.documents.models import StoredFile


def stored_files_of(*, user_id: Any, uuids: Iterable[Any]) -> QuerySet[StoredFile]:
    """The files among ``uuids`` that ``user_id`` uploaded (the others are left out); a
    file without an uploader is nobody's."""
    if user_id is None:
        return StoredFile.objects.none()
    return StoredFile.objects.filter(uuid__in=list(uuids), uploaded_by_id=user_id)


def stored_file_of(*, user_id: Any, uuid: Any) -> StoredFile | None:
    """One file by its uuid if ``user_id`` uploaded it, else ``None``."""
    return stored_files_of(user_id=user_id, uuids=[uuid]).first()
