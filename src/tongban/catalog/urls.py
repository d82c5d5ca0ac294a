"""Pages of the catalogue: public search and guides, the workbench list."""

from django.urls import path

from tongban.catalog import views

app_name = "catalog"

urlpatterns = [
    path("items/", views.item_search, name="item-search"),
    path("items/<str:code>/", views.guide, name="guide"),
    path("items/<str:code>/short/", views.guide_short, name="guide-short"),
    path("items/<str:code>/pdf", views.guide_pdf, name="guide-pdf"),
    path("workbench/catalog/", views.workbench_list, name="workbench-list"),
]
