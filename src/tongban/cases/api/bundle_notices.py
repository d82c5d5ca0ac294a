"""The combined notice of acceptance of a bundle case (一件事 受理通知书) over the API, as on
the pages: the applicant of the bundle case, or staff whose scope covers one of its
sub-cases, list its notices, issue one (the same notice again while nothing has changed:
200; a new one with the new facts: 201) and download its PDF. Staff downloads are audited
with their purpose (the notice names the applicant); the public verification page its QR
code opens stays as it is (``/notices/verify/bundle/<code>/``).

The applicant's endpoints serve only the applicant's own bundle cases: a staff member
reads through the internal ones, where the read is recorded.
"""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.cases.api.views import PDF_RESPONSE, pdf_download
from tongban.cases.models import BundleCase, BundleNotice
from tongban.cases.selectors_bundles import (
    bundle_case_get_for,
    bundle_case_get_own,
    bundle_notice_get,
    bundle_notice_list,
)
from tongban.cases.services.bundle_notice import (
    bundle_notice_issue,
    bundle_notice_pdf,
    bundle_notice_read,
)
from tongban.core.permissions import Perm, StaffPermission


class BundleNoticeSerializer(serializers.ModelSerializer[BundleNotice]):
    class Meta:
        model = BundleNotice
        fields = ["uuid", "number", "issued_on", "language"]


class _Notices(APIView):
    """GET the notices of the bundle case, newest first; POST issues one."""

    permission_classes = [IsAuthenticated]

    def bundle_case(self, request: Request, uuid: str) -> BundleCase:
        return bundle_case_get_own(user=request.user, uuid=uuid)

    @extend_schema(responses=BundleNoticeSerializer(many=True))
    def get(self, request: Request, uuid: str) -> Response:
        rows = bundle_notice_list(bundle_case=self.bundle_case(request, uuid))[:50]
        return Response(BundleNoticeSerializer(rows, many=True).data)

    @extend_schema(
        request=None,
        responses={200: BundleNoticeSerializer, 201: BundleNoticeSerializer},
        description="Issue the combined notice of acceptance: 201 with a new notice "
        "when the facts changed since the last one (or there is none), 200 with the "
        "last one when nothing changed.",
    )
    def post(self, request: Request, uuid: str) -> Response:
        bundle_case = self.bundle_case(request, uuid)
        last = bundle_notice_list(bundle_case=bundle_case).values("pk").first()
        notice = bundle_notice_issue(bundle_case=bundle_case, actor=request.user)
        same = last is not None and last["pk"] == notice.pk
        return Response(
            BundleNoticeSerializer(notice).data,
            status=status.HTTP_200_OK if same else status.HTTP_201_CREATED,
        )


class _NoticePdf(APIView):
    permission_classes = [IsAuthenticated]

    def bundle_case(self, request: Request, uuid: str) -> BundleCase:
        return bundle_case_get_own(user=request.user, uuid=uuid)

    def read(self, request: Request, notice: BundleNotice) -> None:
        """The applicant reads their own notice: nothing to record."""

    @extend_schema(responses=PDF_RESPONSE)
    def get(self, request: Request, uuid: str, notice: str) -> HttpResponse:
        found = bundle_notice_get(
            bundle_case=self.bundle_case(request, uuid), uuid=notice
        )
        self.read(request, found)
        return pdf_download(
            lambda: bundle_notice_pdf(notice=found), filename=found.number
        )


class MyBundleNotices(_Notices):
    pass


class MyBundleNoticePdf(_NoticePdf):
    pass


STAFF_READS = {"GET": Perm.CASE_VIEW, "POST": Perm.CASE_VIEW}


class BundleNotices(_Notices):
    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = STAFF_READS

    def bundle_case(self, request: Request, uuid: str) -> BundleCase:
        return bundle_case_get_for(user=request.user, uuid=uuid)


class BundleNoticePdf(_NoticePdf):
    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = STAFF_READS

    def bundle_case(self, request: Request, uuid: str) -> BundleCase:
        return bundle_case_get_for(user=request.user, uuid=uuid)

    def read(self, request: Request, notice: BundleNotice) -> None:
        bundle_notice_read(actor=request.user, notice=notice, purpose="print")
