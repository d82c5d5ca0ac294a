"""An OFD package (GB/T 33190: a ZIP container with ``OFD.xml`` at its root) checked entry
by entry before it is accepted.

The rules, each with its stable code:

- ``ofd_too_many_entries``: more entries than any e-certificate or licence needs;
- ``ofd_entry_name``: names an unpacker could write outside its folder or read differently
  from us: absolute paths, drive letters, ``..`` or ``.`` segments, backslashes, NUL and
  other control characters, ``:`` (NTFS streams), names that differ only in case, symbolic
  links;
- ``ofd_executable``: programs and scripts, by name or by their first bytes;
- ``ofd_too_large`` / ``ofd_ratio``: per-entry and total inflated size, and compression
  ratio (zip bombs); declared sizes are checked first, then bytes are counted while
  inflating, since a declared size can lie;
- ``ofd_malformed``: encrypted or unknown-method entries, entries whose bytes fail their
  CRC, and an ``OFD.xml`` that is not the standard's entry point (namespace
  ``http://www.ofdspec.org/2016``, root ``OFD`` with a ``DocBody/DocRoot`` naming a
  document that is in the package; no DTD, so no entities);
- ``polyglot``: bytes that no entry accounts for, before, between or after the entries
  (where a second file hides, e.g. a PDF appended to the package).
"""

import io
import re
import stat
import struct
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from tongban.documents.domain.magic import has_executable_name, is_executable

OFD_NS = "http://www.ofdspec.org/2016"
_LOCAL = b"PK\x03\x04"
_DESCRIPTOR = b"PK\x07\x08"
_END = b"PK\x05\x06"
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f\\:]|^/|(^|/)\.\.?(/|$)|//")
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class ContainerLimits:
    max_entries: int = 2000
    max_entry_bytes: int = 64 * 1024 * 1024
    max_total_bytes: int = 128 * 1024 * 1024
    max_ratio: int = 100
    ratio_floor: int = 1024 * 1024  # smaller entries cannot make a bomb


def ofd_problem(
    archive: zipfile.ZipFile, data: bytes, limits: ContainerLimits
) -> str | None:
    """The refusal code for a package that has ``OFD.xml`` at its root, or ``None``."""
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        return "ofd_too_many_entries"
    problem = _names_problem(infos) or _sizes_problem(infos, limits)
    if problem:
        return problem
    if _unaccounted_bytes(data, infos, archive.start_dir):
        return "polyglot"
    try:
        contents = _inflate(archive, infos, limits)
    except _Refused as refused:
        return refused.code
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError):
        return "ofd_malformed"  # CRC, header mismatch, encryption, unknown method
    names = {info.orig_filename for info in infos}
    entry_point = contents.get("OFD.xml", b"")
    return None if _is_entry_point(entry_point, names) else "ofd_malformed"


class _Refused(Exception):
    def __init__(self, code: str) -> None:
        self.code = code


def _names_problem(infos: list[zipfile.ZipInfo]) -> str | None:
    seen: set[str] = set()
    for info in infos:
        name = info.orig_filename  # zipfile's ``filename`` is cut at a NUL byte
        folded = name.casefold()
        mode = info.external_attr >> 16
        if _UNSAFE_NAME.search(name) or folded in seen or stat.S_ISLNK(mode):
            return "ofd_entry_name"
        seen.add(folded)
    if any(has_executable_name(info.orig_filename) for info in infos):
        return "ofd_executable"
    return None


def _sizes_problem(infos: list[zipfile.ZipInfo], limits: ContainerLimits) -> str | None:
    for info in infos:
        if info.flag_bits & 0x1 or info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            return "ofd_malformed"
        if info.file_size > limits.max_entry_bytes:
            return "ofd_too_large"
        if _too_compressed(info.file_size, info.compress_size, limits):
            return "ofd_ratio"
    if sum(info.file_size for info in infos) > limits.max_total_bytes:
        return "ofd_too_large"
    return None


def _too_compressed(inflated: int, compressed: int, limits: ContainerLimits) -> bool:
    return inflated > limits.ratio_floor and inflated > limits.max_ratio * max(
        compressed, 1
    )


def _inflate(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: ContainerLimits
) -> dict[str, bytes]:
    """Inflate every entry, counting bytes (a declared size can lie); keeps ``OFD.xml``."""
    kept: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        size, head, parts = 0, b"", []
        with archive.open(info) as entry:
            while chunk := entry.read(_CHUNK):
                size += len(chunk)
                total += len(chunk)
                if size > limits.max_entry_bytes or total > limits.max_total_bytes:
                    raise _Refused("ofd_too_large")
                if _too_compressed(size, info.compress_size, limits):
                    raise _Refused("ofd_ratio")
                head = head or chunk[:16]
                if info.orig_filename == "OFD.xml":
                    parts.append(chunk)
        if is_executable(head):
            raise _Refused("ofd_executable")
        if parts:
            kept[info.orig_filename] = b"".join(parts)
    return kept


def _unaccounted_bytes(
    data: bytes, infos: list[zipfile.ZipInfo], start_dir: int
) -> bool:
    """Whether the entries, central directory and end record do not tile the file."""
    position = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        header = data[position : position + 30]
        if info.header_offset != position or not header.startswith(_LOCAL):
            return True
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        position += 30 + name_length + extra_length + info.compress_size
        if info.flag_bits & 0x8:  # a data descriptor follows: 12–24 bytes
            signed = data.startswith(_DESCRIPTOR, position)
            sizes = (16, 24) if signed else (12, 20)
            ends = [position + s for s in sizes]
            position = next(
                (e for e in ends if e == start_dir or data.startswith(_LOCAL, e)), -1
            )
    if position != start_dir:
        return True
    end = data.rfind(_END, max(0, len(data) - 65557))
    if end < 0:
        return True
    directory_size, _offset, comment_length = struct.unpack(
        "<IIH", data[end + 12 : end + 22]
    )
    comment = data[end + 22 :]
    zip64_records = end - (start_dir + directory_size)
    return (
        len(comment) != comment_length
        or zip64_records not in (0, 76)
        or b"%PDF-" in comment
        or b"%%EOF" in comment
    )


def _is_entry_point(xml: bytes, names: set[str]) -> bool:
    lowered = xml.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        return False
    try:
        root = ElementTree.fromstring(xml)  # noqa: S314  # no DTD (refused above)
    except ElementTree.ParseError:
        return False
    if root.tag != f"{{{OFD_NS}}}OFD":
        return False
    documents = [
        (element.text or "").strip().lstrip("/")
        for element in root.iterfind(f"{{{OFD_NS}}}DocBody/{{{OFD_NS}}}DocRoot")
    ]
    return bool(documents) and all(d in names for d in documents)


def open_zip(data: bytes) -> zipfile.ZipFile | None:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, struct.error):
        return None
