"""Internal catalogue endpoints (catalogue managers and reviewers)."""

from django.urls import path

from tongban.catalog.api import internal_views as views
from tongban.catalog.api import workbench_bundles

VERSION = "catalog/implementations/<uuid:uuid>/versions/<int:number>/"

urlpatterns = [
    path(
        "catalog/bundles/",
        workbench_bundles.BundleWorkbenchList.as_view(),
        name="catalog-bundle-list",
    ),
    path(
        "catalog/bundles/<slug:code>/",
        workbench_bundles.BundleWorkbenchDetail.as_view(),
        name="catalog-bundle-detail",
    ),
    path("catalog/basic-items/", views.BasicItemList.as_view(), name="basic-item-list"),
    path(
        "catalog/basic-items/<str:code>/",
        views.BasicItemDetail.as_view(),
        name="basic-item-detail",
    ),
    path(
        "catalog/implementations/",
        views.ImplementationList.as_view(),
        name="implementation-list",
    ),
    path(
        "catalog/implementations/<uuid:uuid>/",
        views.ImplementationDetail.as_view(),
        name="implementation-detail",
    ),
    path(VERSION, views.VersionDetail.as_view(), name="version-detail"),
    path(
        VERSION + "<str:action>", views.VersionAction.as_view(), name="version-action"
    ),
    path(
        VERSION + "rows/<str:kind>/",
        views.VersionChildren.as_view(),
        name="version-rows",
    ),
    path(
        VERSION + "rows/<str:kind>/<int:pk>/",
        views.VersionChild.as_view(),
        name="version-row",
    ),
]
