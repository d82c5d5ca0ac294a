"""Internal catalogue endpoints (catalogue managers and reviewers)."""

from django.urls import path

from tongban.catalog.api import internal_views as views
from tongban.catalog.api import workbench_bundle_writes as bundle_writes

BUNDLE = "catalog/bundles/<slug:code>/"
VERSION = "catalog/implementations/<uuid:uuid>/versions/<int:number>/"

urlpatterns = [
    path(
        "catalog/bundles/",
        bundle_writes.BundleListCreate.as_view(),
        name="catalog-bundle-list",
    ),
    path(
        BUNDLE,
        bundle_writes.BundleDetailTexts.as_view(),
        name="catalog-bundle-detail",
    ),
    path(
        BUNDLE + "items",
        bundle_writes.BundleItemAdd.as_view(),
        name="catalog-bundle-item-add",
    ),
    path(
        BUNDLE + "items/<int:pk>/move",
        bundle_writes.BundleItemMove.as_view(),
        name="catalog-bundle-item-move",
    ),
    path(
        BUNDLE + "items/<int:pk>",
        bundle_writes.BundleItemRemove.as_view(),
        name="catalog-bundle-item-remove",
    ),
    path(
        BUNDLE + "publish",
        bundle_writes.BundlePublish.as_view(),
        name="catalog-bundle-publish",
    ),
    path(
        BUNDLE + "withdraw",
        bundle_writes.BundleWithdraw.as_view(),
        name="catalog-bundle-withdraw",
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
