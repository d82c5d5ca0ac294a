"""Root URLs: portal and workbench pages, the three API roots, schema and docs, probes."""

from typing import Any

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from oauth2_provider import views as oauth2_views

from tongban.cases.views import portal
from tongban.core import views as core_views
from tongban.core.api.problems import api_not_found
from tongban.regions import views as region_views

api_v1: list[Any] = [
    path("public/", include("tongban.config.api_public")),
    path("internal/", include("tongban.config.api_internal")),
    path("exchange/", include("tongban.config.api_exchange")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    re_path(r"^.*$", api_not_found),
]

urlpatterns = [
    path("", portal.home, name="home"),
    path("halls/", region_views.hall_directory, name="hall-directory"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("prefs/large-text/", core_views.large_text, name="large-text"),
    # OAuth2 for other systems: client credentials only (accounts.client_systems)
    path("oauth/token/", oauth2_views.TokenView.as_view(), name="oauth2-token"),
    path("oauth/revoke/", oauth2_views.RevokeTokenView.as_view(), name="oauth2-revoke"),
    path("api/v1/", include(api_v1)),
    re_path(r"^api/.*$", api_not_found),
    path("", include("tongban.accounts.urls")),
    path("", include("tongban.cases.urls")),
    path("", include("tongban.appointments.urls")),
    path("", include("tongban.sharing.urls")),
    path("certificates/", include("tongban.certificates.urls")),
    path("", include("tongban.payments.urls")),
    path("", include("tongban.evaluations.urls")),
    path("", include("tongban.servicedesk.urls")),
    path("workbench/", include("tongban.regions.urls")),
    path("calendars/", include("tongban.calendars.urls")),
    path("workbench/supervision/", include("tongban.supervision.urls")),
    path("workbench/integrations/", include("tongban.exchange.urls")),
    path("open/", include("tongban.disclosure.urls")),
    path("", include("tongban.catalog.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "tongban.core.views.bad_request"
handler404 = "tongban.core.views.page_not_found"
handler500 = "tongban.core.views.server_error"
