"""Base request serializers: a body says exactly what it takes.

``StrictSerializer`` refuses keys it does not declare with a 400 ``unknown_field`` instead of
dropping them silently, so a caller's typo is told, and no key can travel on to a service
argument it was not meant for (``actor``, ``version``, ``_event`` …). A JSON array or scalar
where an object is expected is DRF's ``invalid`` (400). ``MAX_ID`` bounds every integer id so
an out-of-range number is a 400, never a database overflow.
"""

from collections.abc import Mapping
from typing import Any

from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tongban.core.api.parsers import InputProblem
from tongban.core.inputs import InputRejected, check_json

# The largest value of a PostgreSQL bigint (and of an SQLite integer).
MAX_ID = 2**63 - 1


# Docstrings of these bases would become the OpenAPI description of every request
# schema built on them (drf-spectacular reads the MRO), so they are comments.


class StrictMixin:
    # Refuse undeclared keys; mix into a ``Serializer`` or ``ModelSerializer``.

    fields: Any

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            known = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in known)
            if unknown:
                raise serializers.ValidationError(
                    {
                        name: [
                            serializers.ErrorDetail(
                                str(_("This field is not accepted here.")),
                                code="unknown_field",
                            )
                        ]
                        for name in unknown
                    }
                )
        return super().to_internal_value(data)  # type: ignore[misc]  # a mixin


class StrictSerializer(StrictMixin, serializers.Serializer):
    pass


class StrictModelSerializer(StrictMixin, serializers.ModelSerializer):
    # A write serializer built from model fields: every field optional (the service's
    # ``full_clean`` says what is required), integers bounded by their column so a
    # number past it is a 400 on SQLite too (PostgreSQL alone would refuse it: a 500).

    def build_standard_field(self, field_name: str, model_field: Any) -> Any:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        kwargs["required"] = False
        if issubclass(field_class, serializers.IntegerField):
            low, high = BaseDatabaseOperations.integer_field_ranges.get(
                model_field.get_internal_type(), (-MAX_ID - 1, MAX_ID)
            )
            kwargs["min_value"] = max(kwargs.get("min_value", low), low)
            kwargs["max_value"] = min(kwargs.get("max_value", high), high)
        return field_class, kwargs


def id_field(**kwargs: Any) -> serializers.IntegerField:
    """An integer row id: positive and within a bigint."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class CheckedJSONField(serializers.JSONField):
    # A JSON value, also when sent as JSON text inside a multipart form: refused with
    # the codes of ``core.inputs`` when it nests too deep or holds a NUL character.

    def to_internal_value(self, data: Any) -> Any:
        try:
            value = super().to_internal_value(data)
            check_json(value)
        except RecursionError as error:
            raise InputProblem("too_deep") from error
        except InputRejected as error:
            raise InputProblem(error.code) from error
        return value
