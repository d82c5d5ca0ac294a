"""What a PDF carries, read by a parser (pypdf) rather than searched for in bytes.

A byte search misses what a reader sees: names written with ``#xx`` escapes
(``/J#61vaScript`` is ``/JavaScript``), objects packed in compressed object streams (PDF
1.5), and actions whose only marker is a name somewhere else. pypdf resolves both, so every
object in the cross-reference (plain and compressed) and the trailer are walked, and the
first hostile construct found names the refusal:

- ``pdf_encrypted``: encrypted files (their object streams cannot be inspected);
- ``pdf_launch``: launch actions (start a program or open another file);
- ``pdf_javascript``: JavaScript actions and name trees, ``/JS``, XFA forms (which script),
  and ``javascript:`` links;
- ``pdf_embedded``: attached or embedded files, file attachment annotations, rich media;
- ``pdf_malformed``: anything the parser cannot read, however it fails;
- ``pdf_too_complex``: more objects, or more parsing time, than any scan or form needs.
  pypdf is pure Python (about 0.1–5 ms an object): a 20 MB file of 20,000 dense objects
  kept a worker busy for 96 s before the budget, so the walk stops at ``MAX_OBJECTS``
  and after ``MAX_SECONDS`` (checked between objects; pypdf bounds a single object).

Known limits: objects outside every cross-reference section, and those an incremental
update replaced, are not walked. Readers show the newest revision and find unlisted
objects only by repairing a damaged file, which pypdf does too (and then walks them).
Content streams are not decoded: what they draw cannot act.
"""

import io
import time
from collections.abc import Iterator

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    PdfObject,
    TextStringObject,
)

# Names whose presence as a dictionary key or as a value marks the construct.
_KEYS = {
    "/JS": "pdf_javascript",
    "/JavaScript": "pdf_javascript",  # the document's JavaScript name tree
    "/XFA": "pdf_javascript",
    "/EmbeddedFiles": "pdf_embedded",
    "/EF": "pdf_embedded",
    "/RichMediaContent": "pdf_embedded",
}
_VALUES = {
    "/JavaScript": "pdf_javascript",  # /S /JavaScript
    "/Launch": "pdf_launch",  # /S /Launch
    "/EmbeddedFile": "pdf_embedded",
    "/FileAttachment": "pdf_embedded",
    "/RichMedia": "pdf_embedded",
}
# When a file has several, the refusal names the most dangerous.
_SEVERITY = ["pdf_launch", "pdf_javascript", "pdf_embedded"]
MAX_OBJECTS = 20_000
MAX_SECONDS = 5.0


class _TooComplex(Exception):
    pass


def pdf_problem(
    data: bytes, *, max_objects: int = MAX_OBJECTS, max_seconds: float = MAX_SECONDS
) -> str | None:
    """The refusal code for ``data`` (a file starting ``%PDF-``), or ``None``."""
    deadline = time.monotonic() + max_seconds
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return "pdf_encrypted"
        found = set()
        for obj in _objects(reader, max_objects):
            found |= set(_markers(obj))
            if "pdf_launch" in found:
                break
            if time.monotonic() >= deadline:
                raise _TooComplex
    except _TooComplex:
        return "pdf_too_complex"
    except Exception:  # any parser failure is a damaged file, not a 500
        return "pdf_malformed"
    return next((code for code in _SEVERITY if code in found), None)


def _objects(reader: PdfReader, max_objects: int) -> Iterator[PdfObject]:
    yield reader.trailer
    references = [
        (generation, number)
        for generation, numbers in reader.xref.items()
        for number in numbers
    ] + [(0, number) for number in reader.xref_objStm]
    if len(references) > max_objects:
        raise _TooComplex
    compressed = set(reader.xref_objStm)
    for generation, number in references:
        obj = reader.get_object(IndirectObject(number, generation, reader))
        if obj is None or (number in compressed and isinstance(obj, NullObject)):
            # pypdf gives up quietly on an object it cannot decode; a laxer reader may
            # still decode part of it, so what cannot be read is not accepted.
            raise ValueError(f"object {number} cannot be read")
        yield obj


def _markers(root: PdfObject) -> Iterator[str]:
    """Codes for the constructs inside one object's direct parts (references are not
    followed: every indirect object is walked on its own)."""
    stack = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, DictionaryObject):  # stream dictionaries included
            for key, value in obj.items():
                if key in _KEYS:
                    yield _KEYS[key]
                if not isinstance(value, IndirectObject):
                    stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(v for v in obj if not isinstance(v, IndirectObject))
        elif isinstance(obj, NameObject) and obj in _VALUES:
            yield _VALUES[obj]
        elif isinstance(obj, (TextStringObject, ByteStringObject)) and _is_script_uri(
            obj
        ):
            yield "pdf_javascript"


def _is_script_uri(value: TextStringObject | ByteStringObject) -> bool:
    text = value if isinstance(value, str) else bytes(value).decode("latin-1")
    return text.lstrip(" \t\r\n\x00").lower().startswith("javascript:")
