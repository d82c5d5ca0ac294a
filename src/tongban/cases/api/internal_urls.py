"""Staff case endpoints: the queue, counter intake and the named actions."""

from django.urls import path

from tongban.cases.api import views
from tongban.cases.api.requests import ACTIONS

urlpatterns = [
    path("cases/", views.Queue.as_view(), name="case-queue"),
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
    *(
        path(
            f"cases/<uuid:uuid>/{action}",
            views.action_view(action).as_view(),
            name=f"case-{action}",
        )
        for action in ACTIONS
    ),
]
