"""Marking an implementation's baseline catalogue version: the reference against which
申请材料精简率 and the reduction of 跑动次数 are measured (DOMAIN §6). A catalogue manager of
the implementation's organisation marks it; marking again moves the baseline (audited)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.catalog import selectors_metrics as catalog_metrics
from tongban.core.permissions import Perm, require
from tongban.core.services import audit_record
from tongban.supervision.models import Baseline


@transaction.atomic
def baseline_mark(*, implementation_uuid: Any, number: int, actor: Any) -> Baseline:
    version = catalog_metrics.published_version(
        implementation_uuid=implementation_uuid, number=number
    )
    if version is None:
        raise ValidationError(
            {"version": _("Choose a version of this service that was published.")},
            code="not_published",
        )
    implementation = version.implementation
    require(
        actor,
        Perm.CATALOG_MANAGE,
        organisation_path=implementation.organisation.path,
        division_prefix=implementation.division.prefix,
    )
    mark = (
        Baseline.objects.select_for_update()
        .filter(implementation=implementation)
        .first()
    )
    before = mark.version_id if mark else None
    if mark is None:
        mark = Baseline(implementation=implementation)
    mark.version = version
    mark.marked_by = actor if getattr(actor, "pk", None) else None
    mark.marked_at = timezone.now()
    mark.full_clean()
    mark.save()
    audit_record(
        actor=actor,
        action="supervision.baseline",
        instance=mark,
        changes={"version": [before, version.pk]},
        division_prefix=implementation.division.prefix,
        organisation_path=implementation.organisation.path,
    )
    return mark
