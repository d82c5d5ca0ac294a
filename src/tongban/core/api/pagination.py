"""Page-number pagination with a hard cap on ``page_size`` (``API_MAX_PAGE_SIZE``)."""

from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class CappedPagination(PageNumberPagination):
    page_size_query_param = "page_size"

    @property
    def max_page_size(self) -> int:  # type: ignore[override]  # read at call time so tests can override
        return int(settings.API_MAX_PAGE_SIZE)
