"""Staff payment endpoints of a case (by case number): its fees and payment records,
recording a payment taken at the service counter (``payment.collect``) and reversing a
counter record (``payment.reverse``). The rules are the service's
(``payments/services/counter.py``); its errors come back as problems."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.core.permissions import Perm, StaffPermission, not_found
from tongban.payments import payables, selectors
from tongban.payments.api import serializers as s
from tongban.payments.services.counter import (
    may_act,
    payment_counter_record,
    payment_counter_reverse,
)

_SEE = (Perm.CASE_VIEW, Perm.PAYMENT_COLLECT, Perm.PAYMENT_REVERSE)


def _visible(user: Any, reference: str) -> payables.Payable:
    payable = payables.payable_get(reference=reference)
    if payable is None or not any(may_act(user, payable, p) for p in _SEE):
        raise not_found()
    return payable


def _payments(payable: payables.Payable) -> dict[str, Any]:
    settled = selectors.settled_amount(reference=payable.reference)
    return {
        "reference": payable.reference,
        "fees": payable.lines,
        "owed": max(payable.total - settled, 0),
        "records": selectors.payment_records(reference=payable.reference),
    }


class CasePayments(APIView):
    permission_classes = [IsAuthenticated, StaffPermission]

    @extend_schema(
        operation_id="internal_case_payments", responses=s.CasePaymentsSerializer
    )
    def get(self, request: Request, reference: str) -> Response:
        payable = _visible(request.user, reference)
        return Response(s.CasePaymentsSerializer(_payments(payable)).data)


class CounterPayment(APIView):
    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"POST": Perm.PAYMENT_COLLECT}

    @extend_schema(
        operation_id="internal_case_payment_counter",
        request=s.CounterPaymentRequestSerializer,
        responses={201: s.PaymentRecordSerializer},
    )
    def post(self, request: Request, reference: str) -> Response:
        payable = _visible(request.user, reference)
        data = s.CounterPaymentRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = dict(data.validated_data)
        order = payment_counter_record(
            actor=request.user,
            reference=payable.reference,
            method=given.pop("counter_method"),
            **given,
        )
        return Response(
            s.PaymentRecordSerializer(order).data, status=status.HTTP_201_CREATED
        )


class CounterReverse(APIView):
    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"POST": Perm.PAYMENT_REVERSE}

    @extend_schema(
        operation_id="internal_case_payment_reverse",
        request=s.ReverseRequestSerializer,
        responses=s.PaymentRecordSerializer,
    )
    def post(self, request: Request, reference: str, number: str) -> Response:
        payable = _visible(request.user, reference)
        record = selectors.payment_by_number(number=number)
        if record is None or record.reference != payable.reference:
            raise not_found()
        data = s.ReverseRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = payment_counter_reverse(
            actor=request.user, number=number, reason=data.validated_data["reason"]
        )
        return Response(s.PaymentRecordSerializer(order).data)
