"""Case pages: the applicant's, the public ones and the workbench's."""

from django.urls import path

from tongban.cases.views import (
    applicant,
    bundle_notices,
    bundles,
    crossregion,
    intake,
    public,
    shared,
    workbench,
)

app_name = "cases"

urlpatterns = [
    path("notices/verify/<str:code>/", public.notice_verify, name="notice-verify"),
    path(
        "notices/verify/bundle/<str:code>/",
        bundle_notices.bundle_notice_verify,
        name="bundle-notice-verify",
    ),
    path("progress/", public.progress, name="progress"),
    path("progress/recover/", public.query_code_recover, name="query-code-recover"),
    path("apply/<str:code>/", applicant.apply, name="apply"),
    path("apply/bundle/<slug:code>/", bundles.bundle_apply, name="bundle-apply"),
    path("me/bundles/", bundles.my_bundles, name="my-bundles"),
    path("me/bundles/<uuid:uuid>/", bundles.my_bundle, name="my-bundle"),
    path(
        "me/bundles/<uuid:uuid>/notice",
        bundle_notices.my_bundle_notice_issue,
        name="my-bundle-notice",
    ),
    path(
        "me/bundles/<uuid:uuid>/notices/<uuid:notice>/pdf",
        bundle_notices.my_bundle_notice_pdf,
        name="my-bundle-notice-pdf",
    ),
    path("me/cases/", applicant.my_cases, name="my-cases"),
    path("me/cases/<uuid:uuid>/", applicant.my_case, name="my-case"),
    path("me/cases/<uuid:uuid>/submitted/", applicant.submitted, name="submitted"),
    path("me/cases/<uuid:uuid>/withdraw/", applicant.withdraw, name="withdraw"),
    path("me/cases/<uuid:uuid>/pay/", applicant.pay, name="pay"),
    path("workbench/cases/", workbench.queue, name="queue"),
    path("workbench/cases/<uuid:uuid>/", workbench.case_detail, name="workbench-case"),
    path(
        "workbench/cases/<uuid:uuid>/actions/<slug:event>/",
        workbench.case_action,
        name="workbench-action",
    ),
    path(
        "workbench/cases/<uuid:uuid>/shared-data/",
        shared.shared_data_retry,
        name="shared-data-retry",
    ),
    path(
        "workbench/cases/<uuid:uuid>/materials/<int:material>/shared-record/",
        shared.shared_record,
        name="shared-record",
    ),
    path(
        "workbench/cases/<uuid:uuid>/files/<uuid:file>/",
        workbench.material_file,
        name="material-file",
    ),
    path("workbench/crossregion/", crossregion.proxy_list, name="proxy-list"),
    path(
        "workbench/crossregion/<uuid:uuid>/",
        crossregion.proxy_detail,
        name="proxy-detail",
    ),
    path(
        "workbench/crossregion/<uuid:uuid>/hand-over/",
        crossregion.proxy_hand_over,
        name="proxy-hand-over",
    ),
    path(
        "workbench/crossregion/<uuid:uuid>/actions/<slug:event>/",
        crossregion.proxy_action,
        name="proxy-action",
    ),
    path("workbench/intake/", intake.intake, name="intake"),
    path(
        "workbench/intake/bundle/<slug:code>/",
        bundles.intake_bundle,
        name="intake-bundle",
    ),
    path(
        "workbench/intake/bundle/<slug:code>/<uuid:applicant>/",
        bundles.intake_bundle_form,
        name="intake-bundle-form",
    ),
    path(
        "workbench/bundles/<uuid:uuid>/",
        bundles.workbench_bundle,
        name="workbench-bundle",
    ),
    path(
        "workbench/bundles/<uuid:uuid>/notice",
        bundle_notices.workbench_bundle_notice_issue,
        name="workbench-bundle-notice",
    ),
    path(
        "workbench/bundles/<uuid:uuid>/notices/<uuid:notice>/pdf",
        bundle_notices.workbench_bundle_notice_pdf,
        name="workbench-bundle-notice-pdf",
    ),
    path(
        "workbench/bundles/<uuid:uuid>/deliver",
        bundles.workbench_bundle_deliver,
        name="workbench-bundle-deliver",
    ),
    path(
        "workbench/intake/receipt/<uuid:uuid>/",
        intake.intake_receipt,
        name="intake-receipt",
    ),
    path(
        "workbench/intake/<str:code>/", intake.intake_applicant, name="intake-applicant"
    ),
    path(
        "workbench/intake/<str:code>/<uuid:applicant>/",
        intake.intake_form,
        name="intake-form",
    ),
]
