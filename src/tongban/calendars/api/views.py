"""Thin API views: parse, call a selector or service, serialise.

Public: a deadline with its skipped days, and a year's days off and make-up days, for
any division code (or ``national``). Internal: entering a notice (``CALENDAR_MANAGE``).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.calendars import selectors, services
from tongban.calendars.api import serializers as s
from tongban.calendars.domain.notices import NATIONAL, DayInput
from tongban.core.permissions import Perm, StaffPermission, not_found
from tongban.regions.models import Division
from tongban.regions.selectors import division_get

CONVENTION = _(
    "The day the clock starts is not counted; only working days of this region's "
    "calendar count, and a limit always ends on a working day (民法典 arts. 201 and "
    "203, 行政许可法 art. 82)."
)


def _public_division(code: str) -> Division | None:
    if code == NATIONAL:
        return None
    division = division_get(code=code)
    if division is None:
        raise not_found()
    return division


def _query(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class PublicDeadline(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[s.DeadlineQuerySerializer], responses=s.DeadlineSerializer
    )
    def get(self, request: Request, code: str) -> Response:
        query = _query(s.DeadlineQuerySerializer, request)
        division = _public_division(code)
        explained = selectors.calendar_deadline_explained(
            division=division,
            start=query["start"],
            days=query["working_days"],
            provisional_ok=True if query["provisional"] else None,
        )
        deadline = explained.deadline
        body = {
            "division_code": code,
            "start": deadline.start,
            "working_days": query["working_days"],
            "due_date": deadline.due,
            "provisional": deadline.provisional,
            "provisional_years": list(deadline.provisional_years),
            "skipped": explained.skipped,
            "make_up_days": explained.make_up,
            "convention": str(CONVENTION),
        }
        return Response(s.DeadlineSerializer(body).data)


class PublicYearDays(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=[s.DaysQuerySerializer], responses=s.YearDaysSerializer)
    def get(self, request: Request, code: str) -> Response:
        year = _query(s.DaysQuerySerializer, request)["year"]
        division = _public_division(code)
        days = selectors.calendar_year_days(division=division, year=year)
        body = {"division_code": code, "year": year, "provisional": False, "days": days}
        return Response(s.YearDaysSerializer(body).data)


class NoticeList(generics.ListAPIView):
    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"GET": Perm.CALENDAR_MANAGE, "POST": Perm.CALENDAR_MANAGE}
    serializer_class = s.NoticeSerializer

    def get_queryset(self) -> Any:
        return selectors.calendar_notice_list()

    @extend_schema(
        request=s.NoticeWriteSerializer,
        responses={200: s.NoticeResultSerializer, 201: s.NoticeResultSerializer},
    )
    def post(self, request: Request) -> Response:
        """Enter a notice, or correct the one with the same scope and number."""
        serializer = s.NoticeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        scope = data.pop("scope")
        division = None if scope == NATIONAL else division_get(code=scope)
        if scope != NATIONAL and division is None:
            message = services.MESSAGES["unknown_division"]
            raise ValidationError(
                {"scope": ValidationError(message, code="unknown_division")}
            )
        days = [DayInput(**day) for day in data.pop("days")]
        result = services.calendar_notice_apply(
            actor=request.user, division=division, days=days, **data
        )
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(s.NoticeResultSerializer(result).data, status=code)
