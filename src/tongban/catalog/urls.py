"""Pages of the catalogue: public search, guides and printable guides; the workbench of
catalogue managers (implementations, versions, drafts, review and publication; 一件事
bundles)."""

from django.urls import path

from tongban.catalog.views import bundles, public, workbench
from tongban.catalog.views import workbench_bundles as wb_bundles

app_name = "catalog"

VERSION = "workbench/catalog/<uuid:uuid>/v<int:number>/"
BUNDLE = "workbench/catalog/bundles/<slug:code>/"

urlpatterns = [
    path("items/", public.item_search, name="item-search"),
    path("bundles/", bundles.bundle_list, name="bundle-list"),
    path("bundles/<slug:code>/", bundles.bundle_guide, name="bundle-guide"),
    path("items/<str:code>/", public.guide, name="guide"),
    path("items/<str:code>/short/", public.guide_short, name="guide-short"),
    path("items/<str:code>/pdf", public.guide_pdf, name="guide-pdf"),
    path("workbench/catalog/", workbench.workbench_list, name="workbench-list"),
    path("workbench/catalog/review/", workbench.review_queue, name="workbench-review"),
    path("workbench/catalog/new/", workbench.item_new, name="workbench-new"),
    path(
        "workbench/catalog/bundles/", wb_bundles.bundle_list, name="workbench-bundles"
    ),
    path(BUNDLE, wb_bundles.bundle_detail, name="workbench-bundle"),
    path(BUNDLE + "items/add", wb_bundles.bundle_item_add, name="workbench-bundle-add"),
    path(
        BUNDLE + "items/<int:pk>/move",
        wb_bundles.bundle_item_move,
        name="workbench-bundle-move",
    ),
    path(
        BUNDLE + "items/<int:pk>/remove",
        wb_bundles.bundle_item_remove,
        name="workbench-bundle-remove",
    ),
    path(
        BUNDLE + "publish", wb_bundles.bundle_publish, name="workbench-bundle-publish"
    ),
    path(
        BUNDLE + "withdraw",
        wb_bundles.bundle_withdraw,
        name="workbench-bundle-withdraw",
    ),
    path(
        "workbench/catalog/<uuid:uuid>/",
        workbench.implementation_detail,
        name="workbench-implementation",
    ),
    path(
        "workbench/catalog/<uuid:uuid>/draft",
        workbench.version_draft,
        name="workbench-draft",
    ),
    path(VERSION, workbench.version_detail, name="workbench-version"),
    path(VERSION + "preview/", workbench.version_preview, name="workbench-preview"),
    path(VERSION + "submit", workbench.version_submit, name="workbench-submit"),
    path(VERSION + "review", workbench.version_review, name="workbench-decide"),
    path(VERSION + "publish", workbench.version_publish, name="workbench-publish"),
    path(
        VERSION + "<slug:kind>/add/", workbench.child_edit, name="workbench-child-add"
    ),
    path(
        VERSION + "<slug:kind>/<int:pk>/",
        workbench.child_edit,
        name="workbench-child",
    ),
    path(
        VERSION + "<slug:kind>/<int:pk>/delete",
        workbench.child_delete,
        name="workbench-child-delete",
    ),
]
