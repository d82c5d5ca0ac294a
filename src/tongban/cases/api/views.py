"""Case API views: thin — parse, call a service or selector, serialise."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.accounts import selectors as account_selectors
from tongban.accounts.models import Applicant
from tongban.cases import selectors
from tongban.cases.api import serializers as s
from tongban.cases.api.requests import (
    CaseActionSerializer,
    CaseSubmitSerializer,
    CaseSupplementSerializer,
    CaseWithdrawSerializer,
    CounterCaseSubmitSerializer,
)
from tongban.cases.domain.workflow import Event
from tongban.cases.selectors_bundles import sub_cases_of
from tongban.cases.services.actions import case_supplement
from tongban.cases.services.documents import case_read, notice_pdf, notice_read
from tongban.cases.services.submit import case_submit
from tongban.cases.services.transition import case_transition
from tongban.cases.services.verification import case_material_verify
from tongban.core.api.pagination import CappedCursorPagination
from tongban.core.api.parsers import JSONParser, MultiPartParser, rejected
from tongban.core.api.problems import Problem
from tongban.core.inputs import InputRejected, check_json, loads_checked
from tongban.core.pdf import PdfUnavailable
from tongban.core.permissions import Perm, StaffPermission, not_found
from tongban.documents.http import download_response
from tongban.regions import selectors as region_selectors
from tongban.regions.models import Window


def _form(value: Any) -> dict[str, Any]:
    """The form fields: a JSON object (inside multipart, a JSON text), checked like a JSON
    body for NUL characters and nesting."""
    if value in (None, ""):
        return {}
    try:
        parsed = value if isinstance(value, dict) else loads_checked(value)
        check_json(parsed)
    except InputRejected as error:
        raise rejected(error) from error
    except (TypeError, ValueError) as error:
        raise _not_an_object() from error
    if not isinstance(parsed, dict):
        raise _not_an_object()
    return parsed


def _not_an_object() -> ValidationError:
    return ValidationError(
        {
            "form": ValidationError(
                _("The form must be a JSON object."), code="invalid_json"
            )
        }
    )


def _uploads(request: Request) -> dict[int, Any]:
    uploads = {}
    for key, upload in request.FILES.items():
        if not key.startswith("material_") or not key[9:].isdigit():
            raise ValidationError(
                {
                    key: ValidationError(
                        _("Name each file material_<id> after the checklist."),
                        code="unknown_file",
                    )
                }
            )
        uploads[int(key[9:])] = upload
    return uploads


def _certificates(value: Any) -> list[dict[str, Any]]:
    """The certificates offered instead of uploads (a JSON list, see the serializer)."""
    if value in (None, ""):
        return []
    try:
        parsed = value if isinstance(value, list) else loads_checked(value)
        check_json(parsed)
    except InputRejected as error:
        raise rejected(error) from error
    except (TypeError, ValueError):
        parsed = None
    if not isinstance(parsed, list) or not all(
        isinstance(entry, dict)
        and isinstance(entry.get("material"), int)
        and isinstance(entry.get("identifier"), str)
        for entry in parsed
    ):
        raise ValidationError(
            {
                "certificates": ValidationError(
                    _(
                        "Send certificates as a list of "
                        '{"material": id, "identifier": "...", "consent": true}.'
                    ),
                    code="invalid_json",
                )
            }
        )
    return [
        {
            "material": entry["material"],
            "certificate": entry["identifier"][:100],
            "consent": entry.get("consent") is True,
        }
        for entry in parsed
    ]


def _submit(
    request: Request,
    applicant: Applicant | None,
    window: Window | None = None,
    serializer_class: type[CaseSubmitSerializer] = CaseSubmitSerializer,
) -> Response:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    originals = set(data.get("originals_seen") or [])
    uploads = _uploads(request)
    materials = [{"material": mid, "file": upload} for mid, upload in uploads.items()]
    materials += [
        {"material": mid, "original_seen": True} for mid in originals - set(uploads)
    ]
    shared = set(data.get("shared") or [])
    for item in materials:
        item["shared"] = item["material"] in shared
    named = {item["material"] for item in materials}
    materials += [{"material": mid, "shared": True} for mid in shared - named]
    materials += _certificates(data.get("certificates"))
    case, query_code = case_submit(
        actor=request.user,
        implementation_code=data["implementation_code"],
        client_key=data["client_key"],
        form_data=_form(data.get("form")),
        materials=materials,
        applicant=applicant,
        channel=data.get("channel"),
        window=window,
    )
    body = {
        "uuid": case.uuid,
        "number": case.number,
        "query_code": query_code,
        "state": case.state,
    }
    return Response(
        s.CaseSubmittedSerializer(body).data, status=status.HTTP_201_CREATED
    )


def _mine(request: Request, case: Any) -> Response:
    """One of the applicant's cases as their pages show it (a held bundle sub-case is
    waiting, not a draft)."""
    context = {"request": request, "sub_cases": sub_cases_of(cases=[case])}
    return Response(s.ApplicantCaseDetailSerializer(case, context=context).data)


class MyCases(generics.ListAPIView):
    """The applicant's cases; POST submits an application (idempotent on client_key).
    A bundle's sub-case of a later step reads ``waiting`` with the step it waits for,
    as on the "my cases" page, never ``draft``."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, JSONParser]
    serializer_class = s.ApplicantCaseSerializer

    def get_queryset(self) -> Any:
        return selectors.case_list_for_applicant(user=self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        cases = list(page if page is not None else self.get_queryset())
        context = {
            **self.get_serializer_context(),
            "sub_cases": sub_cases_of(cases=cases),
        }
        data = s.ApplicantCaseSerializer(cases, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(
        request=CaseSubmitSerializer, responses={201: s.CaseSubmittedSerializer}
    )
    def post(self, request: Request) -> Response:
        return _submit(request, None)


class MyCase(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.ApplicantCaseDetailSerializer)
    def get(self, request: Request, uuid: str) -> Response:
        return _mine(request, selectors.case_get_own(user=request.user, uuid=uuid))


class MySupplement(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, JSONParser]

    @extend_schema(
        request=CaseSupplementSerializer, responses=s.ApplicantCaseDetailSerializer
    )
    def post(self, request: Request, uuid: str) -> Response:
        case = selectors.case_get_own(user=request.user, uuid=uuid)
        serializer = CaseSupplementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = case_supplement(
            case=case,
            actor=request.user,
            uploads=_uploads(request),
            form_data=_form(serializer.validated_data.get("form")),
        )
        return _mine(request, case)


class MyWithdrawal(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=CaseWithdrawSerializer, responses=s.ApplicantCaseDetailSerializer
    )
    def post(self, request: Request, uuid: str) -> Response:
        case = selectors.case_get_own(user=request.user, uuid=uuid)
        data = CaseWithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = case_transition(
            case=case, event=Event.WITHDRAW, actor=request.user, data=data.to_data()
        )
        return _mine(request, case)


class QueuePagination(CappedCursorPagination):
    ordering = ("queue_due", "id")  # case_queue_for's order, index by index


class Queue(generics.ListAPIView):
    """Cases in the caller's scope, most urgent first, in keyset pages (``cursor``); POST
    is counter intake for a registered applicant."""

    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"GET": Perm.CASE_VIEW, "POST": Perm.CASE_INTAKE}
    parser_classes = [MultiPartParser, JSONParser]
    serializer_class = s.CaseSerializer
    pagination_class = QueuePagination

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str),
            OpenApiParameter("item", str),
            OpenApiParameter("light", str, enum=["green", "yellow", "red"]),
            OpenApiParameter("mine", bool),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        params = self.request.query_params
        return selectors.case_queue_for(
            user=self.request.user,
            state=params.get("state"),
            item=params.get("item"),
            light_filter=params.get("light"),
            assigned_to_me=params.get("mine") == "true",
        )

    @extend_schema(
        request=CounterCaseSubmitSerializer, responses={201: s.CaseSubmittedSerializer}
    )
    def post(self, request: Request) -> Response:
        serializer = CounterCaseSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        applicant_uuid = serializer.validated_data.get("applicant")
        applicant = (
            account_selectors.applicant_by_uuid(uuid=applicant_uuid)
            if applicant_uuid
            else None
        )
        if applicant is None:
            raise ValidationError(
                {
                    "applicant": ValidationError(
                        _("Find or register the applicant first."),
                        code="unknown_applicant",
                    )
                }
            )
        window = _intake_window(request.user, serializer.validated_data)
        return _submit(request, applicant, window, CounterCaseSubmitSerializer)


