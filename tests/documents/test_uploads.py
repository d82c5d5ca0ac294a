"""Uploads are judged by their bytes; refused uploads leave nothing behind."""

import gzip
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.documents import corpus
from tongban.core.permissions import SYSTEM
from tongban.documents.domain.names import safe_name
from tongban.documents.models import StoredFile
from tongban.documents.services import document_read, document_store

pytestmark = pytest.mark.django_db

PDF = (  # the smallest PDF a parser accepts: catalog, empty page tree, cross-reference
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\nxref\n0 3\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \ntrailer<</Size 3/Root 1 0 R>>\n"
    b"startxref\n96\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _store(name: str, data: bytes, **kwargs: object) -> StoredFile:
    return document_store(actor=SYSTEM, upload=SimpleUploadedFile(name, data), **kwargs)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("营业执照.pdf", PDF, "pdf"),
        ("photo.PNG", PNG, "png"),
        ("身份证正面.jpeg", JPEG, "jpg"),
        (
            "证照.ofd",
            corpus.ofd(),
            "ofd",
        ),
        ("scan-without-extension", PDF, "pdf"),  # the bytes decide, not the name
    ],
)
def test_accepted_files_are_stored_by_hash(
    media: Path, name: str, data: bytes, kind: str
) -> None:
    stored = _store(name, data)
    assert stored.kind == kind
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert (media / stored.storage_name).read_bytes() == data
    assert document_read(stored=stored) == data
    assert stored.name.endswith(f".{kind}")


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        (
            "invoice.pdf",
            b"MZ\x90\x00\x03" + b"\x00" * 60,
            "file_executable",
        ),  # disguised .exe
        ("run.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "file_executable"),
        ("setup.jpg", b"#!/bin/sh\nrm -rf /\n", "file_executable"),
        ("materials.zip", _zip({"a.pdf": PDF}), "file_archive"),
        ("materials.pdf", _zip({"a.pdf": PDF}), "file_archive"),  # archive renamed
        ("x.rar", b"Rar!\x1a\x07\x01\x00" + b"\x00" * 20, "file_archive"),
        ("x.gz", gzip.compress(PDF), "file_archive"),
        ("cut.pdf", PDF[:60], "file_pdf_malformed"),  # truncated upload
        (
            "active.pdf",
            PDF.replace(
                b"/Type/Catalog", b"/Type/Catalog/OpenAction<</JS(app.alert(1))>>"
            ),
            "file_pdf_javascript",
        ),
        ("notes.txt", "办事指南".encode(), "file_unknown"),
        ("empty.pdf", b"", "file_empty"),
    ],
)
def test_refused_files_leave_nothing(
    media: Path, name: str, data: bytes, code: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        _store(name, data)
    assert raised.value.error_dict["file"][0].code == code
    assert not StoredFile.objects.exists()
    assert not any(media.rglob("*.*"))


def test_an_oversized_file_is_refused_even_when_its_size_is_not_declared(
    media: Path,
) -> None:
    upload = SimpleUploadedFile("big.pdf", PDF + b" " * 2048)
    upload.size = None  # a client that lies or does not say
    with pytest.raises(ValidationError) as raised:
        document_store(actor=SYSTEM, upload=upload, max_bytes=1024)
    assert raised.value.error_dict["file"][0].code == "file_too_large"
    assert "1.0" in str(raised.value.error_dict["file"][0].message)
    assert not any(media.rglob("*.*"))


def test_identical_uploads_share_one_stored_object(media: Path) -> None:
    first, second = _store("a.pdf", PDF), _store("b.pdf", PDF)
    assert first.storage_name == second.storage_name
    assert first.uuid != second.uuid
    assert len([p for p in media.rglob("*") if p.is_file()]) == 1


def test_a_corrupted_stored_file_is_detected(media: Path) -> None:
    stored = _store("a.pdf", PDF)
    (media / stored.storage_name).write_bytes(PDF.replace(b"Catalog", b"Catalox"))
    with pytest.raises(OSError, match="does not match its hash"):
        document_read(stored=stored)


@pytest.mark.parametrize(
    ("original", "kind", "safe"),
    [
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("C:\\Users\\次仁\\身份证.jpg", "jpg", "身份证.jpg"),
        ("report.pdf.exe", "pdf", "report.pdf.pdf"),
        ("a\x00b<>|.png", "png", "a_b.png"),
        ("....", "pdf", "file.pdf"),
        ("x" * 300 + ".pdf", "pdf", "x" * 80 + ".pdf"),
    ],
)
def test_names_are_sanitised(original: str, kind: str, safe: str) -> None:
    assert safe_name(original, kind=kind) == safe
