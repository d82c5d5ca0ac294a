"""A PDF is judged by a parser that reads every object, including those packed in
compressed object streams and those whose names are written with ``#xx`` escapes: each
hostile construct is refused with its own stable code, and a file the parser cannot read
is refused, never a server error."""

import pytest

from tests.documents import corpus
from tongban.documents.domain.filetypes import sniff
from tongban.documents.domain.pdf import pdf_problem

CATALOG_OPENS = b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>"


def _error(data: bytes) -> str | None:
    return sniff(data).error


@pytest.mark.parametrize(
    "data",
    [
        corpus.pdf(),
        corpus.written_pdf(),
        corpus.written_pdf(link="https://zwfw.xizang.gov.cn/"),  # a plain link is fine
        corpus.pdf(compressed={3: corpus.PAGE}),  # object streams themselves are fine
    ],
)
def test_well_formed_pdfs_are_accepted(data: bytes) -> None:
    assert sniff(data).kind == "pdf"


def test_javascript_behind_an_escaped_name_is_refused() -> None:
    # /J#61vaScript is /JavaScript to every reader; a byte search does not see it.
    data = corpus.pdf({1: CATALOG_OPENS, 4: b"<</S/J#61vaScript/J#53(app.alert(1))>>"})
    assert _error(data) == "pdf_javascript"


def test_javascript_in_a_compressed_object_stream_is_refused() -> None:
    data = corpus.pdf(
        {1: CATALOG_OPENS},
        compressed={4: b"<</S/JavaScript/JS(app.launchURL('http://x'))>>"},
    )
    assert b"JavaScript" not in data
    assert _error(data) == "pdf_javascript"


def test_javascript_in_the_document_name_tree_is_refused() -> None:
    catalog = b"<</Type/Catalog/Pages 2 0 R/Names<</J#61vaScript 4 0 R>>>>"
    data = corpus.pdf({1: catalog}, compressed={4: b"<</Names[(a) 5 0 R]>>"})
    assert _error(data) == "pdf_javascript"


def test_a_page_additional_action_with_javascript_is_refused() -> None:
    page = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/AA<</O 4 0 R>>>>"
    data = corpus.pdf({3: page}, compressed={4: b"<</S/JavaScript/JS 5 0 R>>"})
    assert _error(data) == "pdf_javascript"


def test_a_javascript_link_is_refused() -> None:
    data = corpus.written_pdf(link="javascript:app.alert(1)")
    assert _error(data) == "pdf_javascript"


def test_a_launch_action_is_refused() -> None:
    data = corpus.pdf(
        {1: CATALOG_OPENS, 4: b"<</S/L#61unch/F(cmd.exe)/Win<</F(cmd.exe)>>>>"}
    )
    assert _error(data) == "pdf_launch"


def test_a_launch_action_in_an_object_stream_is_refused() -> None:
    data = corpus.pdf({1: CATALOG_OPENS}, compressed={4: b"<</S/Launch/F(calc)>>"})
    assert _error(data) == "pdf_launch"


def test_an_attached_file_is_refused() -> None:
    assert _error(corpus.attachment_pdf()) == "pdf_embedded"


def test_a_file_attachment_annotation_is_refused() -> None:
    # The embedded stream's /Type is optional, so nothing says "EmbeddedFile" in bytes.
    page = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Annots[4 0 R]>>"
    data = corpus.pdf(
        {3: page, 5: b"<</Length 2>>stream\nMZ\nendstream"},
        compressed={
            4: b"<</Type/Annot/Subtype/FileAttachment/Rect[0 0 9 9]/FS 6 0 R>>",
            6: b"<</Type/Filespec/F(a.exe)/EF<</F 5 0 R>>>>",
        },
    )
    assert _error(data) == "pdf_embedded"


def test_an_encrypted_pdf_is_refused() -> None:
    assert _error(corpus.encrypted_pdf()) == "pdf_encrypted"


def _damaged_object_stream() -> bytes:
    data = corpus.pdf({1: CATALOG_OPENS}, compressed={4: b"<</S/JavaScript/JS(x)>>"})
    start = data.index(b"stream\n") + 9  # past the zlib header
    return data[:start] + b"\x00\xff\x00\xff" + data[start + 4 :]


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\nthis is not a PDF at all\n%%EOF\n",
        corpus.pdf().replace(b"startxref", b"startxrev"),
        b"%PDF-1.7\n1 0 obj\n" + b"[" * 100_000 + b"\nendobj\nstartxref\n9\n%%EOF\n",
        _damaged_object_stream(),
    ],
    ids=["garbage", "no-startxref", "nested-arrays", "damaged-object-stream"],
)
def test_a_pdf_the_parser_cannot_read_is_refused(data: bytes) -> None:
    assert _error(data) == "pdf_malformed"


def test_a_pdf_with_more_objects_than_a_document_needs_is_refused() -> None:
    data = corpus.pdf({n: b"[0 0 0]" for n in range(4, 40)})
    assert pdf_problem(data, max_objects=30) == "pdf_too_complex"
    assert pdf_problem(data) is None


def test_a_pdf_that_takes_too_long_to_inspect_is_refused() -> None:
    # 20 MB of dense objects took 96 s to walk before the budget.
    assert pdf_problem(corpus.pdf(), max_seconds=0) == "pdf_too_complex"
