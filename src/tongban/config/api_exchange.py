"""``/api/v1/exchange/``: other government systems (token-authenticated, region-scoped)."""

from django.urls import path

from tongban.cases.api.exchange import CaseEventFeed

urlpatterns = [
    path("case-events", CaseEventFeed.as_view(), name="exchange-case-events"),
]
