"""Applicant case endpoints."""

from django.urls import path

from tongban.cases.api import bundle_notices, bundles, progress, views

urlpatterns = [
    path("cases/", views.MyCases.as_view(), name="public-case-list"),
    path("cases/<uuid:uuid>/", views.MyCase.as_view(), name="public-case-detail"),
    path(
        "cases/<uuid:uuid>/supplement",
        views.MySupplement.as_view(),
        name="public-case-supplement",
    ),
    path(
        "cases/<uuid:uuid>/withdraw",
        views.MyWithdrawal.as_view(),
        name="public-case-withdraw",
    ),
    path(
        "cases/<uuid:uuid>/notices/<uuid:notice>/pdf",
        views.MyNoticePdf.as_view(),
        name="public-case-notice-pdf",
    ),
    path(
        "bundle-cases/", bundles.MyBundleCases.as_view(), name="public-bundle-case-list"
    ),
    path(
        "bundle-cases/<uuid:uuid>/",
        bundles.MyBundleCase.as_view(),
        name="public-bundle-case-detail",
    ),
    path(
        "bundle-cases/<uuid:uuid>/notices/",
        bundle_notices.MyBundleNotices.as_view(),
        name="public-bundle-case-notices",
    ),
    path(
        "bundle-cases/<uuid:uuid>/notices/<uuid:notice>/pdf",
        bundle_notices.MyBundleNoticePdf.as_view(),
        name="public-bundle-case-notice-pdf",
    ),
    path("case-progress/", progress.Progress.as_view(), name="public-case-progress"),
]
