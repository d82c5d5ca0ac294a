"""Evaluation endpoints for applicants and the anonymous public."""

from django.urls import path

from tongban.evaluations.api import views

urlpatterns = [
    path(
        "cases/<uuid:uuid>/evaluations",
        views.CaseEvaluations.as_view(),
        name="public-case-evaluations",
    ),
    path(
        "evaluations/visit/<str:token>",
        views.VisitEvaluation.as_view(),
        name="public-visit-evaluation",
    ),
    path(
        "rectifications/<uuid:uuid>/follow-up",
        views.FollowUp.as_view(),
        name="public-rectification-follow-up",
    ),
    path(
        "evaluations/statistics",
        views.PublicStatistics.as_view(),
        name="public-evaluation-statistics",
    ),
]
