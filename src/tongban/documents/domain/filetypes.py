"""What a file is, decided by its bytes, never by its name.

Accepted: PDF, PNG, JPEG and OFD (GB/T 33190, the format of Chinese e-certificates, a ZIP
container with ``OFD.xml`` at its root). Refused with a reason: executables and scripts,
archives (ZIP, RAR, 7z, gzip, tar), office files with macros, anything unrecognised, PDFs
that a parser cannot read or that carry JavaScript, launch actions, embedded files or
encryption (``pdf.py``), OFD packages that fail an entry-by-entry check (``ofd.py``), and
polyglots: files that another type's reader would also open (a PDF header in the first
kilobyte, where readers look for it, or a ZIP directory at the end, where unpackers look).
The check reads the whole upload, which the caller has already bounded by size.
"""

from dataclasses import dataclass

from tongban.documents.domain.magic import is_executable
from tongban.documents.domain.ofd import ContainerLimits, ofd_problem, open_zip
from tongban.documents.domain.pdf import pdf_problem

ACCEPTED = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "ofd": "application/ofd",
}
_ARCHIVE_MAGIC = (
    b"Rar!\x1a\x07",  # RAR
    b"7z\xbc\xaf\x27\x1c",  # 7-Zip
    b"\x1f\x8b",  # gzip
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
)
_PDF_HEADER_WINDOW = 1024  # readers accept "%PDF-" anywhere in the first kilobyte
DEFAULT_LIMITS = ContainerLimits()


@dataclass(frozen=True)
class Verdict:
    kind: str | None  # an ACCEPTED key when accepted
    # A stable code when refused: empty, executable, archive, unknown, polyglot,
    # pdf_malformed, pdf_encrypted, pdf_javascript, pdf_launch, pdf_embedded,
    # pdf_too_complex,
    # ofd_malformed, ofd_entry_name, ofd_executable, ofd_too_large, ofd_ratio,
    # ofd_too_many_entries.
    error: str | None

    @property
    def content_type(self) -> str:
        return ACCEPTED[self.kind] if self.kind else "application/octet-stream"


def sniff(data: bytes, *, limits: ContainerLimits = DEFAULT_LIMITS) -> Verdict:
    if not data:
        return Verdict(None, "empty")
    head = data[:16]
    if is_executable(head):
        return Verdict(None, "executable")
    if head.startswith(b"%PDF-"):
        return _judged("pdf", data, _pdf(data))
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _judged("png", data, None)
    if head.startswith(b"\xff\xd8\xff"):
        return _judged("jpg", data, None)
    if head.startswith(b"PK\x03\x04"):
        return _zip_container(data, limits)
    if head.startswith(_ARCHIVE_MAGIC) or data[257:262] == b"ustar":
        return Verdict(None, "archive")
    return Verdict(None, "unknown")


def _judged(kind: str, data: bytes, problem: str | None) -> Verdict:
    if problem:
        return Verdict(None, problem)
    if _is_polyglot(kind, data):
        return Verdict(None, "polyglot")
    return Verdict(kind, None)


def _is_polyglot(kind: str, data: bytes) -> bool:
    if kind != "pdf" and b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return True
    archive = open_zip(data) if kind != "ofd" else None
    if archive is None:
        return False
    with archive:
        return bool(archive.infolist())


def _pdf(data: bytes) -> str | None:
    # A complete PDF ends with %%EOF (possibly followed by whitespace); a truncated upload
    # does not. Incremental updates add more than one, so any in the last kilobyte counts.
    if b"%%EOF" not in data[-1024:]:
        return "pdf_malformed"
    return pdf_problem(data)


def _zip_container(data: bytes, limits: ContainerLimits) -> Verdict:
    archive = open_zip(data)
    if archive is None:
        return Verdict(None, "archive")
    with archive:
        if "OFD.xml" not in {info.orig_filename for info in archive.infolist()}:
            return Verdict(None, "archive")
        problem = ofd_problem(archive, data, limits)
    if problem:
        return Verdict(None, problem)
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return Verdict(None, "polyglot")
    return Verdict("ofd", None)
