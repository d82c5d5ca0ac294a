"""Public catalogue endpoints."""

from django.urls import path

from tongban.catalog.api import bundles
from tongban.catalog.api import public_views as views

urlpatterns = [
    path("items", views.PublicItemList.as_view(), name="public-item-list"),
    path(
        "items/<str:code>", views.PublicItemDetail.as_view(), name="public-item-detail"
    ),
    path("bundles", bundles.PublicBundleList.as_view(), name="public-bundle-list"),
    path(
        "bundles/<slug:code>",
        bundles.PublicBundleDetail.as_view(),
        name="public-bundle-detail",
    ),
]
