"""``/api/v1/exchange/datasets/…``: the provincial or national platform pulls the
GB/T 39046 data sets (OAuth2 scope ``exchange.datasets.read``).

- ``GET datasets`` — the data sets and their field rules (the contract of every record).
- ``POST datasets/{code}/batches`` — cut the next batch for the client's region (201), or
  204 when nothing is new; ``GET datasets/{code}/batches?after=批次号`` — the batches
  already cut, oldest first, so a receiver that lost an answer finds the batch again.
- ``GET batches/{批次号}?offset=&limit=`` — the batch's report (counts, checksum, the
  records held back with their problems) and a page of its records. The same 批次号
  always gives the same records and checksum: a receiver lands a 批次号 once.

The client's region is its exchange account's division scope (one region; an
organisation-only scope cannot pull region batches); a batch of another region is 404.
"""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tongban.accounts.client_systems import (
    ClientSystemAuthentication,
    ClientSystemThrottle,
    TokenScope,
)
from tongban.core.api.problems import Problem
from tongban.core.permissions import Perm, StaffPermission, scope_for
from tongban.exchange.batches import batch_records, batch_report, exchange_batch_cut
from tongban.exchange.domain.datasets import BATCH_FIELDS, DATASETS
from tongban.exchange.models import ExchangeBatch

PAGE = 1000
MAX_LIST = 100


class _DatasetView(APIView):
    authentication_classes = [ClientSystemAuthentication]
    permission_classes = [IsAuthenticated, TokenScope, StaffPermission]
    throttle_classes = [ClientSystemThrottle]
    required_scope = "exchange.datasets.read"
    required_permissions = {"GET": Perm.EXCHANGE_READ, "POST": Perm.EXCHANGE_READ}


def _region(request: Request) -> str:
    scope = scope_for(request.user, Perm.EXCHANGE_READ)
    if scope.everything:
        return str(settings.EXCHANGE_DIVISION_PREFIX)
    prefixes = {g.division_prefix for g in scope.grants if g.division_prefix}
    if len(prefixes) != 1 or any(g.organisation_path for g in scope.grants):
        raise Problem(
            status_code=403,
            code="region_not_granted",
            detail=_("This client system is not scoped to one region."),
        )
    return prefixes.pop()


def _dataset(code: str) -> str:
    if code not in DATASETS:
        raise Problem(status_code=404, code="not_found", detail=_("Not found."))
    return code


class ExchangeFieldSerializer(serializers.Serializer):
    key = serializers.CharField()
    name_zh = serializers.CharField()
    kind = serializers.CharField()
    max_length = serializers.IntegerField()
    mandatory = serializers.BooleanField()
    codes = serializers.ListField(child=serializers.CharField())
    note = serializers.CharField()


class ExchangeDatasetSerializer(serializers.Serializer):
    code = serializers.CharField()
    table = serializers.CharField()
    name_zh = serializers.CharField()
    elements = ExchangeFieldSerializer(many=True)  # 数据项 ("fields" is DRF's)


class ExchangeBatchSerializer(serializers.Serializer):
    batch_number = serializers.CharField()
    dataset = serializers.CharField()
    division_prefix = serializers.CharField()
    sync_time = serializers.CharField()
    record_count = serializers.IntegerField()
    held_count = serializers.IntegerField()
    sha256 = serializers.CharField()


class ExchangeHeldSerializer(serializers.Serializer):
    record_key = serializers.CharField()
    problems = serializers.ListField(child=serializers.DictField())


class ExchangeBatchPageSerializer(ExchangeBatchSerializer):
    held = ExchangeHeldSerializer(many=True)
    offset = serializers.IntegerField()
    next_offset = serializers.IntegerField(allow_null=True)
    records = serializers.ListField(child=serializers.DictField())


def _field(f: Any) -> dict[str, Any]:
    return {
        "key": f.key,
        "name_zh": f.name_zh,
        "kind": f.kind,
        "max_length": f.max_length,
        "mandatory": f.required,
        "codes": sorted(f.codes),
        "note": f.note,
    }


class Datasets(_DatasetView):
    @extend_schema(responses=ExchangeDatasetSerializer(many=True))
    def get(self, request: Request) -> Response:
        body = [
            {
                "code": d.code,
                "table": d.table,
                "name_zh": d.name_zh,
                "elements": [_field(f) for f in (*BATCH_FIELDS, *d.fields)],
            }
            for d in DATASETS.values()
        ]
        return Response(body)


def _meta(batch: ExchangeBatch) -> dict[str, Any]:
    report = batch_report(batch)
    report.pop("held")
    return report


class DatasetBatches(_DatasetView):
    @extend_schema(
        parameters=[OpenApiParameter("after", str, description="Last 批次号 landed")],
        responses=ExchangeBatchSerializer(many=True),
    )
    def get(self, request: Request, code: str) -> Response:
        rows = ExchangeBatch.objects.filter(
            dataset=_dataset(code), division_prefix=_region(request)
        ).defer("content")
        after = request.query_params.get("after", "")
        if after:
            rows = rows.filter(number__gt=after)
        return Response([_meta(b) for b in rows.order_by("number")[:MAX_LIST]])

    @extend_schema(request=None, responses={201: ExchangeBatchSerializer, 204: None})
    def post(self, request: Request, code: str) -> Response:
        batch = exchange_batch_cut(
            dataset=_dataset(code), division_prefix=_region(request), actor=request.user
        )
        if batch is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(_meta(batch), status=status.HTTP_201_CREATED)


class BatchDetail(_DatasetView):
    @extend_schema(
        parameters=[
            OpenApiParameter("offset", int, description="First record of the page"),
            OpenApiParameter("limit", int, description=f"At most {PAGE}"),
        ],
        responses=ExchangeBatchPageSerializer,
    )
    def get(self, request: Request, number: str) -> Response:
        batch = ExchangeBatch.objects.filter(
            number=number, division_prefix=_region(request)
        ).first()
        if batch is None:
            raise Problem(status_code=404, code="not_found", detail=_("Not found."))
        offset = max(_int(request.query_params.get("offset"), 0), 0)
        limit = min(max(_int(request.query_params.get("limit"), PAGE), 1), PAGE)
        records = batch_records(batch, offset=offset, limit=limit)
        end = offset + len(records)
        body = batch_report(batch) | {
            "offset": offset,
            "next_offset": end if end < batch.record_count else None,
            "records": records,
        }
        return Response(body)


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
