"""``/api/v1/exchange/``: other government systems (OAuth2 client credentials, region-scoped)."""

from django.urls import include, path

from tongban.cases.api.exchange import CaseEventFeed

urlpatterns = [
    path("case-events", CaseEventFeed.as_view(), name="exchange-case-events"),
    path("", include("tongban.exchange.api.urls")),
]
