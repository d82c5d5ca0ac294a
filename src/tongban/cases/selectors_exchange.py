"""Case reads for the GB/T 39046 exchange export (the ``exchange`` app reads cases only
through these): the submitted cases, and the history rows of acceptance, handling steps,
special procedures and completion, each after a keyset position ``(time, id)`` and up to
a settled moment, within a region, oldest first, as plain value rows.

Rows stream (``iterator``; a server-side cursor on PostgreSQL) and carry only what the
data sets need; the identity number comes encrypted, for the exporter to decrypt.
"""

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import JSONField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf

from tongban.cases.domain.workflow import Event
from tongban.cases.models import Case, CaseEvent, Notice
from tongban.catalog.models import Implementation, ImplementationVersion
from tongban.regions.models import Division

Position = tuple[datetime.datetime, int] | None
ACCEPT_EVENTS = (
    Event.ACCEPT,
    Event.ACCEPT_TOLERATED,
    Event.ACCEPT_PLEDGED,
    Event.DEEM_ACCEPT,
    Event.DECIDE_ON_SPOT,
)
CLOSE_EVENTS = (Event.CLOSE,)
SPECIAL_EVENTS = (Event.SUSPEND, Event.EXTEND, Event.RESUME)
CHUNK = 5000


def _after(rows: QuerySet[Any], time_field: str, position: Position) -> QuerySet[Any]:
    if position is None:
        return rows
    moment, pk = position
    # ">=" first, so the time index bounds the scan; the OR only settles the ties.
    return rows.filter(**{f"{time_field}__gte": moment}).filter(
        Q(**{f"{time_field}__gt": moment}) | Q(pk__gt=pk)
    )


def _window(
    rows: QuerySet[Any],
    time_field: str,
    *,
    after: Position,
    until: datetime.datetime,
    division_prefix: str,
    limit: int,
) -> QuerySet[Any]:
    prefix_lookup = (
        "division__prefix" if rows.model is Case else "case__division__prefix"
    )
    rows = _after(rows, time_field, after).filter(
        **{f"{time_field}__lte": until, f"{prefix_lookup}__startswith": division_prefix}
    )
    return rows.order_by(time_field, "pk")[:limit]


def cases_submitted(
    *, after: Position, until: datetime.datetime, division_prefix: str, limit: int
) -> Iterator[dict[str, Any]]:
    """表5: one row per case, by submission time. The small tables (divisions, items,
    versions) are not joined: the exporter resolves their ids from ``case_dimensions``
    (a join per row of each was most of the read's time at a million rows)."""
    divisions = Division.objects.filter(prefix__startswith=division_prefix)
    rows: QuerySet[Any] = Case.objects.filter(
        division_id__in=divisions.values("pk")
    ).values(
        "pk",
        "submitted_at",
        "number",
        "channel",
        "implementation_id",
        "version_id",
        "division_id",
        "applicant__name",
        "applicant__id_type",
        "applicant__id_number_encrypted",
        "applicant__phone",
        "applicant__address",
        "applicant__legal_representative",
        "applicant_id",
    )
    rows = _after(rows, "submitted_at", after).filter(submitted_at__lte=until)
    return rows.order_by("submitted_at", "pk")[:limit].iterator(chunk_size=CHUNK)


def case_dimensions(
    *, implementation_ids: set[int], version_ids: set[int], division_ids: set[int]
) -> dict[str, dict[int, Any]]:
    """Implementation code and item name, version case type, division code by id."""
    implementations = Implementation.objects.filter(pk__in=implementation_ids)
    return {
        "implementation": {
            pk: (code, name)
            for pk, code, name in implementations.values_list(
                "pk", "code", "basic_item__name"
            )
        },
        "version": dict(
            ImplementationVersion.objects.filter(pk__in=version_ids).values_list(
                "pk", "case_type"
            )
        ),
        "division": dict(
            Division.objects.filter(pk__in=division_ids).values_list("pk", "code")
        ),
    }


def _event_rows(events: tuple[str, ...]) -> QuerySet[Any]:
    return CaseEvent.objects.filter(event__in=events).values(
        "pk",
        "created_at",
        "event",
        "reason",
        "data",
        "actor__full_name",
        "actor__username",
        "case_id",
        "case__number",
        "case__implementation__code",
        "case__implementation__basic_item__code",
        "case__implementation__basic_item__name",
        "case__version__case_type",
        "case__organisation__name",
        "case__organisation__uscc",
        "case__promised_due",
        "case__division__code",
        "case__delivery_method",
        "case__result_name",
        "case__decision",
        "case__decision_reasons",
    )


def case_history_rows(
    *,
    kind: str,
    after: Position,
    until: datetime.datetime,
    division_prefix: str,
    limit: int,
) -> Iterator[dict[str, Any]]:
    """History rows of one kind: ``acceptance``, ``process`` (every step after the
    submission), ``special`` (special procedures, extensions and their ends, each end
    with the row that started it) or ``completion`` (closes, and deliveries with the close
    before them)."""
    if kind == "acceptance":
        rows = _event_rows(ACCEPT_EVENTS).annotate(
            notice_number=Subquery(
                Notice.objects.filter(case=OuterRef("case"), kind="acceptance")
                .order_by("pk")
                .values("number")[:1]
            )
        )
    elif kind == "process":
        rows = _event_rows(tuple(e.value for e in Event if e != Event.SUBMIT))
    elif kind == "special":
        started = CaseEvent.objects.filter(
            case=OuterRef("case"), event=Event.SUSPEND, pk__lt=OuterRef("pk")
        ).order_by("-pk")
        rows = _event_rows(SPECIAL_EVENTS).annotate(
            started_pk=Subquery(started.values("pk")[:1]),
            started_at=Subquery(started.values("created_at")[:1]),
            # The end updates the record the start made: its kind, reasons and
            # requester are the start's, not the resume row's (which has none).
            started_data=Subquery(started.values("data")[:1], output_field=JSONField()),
            started_reason=Subquery(started.values("reason")[:1]),
            started_by=Subquery(
                started.annotate(
                    by=Coalesce(
                        NullIf("actor__full_name", Value("")), "actor__username"
                    )
                ).values("by")[:1]
            ),
        )
    elif kind == "completion":
        # 送达 after 办结 updates the 办结 record (是否快递寄送结果 is known only then).
        closed = CaseEvent.objects.filter(
            case=OuterRef("case"), event=Event.CLOSE, pk__lt=OuterRef("pk")
        ).order_by("-pk")
        rows = _event_rows((*CLOSE_EVENTS, Event.DELIVER)).annotate(
            closed_at=Subquery(closed.values("created_at")[:1]),
            closed_data=Subquery(closed.values("data")[:1], output_field=JSONField()),
            closed_by=Subquery(
                closed.annotate(
                    by=Coalesce(
                        NullIf("actor__full_name", Value("")), "actor__username"
                    )
                ).values("by")[:1]
            ),
        )
    else:
        raise ValueError(kind)
    window = _window(
        rows,
        "created_at",
        after=after,
        until=until,
        division_prefix=division_prefix,
        limit=limit,
    )
    return window.iterator(chunk_size=CHUNK)