def _intake_window(user: Any, data: Any) -> Window | None:
    """The window a counter case is taken in at: an open window of the hall named, in a
    hall the clerk serves (their intake scope covers it); each mistake its own error."""
    hall, number = data.get("hall"), data.get("window")
    if hall is None and not number:
        return None
    if hall is None or not number:
        raise ValidationError(
            {
                "window" if hall else "hall": ValidationError(
                    _("Give both the hall and the number of the window."),
                    code="window_incomplete",
                )
            }
        )
    window = region_selectors.window_by_number(hall_uuid=hall, number=number)
    if window is None:
        raise ValidationError(
            {
                "window": ValidationError(
                    _("This hall has no open window with that number."),
                    code="unknown_window",
                )
            }
        )
    served = region_selectors.windows_for(user=user, permission=Perm.CASE_INTAKE)
    if not served.filter(pk=window.pk).exists():
        raise ValidationError(
            {
                "window": ValidationError(
                    _("You do not serve the hall of this window."),
                    code="window_not_served",
                )
            }
        )
    return window


class CaseDetail(APIView):
    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"GET": Perm.CASE_VIEW}

    @extend_schema(responses=s.CaseDetailSerializer)
    def get(self, request: Request, uuid: str) -> Response:
        case = selectors.case_get_for(user=request.user, uuid=uuid)
        case_read(actor=request.user, case=case, what="case")
        return Response(s.CaseDetailSerializer(case, context={"request": request}).data)


