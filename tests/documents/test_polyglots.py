"""A file that is two things at once (a PDF that is also a ZIP, a photo with an archive
appended, a package with bytes no entry accounts for) is refused, whatever its first
bytes say it is: a reader of the other type would see content nobody checked."""

import io
import zipfile

import pytest

from tests.documents import corpus
from tests.documents.test_uploads import JPEG, PNG
from tongban.documents.domain.filetypes import sniff

HIDDEN_ZIP = corpus.zip_bytes({"payload.exe": b"MZ\x90\x00" + bytes(60)})


@pytest.mark.parametrize(
    "data",
    [
        corpus.pdf() + HIDDEN_ZIP,  # a PDF with an archive behind its end
        PNG + HIDDEN_ZIP,  # a photo with an archive appended
        JPEG + HIDDEN_ZIP,
        JPEG[:20]
        + b"\xff\xfe\x00\x10%PDF-1.7 obj\x00\x00"
        + JPEG[20:],  # PDF header in a comment
        PNG + corpus.pdf(),  # a PDF behind the image: readers find it by its header
    ],
    ids=["pdf+zip", "png+zip", "jpeg+zip", "jpeg-pdf-header", "png+pdf"],
)
def test_a_file_of_two_types_is_refused(data: bytes) -> None:
    assert sniff(data).error == "polyglot"


def test_an_ofd_whose_first_entry_is_a_pdf_is_refused() -> None:
    data = corpus.zip_bytes(
        {
            "Doc_0/Res/a.pdf": corpus.pdf(),
            "OFD.xml": corpus.OFD_XML,
            "Doc_0/Document.xml": corpus.DOCUMENT_XML,
        },
        compression=zipfile.ZIP_STORED,
    )
    assert sniff(data).error == "polyglot"


def test_an_ofd_with_bytes_behind_its_directory_is_refused() -> None:
    assert sniff(corpus.ofd() + corpus.pdf()).error == "polyglot"


def test_an_ofd_with_bytes_between_its_entries_is_refused() -> None:
    package = corpus.ofd()
    hidden = b"%%EOF: bytes that no entry accounts for. " * 4
    # Slip the bytes in before the central directory and fix its recorded offset:
    # every unpacker still reads the package, and nothing checks those bytes.
    end = package.index(b"PK\x05\x06")
    start = int.from_bytes(package[end + 16 : end + 20], "little")
    moved = (
        package[:start]
        + hidden
        + package[start : end + 16]
        + (start + len(hidden)).to_bytes(4, "little")
        + package[end + 20 :]
    )
    assert zipfile.ZipFile(io.BytesIO(moved)).testzip() is None
    assert sniff(moved).error == "polyglot"
