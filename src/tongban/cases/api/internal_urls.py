"""Staff case endpoints: the queue, counter intake and the named actions (one per event\nwhose declaration in ``cases/events.py`` says it is an endpoint)."""

from django.urls import path

from tongban.cases.api import bundle_notices, bundles, crossregion, views
from tongban.cases.events import CASE_ACTIONS
from tongban.cases.services.crossregion import PROXIES

urlpatterns = [
    path("cases/", views.Queue.as_view(), name="case-queue"),
    path("bundle-cases/", bundles.BundleIntake.as_view(), name="bundle-case-intake"),
    path(
        "bundle-cases/<uuid:uuid>/",
        bundles.BundleCaseDetail.as_view(),
        name="bundle-case-detail",
    ),
    path(
        "bundle-cases/<uuid:uuid>/deliver",
        bundles.BundleCaseDeliver.as_view(),
        name="bundle-case-deliver",
    ),
    path(
        "bundle-cases/<uuid:uuid>/notices/",
        bundle_notices.BundleNotices.as_view(),
        name="bundle-case-notices",
    ),
    path(
        "bundle-cases/<uuid:uuid>/notices/<uuid:notice>/pdf",
        bundle_notices.BundleNoticePdf.as_view(),
        name="bundle-case-notice-pdf",
    ),
    path("cases/<uuid:uuid>/", views.CaseDetail.as_view(), name="case-detail"),
    path(
        "cases/<uuid:uuid>/notices/<uuid:notice>/pdf",
        views.CaseNoticePdf.as_view(),
        name="case-notice-pdf",
    ),
    path(
        "cases/<uuid:uuid>/verify-material",
        views.CaseMaterialVerify.as_view(),
        name="case-verify-material",
    ),
    path(
        "cases/<uuid:uuid>/proxy",
        crossregion.ProxyDetail.as_view(),
        name="case-proxy",
    ),
    *(
        path(
            f"cases/<uuid:uuid>/proxy/{declared.slug}",
            crossregion.proxy_action_view(declared).as_view(),
            name=f"case-proxy-{declared.slug}",
        )
        for declared in PROXIES.actions.values()
    ),
    *(
        path(
            f"cases/<uuid:uuid>/{declared.slug}",
            views.action_view(declared).as_view(),
            name=f"case-{declared.slug}",
        )
        for declared in CASE_ACTIONS
        if declared.endpoint
    ),
]
