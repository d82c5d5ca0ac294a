"""Builders for the upload corpus: well-formed PDFs and OFD packages, and the hostile
variants of each, made here from their parts so every case says what it tests.

PDFs are written object by object (pypdf's writer cannot produce object streams or
escaped names, which is what a hostile file uses to hide from a byte search); where the
writer can make the case (encryption, attachments) it does.
"""

import io
import zipfile
import zlib

from pypdf import PdfWriter
from pypdf.annotations import Link

CATALOG = b"<</Type/Catalog/Pages 2 0 R>>"
PAGES = b"<</Type/Pages/Kids[3 0 R]/Count 1>>"
PAGE = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"
OFD_NS = "http://www.ofdspec.org/2016"
OFD_XML = (
    f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" '
    'Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>'
    "b6a1f0c2</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
    "</ofd:DocBody></ofd:OFD>"
).encode()
DOCUMENT_XML = f'<ofd:Document xmlns:ofd="{OFD_NS}"/>'.encode()


def pdf(
    objects: dict[int, bytes] | None = None,
    *,
    compressed: dict[int, bytes] | None = None,
) -> bytes:
    """A PDF with catalog 1, pages 2 and page 3 (each replaceable) plus ``objects``
    written plainly and ``compressed`` inside a Flate object stream (PDF 1.5)."""
    plain = {1: CATALOG, 2: PAGES, 3: PAGE} | (objects or {})
    packed = compressed or {}
    for number in packed:
        plain.pop(number, None)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number, body in sorted(plain.items()):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    if not packed:
        return bytes(out) + _xref_table(offsets, len(out))
    stream_number = max(plain | packed) + 1
    header, bodies = b"", b""
    for number, body in sorted(packed.items()):
        header += b"%d %d " % (number, len(bodies))
        bodies += body + b"\n"
    data = zlib.compress(header + bodies)
    offsets[stream_number] = len(out)
    out += b"%d 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>" % (
        stream_number,
        len(packed),
        len(header),
        len(data),
    )
    out += b"stream\n" + data + b"\nendstream\nendobj\n"
    return bytes(out) + _xref_stream(out, offsets, packed, stream_number)


def _xref_table(offsets: dict[int, int], start: int) -> bytes:
    size = max(offsets) + 1
    rows = [b"0000000000 65535 f \n"]
    for number in range(1, size):
        rows.append(
            b"%010d 00000 n \n" % offsets[number]
            if number in offsets
            else b"0000000000 65535 f \n"
        )
    return b"xref\n0 %d\n%s" % (
        size,
        b"".join(rows),
    ) + b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (size, start)


def _xref_stream(
    out: bytearray, offsets: dict[int, int], packed: dict[int, bytes], stream: int
) -> bytes:
    number = stream + 1
    start = len(out)
    offsets[number] = start
    index = {n: i for i, n in enumerate(sorted(packed))}
    rows = b""
    for n in range(number + 1):
        if n in offsets:
            rows += b"\x01" + offsets[n].to_bytes(4, "big") + b"\x00\x00"
        elif n in index:
            rows += b"\x02" + stream.to_bytes(4, "big") + index[n].to_bytes(2, "big")
        else:
            rows += b"\x00" + b"\x00" * 4 + b"\xff\xff"
    return (
        b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root 1 0 R/Length %d>>stream\n"
        % (number, number + 1, len(rows))
        + rows
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % start
    )


def written_pdf(*, link: str | None = None) -> bytes:
    """A one-page PDF from pypdf's writer, optionally with a link annotation."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if link:
        writer.add_annotation(0, Link(rect=(50, 50, 200, 70), url=link))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def attachment_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("invoice.exe", b"MZ\x90\x00")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_bytes(
    entries: dict[str, bytes],
    *,
    compression: int = zipfile.ZIP_DEFLATED,
    comment: bytes = b"",
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        archive.comment = comment
    return buffer.getvalue()


def ofd(extra: dict[str, bytes] | None = None, **kwargs: object) -> bytes:
    """A minimal well-formed OFD package plus ``extra`` entries."""
    entries = {"OFD.xml": OFD_XML, "Doc_0/Document.xml": DOCUMENT_XML} | (extra or {})
    return zip_bytes(entries, **kwargs)  # type: ignore[arg-type]
