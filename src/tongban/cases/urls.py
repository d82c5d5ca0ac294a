"""Case pages: the applicant's and the public ones."""

from django.urls import path

from tongban.cases.views import applicant, public

app_name = "cases"

urlpatterns = [
    path("notices/verify/<str:code>/", public.notice_verify, name="notice-verify"),
    path("progress/", public.progress, name="progress"),
    path("apply/<str:code>/", applicant.apply, name="apply"),
    path("me/cases/", applicant.my_cases, name="my-cases"),
    path("me/cases/<uuid:uuid>/", applicant.my_case, name="my-case"),
    path("me/cases/<uuid:uuid>/submitted/", applicant.submitted, name="submitted"),
    path("me/cases/<uuid:uuid>/withdraw/", applicant.withdraw, name="withdraw"),
]
