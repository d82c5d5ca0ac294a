"""What a file is, decided by its bytes, never by its name.

Accepted: PDF, PNG, JPEG and OFD (GB/T 33190, the format of Chinese e-certificates, a ZIP
container with ``OFD.xml`` at its root). Refused with a reason: executables and scripts,
archives (ZIP, RAR, 7z, gzip, tar), office files with macros, anything unrecognised, and PDFs
that are truncated or carry JavaScript or embedded files. The check reads the whole upload,
which the caller has already bounded by size.
"""

import io
import re
import zipfile
from dataclasses import dataclass

ACCEPTED = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "ofd": "application/ofd",
}

_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE
    b"\x7fELF",  # Linux
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",  # Mach-O
    b"\xca\xfe\xba\xbe",  # Java class / universal binary
    b"#!",  # script with an interpreter line
)
_ARCHIVE_MAGIC = (
    b"Rar!\x1a\x07",  # RAR
    b"7z\xbc\xaf\x27\x1c",  # 7-Zip
    b"\x1f\x8b",  # gzip
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
)
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")


@dataclass(frozen=True)
class Verdict:
    kind: str | None  # an ACCEPTED key when accepted
    error: (
        str | None
    )  # stable code: executable, archive, pdf_malformed, pdf_active, unknown, empty

    @property
    def content_type(self) -> str:
        return ACCEPTED[self.kind] if self.kind else "application/octet-stream"


def sniff(data: bytes) -> Verdict:
    if not data:
        return Verdict(None, "empty")
    head = data[:16]
    if head.startswith(_EXECUTABLE_MAGIC):
        return Verdict(None, "executable")
    if head.startswith(b"%PDF-"):
        return _pdf(data)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Verdict("png", None)
    if head.startswith(b"\xff\xd8\xff"):
        return Verdict("jpg", None)
    if head.startswith(b"PK\x03\x04"):
        return _zip_container(data)
    if head.startswith(_ARCHIVE_MAGIC) or data[257:262] == b"ustar":
        return Verdict(None, "archive")
    return Verdict(None, "unknown")


def _pdf(data: bytes) -> Verdict:
    # A complete PDF ends with %%EOF (possibly followed by whitespace); a truncated upload
    # does not. Incremental updates add more than one, so any in the last kilobyte counts.
    if b"%%EOF" not in data[-1024:]:
        return Verdict(None, "pdf_malformed")
    if _PDF_ACTIVE.search(data):
        return Verdict(None, "pdf_active")
    return Verdict("pdf", None)


def _zip_container(data: bytes) -> Verdict:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return Verdict(None, "archive")
    if "OFD.xml" in names:
        return Verdict("ofd", None)
    return Verdict(None, "archive")
