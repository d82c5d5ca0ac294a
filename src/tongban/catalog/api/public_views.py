"""Public catalogue endpoints (AllowAny): search the live guides, read one guide."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.catalog import selectors
from tongban.catalog.api import serializers as s
from tongban.catalog.search import get_search
from tongban.regions import selectors as region_selectors

SEARCH_PARAMETERS = [
    OpenApiParameter(
        "q", str, description="Name, code, department, pinyin or initials"
    ),
    OpenApiParameter("division", str, description="Division code (region subtree)"),
    OpenApiParameter(
        "list", str, description="Special list: " + ", ".join(selectors.SPECIAL_LISTS)
    ),
    OpenApiParameter(
        "theme", str, description="Theme code (person p_…, organisation l_…)"
    ),
    OpenApiParameter(
        "level",
        int,
        description="Exercise level (GB/T 39046 A.2): 1 national … 6 village",
    ),
]


class PublicItemList(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.ItemSummarySerializer

    @extend_schema(parameters=SEARCH_PARAMETERS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        params = self.request.query_params
        prefix = ""
        if params.get("division"):
            division = region_selectors.division_get(code=params["division"])
            prefix = division.prefix if division else "\x00"  # unknown code: no results
        results = get_search().search(params.get("q", ""), division_prefix=prefix)
        if params.get("list"):
            condition = selectors.SPECIAL_LISTS.get(params["list"])
            results = results.filter(condition) if condition else results.none()
        if params.get("level"):
            level = params["level"]
            results = (
                results.filter(implementation__exercise_level=int(level))
                if level.isdigit()
                else results.none()
            )
        if params.get("theme"):
            theme = selectors.theme_condition(params["theme"])
            results = results.filter(theme) if theme else results.none()
        return results


class PublicItemDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=s.GuideSerializer)
    def get(self, request: Request, code: str) -> Response:
        version = selectors.public_guide(code=code)
        body = dict(s.GuideSerializer(version, context={"request": request}).data)
        body["completeness"] = selectors.version_completeness(version).score
        return Response(body)
