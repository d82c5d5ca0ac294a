"""Statutory notices of case handling (行政许可法 32, 38, 42, 44, 45; DOMAIN.md §8) rendered
as HTML and PDF in the applicant's language. The case services decide when a notice is due,
number it and store the PDF; this package only lays it out.
"""

from tongban.core.pdf import PdfRenderError as NoticeRenderError

from .data import NoticeData, NoticeDataError, NoticeItem, NoticeKind
from .render import render_notice_html, render_notice_pdf

__all__ = [
    "NoticeData",
    "NoticeDataError",
    "NoticeItem",
    "NoticeKind",
    "NoticeRenderError",
    "render_notice_html",
    "render_notice_pdf",
]
