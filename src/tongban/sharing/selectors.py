"""Reads of data sharing: the registry for pages, the accesses to one applicant's data
(their own page), the supervisors' search of the log (scope in SQL), and a record
received earlier for a purpose."""

import datetime
import json
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language

from tongban.core import crypto
from tongban.core.permissions import Perm, scope_for
from tongban.sharing.domain.registry import SOURCES, DataSource, source_get
from tongban.sharing.models import AccessLog

SEARCH_CAP = 200


def sources() -> tuple[DataSource, ...]:
    return SOURCES


def source_choices() -> list[tuple[str, str]]:
    """(code, name in the active language) of every source, for the catalogue."""
    language = get_language() or "zh-hans"
    return [(s.code, s.name_in(language)) for s in SOURCES]


def source_by_code(code: str) -> DataSource | None:
    return source_get(code)


def accesses_of_subject(*, subject_index: str) -> QuerySet[AccessLog]:
    """Who looked at this person's or organisation's data (newest first)."""
    return AccessLog.objects.filter(subject_index=subject_index)


def access_log_search(
    *,
    actor: Any,
    source: str = "",
    purpose: str = "",
    subject_index: str = "",
    actor_name: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AccessLog]:
    """The log within the actor's audit scope, filtered; the caller caps the rows."""
    scope = scope_for(actor, Perm.AUDIT_VIEW)
    rows = AccessLog.objects.filter(
        scope.q(
            organisation_path="organisation_path", division_prefix="division_prefix"
        )
    ).select_related("actor")
    if source:
        rows = rows.filter(source=source)
    if purpose:
        rows = rows.filter(purpose=purpose.strip())
    if subject_index:
        rows = rows.filter(subject_index=subject_index)
    if actor_name:
        rows = rows.filter(actor_repr=actor_name.strip())
    if since:
        rows = rows.filter(created_at__date__gte=since)
    if until:
        rows = rows.filter(created_at__date__lte=until)
    return rows


def record_of(*, access_uuid: str, purpose: str) -> dict[str, Any]:
    """The values received by one access, only for the purpose it was made for."""
    access = AccessLog.objects.filter(
        uuid=access_uuid, purpose=purpose, outcome=AccessLog.Outcome.ANSWERED
    ).first()
    if access is None or not access.record_encrypted:
        return {}
    values: dict[str, Any] = json.loads(crypto.decrypt(access.record_encrypted))
    return values