class CaseAction(APIView):
    """A named action, ``POST /api/v1/internal/cases/{uuid}/<action>``: one subclass per
    action (``action_view``), each with the request serializer of its event."""

    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"POST": Perm.CASE_VIEW}
    event = ""
    request_serializer: type[CaseActionSerializer] = CaseActionSerializer

    def act(self, request: Request, uuid: str) -> Response:
        case = selectors.case_get_for(user=request.user, uuid=uuid)
        data = self.request_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = case_transition(
            case=case, event=self.event, actor=request.user, data=data.to_data()
        )
        return Response(s.CaseDetailSerializer(case, context={"request": request}).data)


class CaseMaterialVerify(APIView):
    """``POST /api/v1/internal/cases/{uuid}/verify-material``: a clerk records that a
    shared-data or e-certificate material was checked at its source."""

    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"POST": Perm.CASE_INTAKE}

    @extend_schema(
        operation_id="internal_cases_verify_material",
        request=s.MaterialVerifySerializer,
        responses=s.CaseDetailSerializer,
    )
    def post(self, request: Request, uuid: str) -> Response:
        case = selectors.case_get_for(user=request.user, uuid=uuid)
        data = s.MaterialVerifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case_material_verify(
            case=case,
            material_id=data.validated_data["material"],
            reference=data.validated_data["reference"],
            actor=request.user,
        )
        case = selectors.case_get_for(user=request.user, uuid=uuid)
        return Response(s.CaseDetailSerializer(case).data)


def action_view(declared: Any) -> type[CaseAction]:
    """The view of one declared action (``cases/events.py``), documented with the
    request schema its declaration names."""
    event, serializer = str(declared.event), declared.request

    @extend_schema(
        operation_id=f"internal_cases_{event}",
        request=serializer,
        responses=s.CaseDetailSerializer,
        description=serializer.__doc__ or f"{declared.slug}: no data.",
    )
    def post(self: CaseAction, request: Request, uuid: str) -> Response:
        return self.act(request, uuid)

    attributes = {"event": event, "request_serializer": serializer, "post": post}
    return type(f"CaseAction_{event}", (CaseAction,), attributes)


def pdf_download(render: Callable[[], bytes], *, filename: str) -> HttpResponse:
    """A notice's PDF as a download; 503 with a problem where it cannot be printed."""
    try:
        pdf = render()
    except (OSError, PdfUnavailable) as error:  # Pango or fonts missing here
        raise Problem(
            status_code=503,
            code="notice_unavailable",
            detail=_("The notice cannot be printed right now; please try again later."),
        ) from error
    return download_response(
        pdf, content_type="application/pdf", filename=filename, kind="pdf"
    )


def _notice_response(
    case: Any, notice_uuid: str, *, reader: Any = None
) -> HttpResponse:
    """The notice's PDF; a staff ``reader``'s download is audited (purpose ``print``)."""
    notice = case.notices.filter(uuid=notice_uuid).first()
    if notice is None:
        raise not_found()
    if reader is not None:
        notice_read(actor=reader, notice=notice)
    return pdf_download(lambda: notice_pdf(notice=notice), filename=notice.number)


PDF_RESPONSE = {(200, "application/pdf"): OpenApiTypes.BINARY}


class MyNoticePdf(APIView):
    """The applicant's own notice only: staff download through the internal endpoint,
    where the download is audited."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PDF_RESPONSE)
    def get(self, request: Request, uuid: str, notice: str) -> HttpResponse:
        return _notice_response(
            selectors.case_get_own(user=request.user, uuid=uuid), notice
        )


class CaseNoticePdf(APIView):
    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"GET": Perm.CASE_VIEW}

    @extend_schema(
        responses=PDF_RESPONSE,
        description="The notice names the applicant: each download is audited with "
        "the purpose print.",
    )
    def get(self, request: Request, uuid: str, notice: str) -> HttpResponse:
        return _notice_response(
            selectors.case_get_for(user=request.user, uuid=uuid),
            notice,
            reader=request.user,
        )
