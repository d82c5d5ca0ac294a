"""Public catalogue endpoints (AllowAny): search the live guides, read one guide."""

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.timezone import localdate
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.catalog import guide_cache, selectors
from tongban.catalog.api import serializers as s
from tongban.catalog.search import get_search
from tongban.core import pagecache
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
    """One live guide. Its body is kept in the shared cache per (publication stamp,
    day, language) like the guide page (``catalog.guide_cache``), with an ETag for
    conditional GET and ``Cache-Control: public``; the language follows
    ``Accept-Language`` or the switcher's cookie, so it varies on both."""

    permission_classes = [AllowAny]

    @extend_schema(responses=s.GuideSerializer)
    def get(self, request: Request, code: str) -> HttpResponse:
        normal = guide_cache.normal_code(code)
        language = get_language() or settings.LANGUAGE_CODE
        guide_stamp, body = (
            guide_cache.read(normal, "api", language) if normal else (None, None)
        )
        if body is None:
            version = selectors.public_guide(code=code)
            guide_stamp, keep = guide_cache.settled(normal, guide_stamp)
            body = dict(s.GuideSerializer(version, context={"request": request}).data)
            body["completeness"] = selectors.version_completeness(version).score
            if keep and normal is not None:
                guide_cache.keep(
                    normal,
                    guide_stamp,
                    "api",
                    language,
                    value=body,
                    timeout=settings.GUIDE_CACHE_SECONDS,
                )
            else:  # read without a stamp: no ETag a later answer could match
                unkept = Response(body)
                unkept["Cache-Control"] = "public, max-age=0, no-cache"
                patch_vary_headers(unkept, ("Accept-Language", "Cookie"))
                return unkept
        etag = pagecache.etag(("api", normal, guide_stamp, localdate(), language))
        response: HttpResponse = get_conditional_response(
            request, etag=etag
        ) or Response(body)
        return pagecache.cache_headers(
            response,
            etag=etag,
            last_modified=None,
            public=True,
            max_age=settings.GUIDE_MAX_AGE_SECONDS,
            vary=("Accept-Language", "Cookie"),
        )
