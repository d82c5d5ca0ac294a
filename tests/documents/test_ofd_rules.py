"""An OFD package (GB/T 33190, a ZIP container) is checked entry by entry before it is
accepted: safe names, bounded sizes, ratio and count, no programs inside, and a proper
``OFD.xml`` at its root naming a document that is there."""

import os
import zipfile

import pytest

from tests.documents import corpus
from tongban.documents.domain.filetypes import sniff
from tongban.documents.domain.ofd import ContainerLimits

SMALL = ContainerLimits(
    max_entries=10,
    max_entry_bytes=4096,
    max_total_bytes=8192,
    max_ratio=20,
    ratio_floor=1024,
)


def _error(data: bytes, limits: ContainerLimits = SMALL) -> str | None:
    return sniff(data, limits=limits).error


def test_a_well_formed_ofd_is_accepted() -> None:
    verdict = sniff(corpus.ofd({"Doc_0/Res/seal.png": os.urandom(2000)}), limits=SMALL)
    assert (verdict.kind, verdict.error) == ("ofd", None)


@pytest.mark.parametrize(
    "name",
    [
        "/etc/cron.d/evil",  # absolute path
        "Doc_0/../../evil.xml",  # climbs out
        "..",
        "Doc_0\\..\\evil.xml",  # Windows separators
        "C:/evil.xml",  # drive letter
        "Doc_0/\x1bevil.xml",  # control character
    ],
    ids=["absolute", "dot-dot", "bare-dot-dot", "backslash", "drive", "control"],
)
def test_an_entry_with_an_unsafe_name_is_refused(name: str) -> None:
    assert _error(corpus.ofd({name: b"<x/>"})) == "ofd_entry_name"


def test_an_entry_name_with_a_nul_byte_is_refused() -> None:
    # zipfile cuts names at NUL when reading; other unpackers do not.
    data = corpus.ofd({"Doc_0/aXb.xml": b"<x/>"}).replace(b"aXb", b"a\x00b")
    assert _error(data) == "ofd_entry_name"


def test_two_entries_with_one_name_are_refused() -> None:
    data = corpus.ofd({"Doc_0/Dup.xml": b"<a/>", "Doc_0/Dvp.xml": b"<b/>"})
    assert _error(data.replace(b"Dvp", b"Dup")) == "ofd_entry_name"


def test_a_symbolic_link_entry_is_refused() -> None:
    info = zipfile.ZipInfo("Doc_0/link")
    info.external_attr = (0o120777 << 16) | 0x20
    data = _with_entry(info, b"/etc/passwd")
    assert _error(data) == "ofd_entry_name"


def test_an_entry_that_inflates_past_the_limit_is_refused() -> None:
    data = corpus.ofd({"Doc_0/Res/big.bin": os.urandom(5000)})
    assert _error(data) == "ofd_too_large"


def test_entries_that_together_inflate_past_the_limit_are_refused() -> None:
    parts = {f"Doc_0/Res/{i}.bin": os.urandom(3000) for i in range(3)}
    assert _error(corpus.ofd(parts)) == "ofd_too_large"


def test_an_entry_compressed_beyond_the_ratio_is_refused() -> None:
    data = corpus.ofd({"Doc_0/Res/zeros.bin": b"\x00" * 4000})
    assert _error(data) == "ofd_ratio"


def test_a_package_with_too_many_entries_is_refused() -> None:
    parts = {f"Doc_0/Pages/{i}.xml": b"<p/>" for i in range(10)}
    assert _error(corpus.ofd(parts)) == "ofd_too_many_entries"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("Doc_0/Res/update.exe", b"not even a program"),  # by name
        ("Doc_0/Res/run.sh", b"echo"),
        ("Doc_0/Res/tool.JS", b"app.alert(1)"),
        ("Doc_0/Res/image.png", b"MZ\x90\x00" + bytes(60)),  # by content
        ("Doc_0/Res/font.ttf", b"\x7fELF\x02\x01" + bytes(60)),
        ("Doc_0/Res/readme.txt", b"#!/bin/sh\nrm -rf ~\n"),
    ],
)
def test_a_program_or_script_inside_is_refused(name: str, data: bytes) -> None:
    assert _error(corpus.ofd({name: data})) == "ofd_executable"


@pytest.mark.parametrize(
    "ofd_xml",
    [
        b"<ofd:OFD/>",  # not even well-formed XML (unbound prefix)
        b'<OFD DocType="OFD"><DocBody><DocRoot>Doc_0/Document.xml</DocRoot></DocBody></OFD>',
        corpus.OFD_XML.replace(b"Doc_0/Document.xml", b"Doc_9/Document.xml"),
        corpus.OFD_XML.replace(b"<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>", b""),
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        + corpus.OFD_XML.split(b"?>", 1)[1],
    ],
    ids=["not-xml", "no-namespace", "missing-document", "no-doc-root", "entity"],
)
def test_an_ofd_xml_that_is_not_a_proper_ofd_entry_point_is_refused(
    ofd_xml: bytes,
) -> None:
    data = corpus.zip_bytes({"OFD.xml": ofd_xml, "Doc_0/Document.xml": b"<x/>"})
    assert _error(data) == "ofd_malformed"


def test_ofd_xml_below_the_root_does_not_make_an_ofd() -> None:
    data = corpus.zip_bytes({"Doc_0/OFD.xml": corpus.OFD_XML})
    assert _error(data) == "archive"


def test_an_encrypted_entry_is_refused() -> None:
    data = bytearray(corpus.ofd({"Doc_0/secret.xml": b"<x/>"}))
    # zipfile cannot write encrypted entries: set the flag in both headers by hand.
    local = data.index(b"PK\x03\x04", data.index(b"PK\x03\x04", 1) + 1)
    central = data.rindex(b"PK\x01\x02")
    assert data[local + 30 : local + 46] == b"Doc_0/secret.xml"
    data[local + 6] |= 0x1
    data[central + 8] |= 0x1
    assert _error(bytes(data)) == "ofd_malformed"


def test_a_damaged_entry_is_refused() -> None:
    data = corpus.ofd(
        {"Doc_0/Res/a.bin": os.urandom(500)}, compression=zipfile.ZIP_STORED
    )
    position = data.index(b"Doc_0/Res/a.bin") + 40
    damaged = data[:position] + bytes([data[position] ^ 0xFF]) + data[position + 1 :]
    assert _error(damaged) == "ofd_malformed"


def _with_entry(info: zipfile.ZipInfo, data: bytes) -> bytes:
    import io

    buffer = io.BytesIO(corpus.ofd())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(info, data)
    return buffer.getvalue()
