"""URLs for bench.catalog: the project's, plus a bare view as the baseline."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("tongban.config.urls")),
]
