"""Page-number pagination with a hard cap on ``page_size`` (``API_MAX_PAGE_SIZE``), and
cursor (keyset) pagination with the same cap for long lists read in an indexed order."""

from django.conf import settings
from rest_framework.pagination import CursorPagination, PageNumberPagination


class CappedPagination(PageNumberPagination):
    page_size_query_param = "page_size"

    @property
    def max_page_size(self) -> int:  # type: ignore[override]  # read at call time so tests can override
        return int(settings.API_MAX_PAGE_SIZE)


class CappedCursorPagination(CursorPagination):
    """Keyset pages: no count, no offset, so a late page costs what the first does. A
    view sets ``ordering`` to its index's columns, the last one unique."""

    page_size_query_param = "page_size"

    @property
    def max_page_size(self) -> int:  # type: ignore[override]  # read at call time so tests can override
        return int(settings.API_MAX_PAGE_SIZE)
