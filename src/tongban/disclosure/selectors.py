"""Disclosure reads: every public page is a view of the live data, never a copy
(DOMAIN §10.2). Results publicity returns rows already masked, so no template or
serializer can show an applicant's full name, identity number or phone by mistake."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils import timezone

from tongban.cases import selectors_supervision as case_reads
from tongban.catalog import selectors as catalog_selectors
from tongban.core.permissions import SYSTEM
from tongban.disclosure.domain.masking import mask_person_name
from tongban.regions import selectors as region_selectors
from tongban.supervision import metrics as supervision_metrics
from tongban.supervision import selectors as supervision_selectors

# 通办 joins the two service-scope lists of the catalogue (区内通办 and 跨省通办).
LISTS = (
    "at_most_one_visit",
    "fully_online",
    "instant",
    "tolerance_acceptance",
    "notification_pledge",
    "tongban",
)


@dataclass(frozen=True)
class PublicResult:
    number: str
    item: str
    organisation: str
    applicant: str
    applicant_id: str
    decision: str
    result_name: str
    decided_on: datetime.date | None
    closed_on: datetime.date | None


def list_versions(kind: str) -> Any:
    if kind == "tongban":
        both = catalog_selectors.special_list(kind="in_region") | (
            catalog_selectors.special_list(kind="cross_province")
        )
        return both.distinct()
    return catalog_selectors.special_list(kind=kind)


def last_published(versions: Any) -> datetime.date:
    latest = versions.aggregate(m=Max("published_at"))["m"]
    return timezone.localdate(latest) if latest else timezone.localdate()


def _masked(case: Any) -> PublicResult:
    applicant = case.applicant
    person = applicant.applicant_type == "person"
    return PublicResult(
        number=case.number,
        item=case.implementation.basic_item.name,
        organisation=case.organisation.name,
        applicant=mask_person_name(applicant.name) if person else applicant.name,
        applicant_id=applicant.id_masked,
        decision=case.get_decision_display(),
        result_name=case.result_name,
        decided_on=timezone.localdate(case.decided_at) if case.decided_at else None,
        closed_on=timezone.localdate(case.closed_at) if case.closed_at else None,
    )


def results(*, limit: int = 50, offset: int = 0) -> tuple[list[PublicResult], int]:
    rows = case_reads.cases_results_public()
    return [_masked(c) for c in rows[offset : offset + limit]], rows.count()


def halls(*, day: Any) -> list[dict[str, Any]]:
    """Active halls with their active windows and who is on duty at each on ``day``,
    named as the hall publishes them (its roster, not the staff accounts)."""
    found = list(region_selectors.hall_public_list())
    duty = region_selectors.duty_of_halls(hall_ids=[h.pk for h in found], day=day)
    return [
        {
            "hall": hall,
            "windows": [
                (window, duty.get(window.pk, []))
                for window in hall.windows.all()
                if window.is_active
            ],
        }
        for hall in found
    ]


def figures() -> dict[str, Any]:
    """The region's figures and each prefecture's, as the public sees them."""
    region = supervision_metrics.figures(user=SYSTEM, division=None, months=None)
    rows = [
        {"metric": m, "shown": supervision_metrics.shown(region.get(m.code), m)}
        for m in supervision_metrics.METRICS
        if m.code != "claim_rate"
    ]
    areas = []
    for prefecture in supervision_selectors.region_prefectures():
        counts = supervision_selectors.case_counts(
            user=SYSTEM, division_prefix=prefecture.prefix
        )
        rate = counts.on_time / counts.closed if counts.closed else None
        areas.append(
            {
                "division": prefecture,
                "submitted": counts.submitted,
                "closed": counts.closed,
                "on_time_shown": supervision_metrics.shown(
                    rate, supervision_metrics.BY_CODE["on_time_rate"]
                ),
            }
        )
    return {"rows": rows, "areas": areas, "values": region}
