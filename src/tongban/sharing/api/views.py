"""``GET /api/v1/internal/sharing/access-log``: the access log in the caller's audit
scope, filtered by source, purpose (case number), whose data, who asked and dates."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated

from tongban.core import crypto
from tongban.core.domain.identifiers import normalise
from tongban.core.permissions import Perm, StaffPermission
from tongban.sharing import selectors
from tongban.sharing.api import serializers as s


class AccessLogList(generics.ListAPIView):
    permission_classes = [IsAuthenticated, StaffPermission]
    required_permissions = {"GET": Perm.AUDIT_VIEW}
    serializer_class = s.AccessLogSerializer

    def get_queryset(self) -> Any:
        query = s.AccessLogQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        number = normalise(data.get("id_number") or "")
        index = ""
        if number:
            id_type = data.get("id_type") or "111"
            index = crypto.blind_index(f"{id_type}:{number}")
        return selectors.access_log_search(
            actor=self.request.user,
            source=data.get("data_source") or "",
            purpose=data.get("purpose") or "",
            subject_index=index,
            actor_name=data.get("actor") or "",
            since=data.get("since"),
            until=data.get("until"),
        )

    @extend_schema(parameters=[s.AccessLogQuerySerializer])
    def get(self, *args: Any, **kwargs: Any) -> Any:
        return super().get(*args, **kwargs)
