"""The one way a stored file leaves the platform over HTTP.

A download is an attachment by default, so a browser saves an applicant's file instead of
rendering it as a page of this site (an HTML or SVG disguised as a scan would otherwise
run with the site's cookies); its name is the sanitised display name, encoded per RFC 6266
and RFC 5987 (``filename*=utf-8''…`` for Chinese and Tibetan names, a quoted and escaped
``filename`` otherwise), and ``nosniff`` stops browsers guessing another type than the one
the bytes were checked as. Stored files are private: never cached by shared caches.
"""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from tongban.documents.domain.names import safe_name


def download_response(
    data: bytes,
    *,
    content_type: str,
    filename: str,
    kind: str,
    inline: bool = False,
    private: bool = True,
) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    name = safe_name(filename, kind=kind)
    response["Content-Disposition"] = content_disposition_header(not inline, name) or ""
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
