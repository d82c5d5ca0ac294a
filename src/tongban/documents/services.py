"""Accept an upload: bound its size, decide its type from its bytes, hash it, store it.

Every check runs on bytes held in memory before anything is written, so a refused upload
leaves no trace in storage or the database. The stored object's name is its hash; the
applicant's file name is kept (sanitised) for display only.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from tongban.core.rows import rows_insert
from tongban.core.services import audit_record
from tongban.documents.domain.filetypes import Verdict, sniff
from tongban.documents.domain.names import safe_name
from tongban.documents.models import StoredFile

MESSAGES = {
    "empty": _("The file is empty."),
    "executable": _(
        "Programs and scripts cannot be uploaded. Upload a PDF, a photo (JPEG, PNG) or an OFD file."
    ),
    "archive": _(
        "Archives (ZIP, RAR, 7z …) cannot be uploaded. Upload each document as a PDF, JPEG, PNG or OFD file."
    ),
    "pdf_malformed": _(
        "This PDF is damaged or incomplete. Save or scan it again and upload the new file."
    ),
    "pdf_encrypted": _(
        "This PDF is encrypted or password-protected, so it cannot be checked. Remove the protection or print it to a new PDF, and upload that."
    ),
    "pdf_javascript": _(
        "This PDF contains scripts (JavaScript), which are not accepted. Print it to a new PDF and upload that."
    ),
    "pdf_launch": _(
        "This PDF tries to start a program or open another file, which is not accepted. Print it to a new PDF and upload that."
    ),
    "pdf_embedded": _(
        "This PDF carries attached or embedded files, which are not accepted. Print it to a new PDF and upload each attachment as a file of its own."
    ),
    "pdf_too_complex": _(
        "This PDF has too many parts to be checked. Print it to a new PDF (or scan it again) and upload that."
    ),
    "ofd_malformed": _(
        "This OFD file is damaged or is not a valid OFD document. Download or export it again from the issuing system and upload the new file."
    ),
    "ofd_entry_name": _(
        "This OFD file contains parts with unsafe names (such as absolute paths or “..”), which are not accepted. Export it again from the issuing system."
    ),
    "ofd_executable": _(
        "This OFD file contains programs or scripts, which are not accepted."
    ),
    "ofd_too_large": _(
        "This OFD file becomes too large when unpacked, which is not accepted. Export it again from the issuing system."
    ),
    "ofd_ratio": _(
        "This OFD file is compressed far more than documents are (a “zip bomb”), which is not accepted."
    ),
    "ofd_too_many_entries": _(
        "This OFD file has too many parts, which is not accepted. Export it again from the issuing system."
    ),
    "polyglot": _(
        "This file is of more than one type at once (for example a picture with an archive inside), which is not accepted. Save it again as a single PDF, JPEG, PNG or OFD file."
    ),
    "unknown": _(
        "This type of file is not accepted. Upload a PDF, a photo (JPEG, PNG) or an OFD file."
    ),
}


def _read_bounded(upload: UploadedFile, limit: int) -> bytes:
    """Read at most ``limit + 1`` bytes: the declared size can lie, the byte count cannot."""
    upload.seek(0)
    chunks, total = [], 0
    for chunk in upload.chunks():
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            break
    return b"".join(chunks)


def _too_large(limit: int, field: str) -> ValidationError:
    message = _(
        "The file is larger than {limit}; reduce it (e.g. scan at 200 dpi) and try again."
    )
    return ValidationError(
        {
            field: ValidationError(
                message.format(limit=filesizeformat(limit)), code="file_too_large"
            )
        }
    )


def document_check(
    *, upload: UploadedFile, max_bytes: int | None = None, field: str = "file"
) -> tuple[bytes, Verdict]:
    """Validate an upload without storing anything: its bytes and what they are, or a
    ``ValidationError`` for ``field``. Callers with several files check all first."""
    limit = max_bytes or settings.DOCUMENT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise _too_large(limit, field)
    data = _read_bounded(upload, limit)
    if len(data) > limit:
        raise _too_large(limit, field)
    verdict = sniff(data)
    if verdict.error or not verdict.kind:
        error = verdict.error or "unknown"
        raise ValidationError(
            {field: ValidationError(MESSAGES[error], code=f"file_{error}")}
        )
    return data, verdict


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed ``document_check``: its bytes and what they are, so that
    storing it reads and judges it no second time."""

    name: str
    data: bytes
    verdict: Verdict


@transaction.atomic
def document_store(
    *,
    actor: Any,
    upload: UploadedFile,
    max_bytes: int | None = None,
    field: str = "file",
) -> StoredFile:
    data, verdict = document_check(upload=upload, max_bytes=max_bytes, field=field)
    checked = CheckedUpload(name=upload.name or "", data=data, verdict=verdict)
    return documents_store_checked(actor=actor, checked=[checked])[0]


# No savepoint (two statements): inside the caller's transaction a failure here aborts
# that transaction; called alone, it is its own transaction.
@transaction.atomic(savepoint=False)
def documents_store_checked(
    *, actor: Any, checked: Sequence[CheckedUpload]
) -> list[StoredFile]:
    """Store uploads the caller checked with ``document_check``: each object once under
    its hash, all rows in one insert, one audit row each. Nothing here is meant to fail
    and be recovered from: a caller inside a transaction cannot continue it after an
    error here."""
    rows = []
    for upload in checked:
        kind = upload.verdict.kind or "bin"  # document_check refuses unnamed kinds
        digest = hashlib.sha256(upload.data).hexdigest()
        storage_name = f"documents/{digest[:2]}/{digest[2:4]}/{digest}.{kind}"
        if not default_storage.exists(storage_name):
            storage_name = default_storage.save(storage_name, ContentFile(upload.data))
        rows.append(
            StoredFile(
                sha256=digest,
                size=len(upload.data),
                kind=kind,
                content_type=upload.verdict.content_type,
                name=safe_name(upload.name, kind=kind),
                storage_name=storage_name,
                uploaded_by=actor if getattr(actor, "pk", None) else None,
            )
        )
    rows_insert(rows)  # one statement, built once
    for row in rows:
        audit_record(
            actor=actor,
            action="document.store",
            instance=row,
            changes={"sha256": [None, row.sha256], "size": [None, row.size]},
        )
    return rows


def document_read(*, stored: StoredFile) -> bytes:
    """The stored bytes, verified against the recorded hash (storage corruption is loud)."""
    with default_storage.open(stored.storage_name, "rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != stored.sha256:
        raise OSError(f"stored file {stored.uuid} does not match its hash")
    return data
