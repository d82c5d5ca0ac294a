"""Case reads: the staff queue within scope (filters in SQL), one case for staff or its
applicant, the applicant's own cases, the anonymous progress query, notice verification,
and the parts of one case (history, notices, materials, open supplement items) for pages
that already hold the case from ``case_get_for``; the applicant's own drafts and earlier
files, always filtered by the user in SQL."""

import datetime
import hmac
from typing import Any

from django.conf import settings
from django.db.models import Case as Case_
from django.db.models import (
    CharField,
    Count,
    DateField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from tongban.calendars import selectors as calendar_selectors
from tongban.cases.domain.lights import Light, light
from tongban.cases.models import (
    ApplicationDraft,
    Case,
    CaseEvent,
    CaseMaterial,
    Notice,
    SupplementItem,
)
from tongban.cases.services.deadlines import remaining_working_days, working_days_until
from tongban.catalog import selectors as catalog_selectors
from tongban.catalog.models import ImplementationVersion
from tongban.core import crypto
from tongban.core.permissions import Perm, not_found, scope_for
from tongban.documents.models import StoredFile

_RELATED = (
    "division",
    "organisation",
    "applicant",
    "implementation__basic_item",
    "version",
)


_QUEUE_RELATED = ("division", "organisation", "applicant", "implementation__basic_item")
_QUEUE_DEFERRED = (
    "form_data",
    "query_code_encrypted",
    "decision_reasons",
    "applicant__id_number_encrypted",
    "applicant__address",
    "implementation__basic_item__legal_basis",
)


def _scoped(user: Any) -> QuerySet[Case]:
    scope = scope_for(user, Perm.CASE_VIEW)
    return Case.objects.filter(
        scope.q(
            organisation_path="organisation__path", division_prefix="division__prefix"
        )
    ).select_related(*_RELATED)


def _yellow_until(division: Any, today: datetime.date) -> datetime.date:
    calendar = calendar_selectors.calendar_for(division=division)
    return calendar.add_working_days(
        today, settings.CASE_YELLOW_WORKING_DAYS, provisional_ok=True
    )


def case_queue_for(
    *,
    user: Any,
    state: str | None = None,
    item: str | None = None,
    light_filter: str | None = None,
    assigned_to_me: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[Case]:
    """The work queue: oldest promised due date first; lights as SQL ranges of due dates
    (yellow: due within ``CASE_YELLOW_WORKING_DAYS`` working days of the prefecture-wide
    calendar, red: past due)."""
    today = today or timezone.localdate()
    cases = _scoped(user).select_related(None).select_related(*_QUEUE_RELATED)
    # The queue shows a few columns of many rows: the wide ones (the application form,
    # the frozen guide of the version, identity ciphertexts) stay in the database.
    cases = cases.defer(*_QUEUE_DEFERRED).annotate(version_number=F("version__number"))
    if state:
        cases = cases.filter(state=state)
    if item:
        cases = cases.filter(implementation__code=item)
    if assigned_to_me:
        cases = cases.filter(assigned_to=user)
    if light_filter in (Light.RED, Light.YELLOW, Light.GREEN):
        cases = cases.alias(light_due=_LIGHT_DUE)
    if light_filter == Light.RED:
        cases = cases.filter(Q(light_due__lt=today))
    elif light_filter in (Light.YELLOW, Light.GREEN):
        until = _yellow_until(None, today)
        yellow = Q(light_due__gte=today, light_due__lte=until)
        cases = cases.filter(
            yellow if light_filter == Light.YELLOW else Q(light_due__gt=until)
        )
    return cases.order_by("promised_due", "submitted_at")


# The date a case's light is measured against (as ``case_light`` does): the deemed
# acceptance day while the application waits unanswered, the promised (else statutory)
# due date while it is handled.
_LIGHT_DUE = Case_(
    When(state="submitted", supplement_rounds=0, then=F("acceptance_due")),
    When(
        state__in=["accepted", "suspended"],
        then=Coalesce(F("promised_due"), F("statutory_due")),
    ),
    default=None,
    output_field=DateField(),
)


def case_get_for(*, user: Any, uuid: Any) -> Case:
    """A case visible to ``user``: in their staff scope, or their own as its applicant."""
    case = _scoped(user).filter(uuid=uuid).first()
    if case is None and getattr(user, "is_authenticated", False) and user.pk:
        case = (
            Case.objects.select_related(*_RELATED)
            .filter(uuid=uuid, applicant__user_id=user.pk)
            .first()
        )
    if case is None:
        raise not_found()
    return case


def case_list_for_applicant(*, user: Any) -> QuerySet[Case]:
    return (
        Case.objects.filter(applicant__user=user)
        .select_related(*_RELATED)
        .order_by("-id")
    )


def draft_get_for(*, user: Any, implementation_code: str) -> ApplicationDraft | None:
    """The user's own draft for a service; nobody else's is ever returned."""
    if not getattr(user, "pk", None):
        return None
    return ApplicationDraft.objects.filter(
        user_id=user.pk, implementation__code=implementation_code
    ).first()


def draft_list_for_applicant(*, user: Any) -> QuerySet[ApplicationDraft]:
    return (
        ApplicationDraft.objects.filter(user_id=user.pk)
        .select_related("implementation__basic_item")
        .order_by("-updated_at")
    )


def draft_files(*, draft: ApplicationDraft | None) -> dict[int, StoredFile]:
    """The files attached to a draft, by checklist material id (only the user's own)."""
    if draft is None or not draft.files:
        return {}
    by_uuid = {
        str(f.uuid): f
        for f in StoredFile.objects.filter(
            uuid__in=list(draft.files.values()), uploaded_by_id=draft.user_id
        )
    }
    return {
        int(material): by_uuid[file_uuid]
        for material, file_uuid in draft.files.items()
        if file_uuid in by_uuid
    }


def earlier_files_for(
    *, user: Any, names: list[str], per_name: int = 5
) -> dict[str, list[StoredFile]]:
    """Files the user uploaded for materials of these names in their earlier cases, newest
    first, at most ``per_name`` each. Files a clerk scanned are left out: ``case_submit``
    reuses only the submitting user's own uploads."""
    offers: dict[str, list[StoredFile]] = {}
    rows = (
        CaseMaterial.objects.filter(
            case__applicant__user_id=user.pk,
            file__uploaded_by_id=user.pk,
            name__in=names,
        )
        .select_related("file")
        .order_by("-id")
    )
    for row in rows:
        files = offers.setdefault(row.name, [])
        if row.file is not None and len(files) < per_name and row.file not in files:
            files.append(row.file)
    return offers


def case_by_number_and_code(*, number: str, query_code: str) -> Case | None:
    """Progress query without login: the number and the 8-digit query code must match."""
    case = Case.objects.select_related(*_RELATED).filter(number=number.strip()).first()
    if case is None:
        return None
    if not hmac.compare_digest(
        crypto.decrypt(case.query_code_encrypted), query_code.strip()
    ):
        return None
    return case


def case_light(case: Case, *, today: datetime.date | None = None) -> str | None:
    """Green, yellow or red against the promised (else statutory) due date of a running
    case, or against the deemed-acceptance day of an unanswered application (行政许可法
    32): yellow there is the warning to answer it."""
    if case.state == "submitted" and not case.supplement_rounds:
        remaining = working_days_until(case, case.acceptance_due, today=today)
    elif case.state in ("accepted", "suspended"):
        remaining = remaining_working_days(case, today=today)
    else:
        return None
    if remaining is None:
        return None
    return light(
        remaining_working_days=remaining, yellow_at=settings.CASE_YELLOW_WORKING_DAYS
    )


def notice_by_verify_code(*, code: str) -> Notice | None:
    return (
        Notice.objects.select_related("case__organisation", "case__applicant")
        .filter(verify_code=code)
        .first()
    )


def case_events(*, case: Case) -> QuerySet[CaseEvent]:
    """The history of a case, oldest first (the timeline of both applicant and staff)."""
    return case.events.select_related("actor").order_by("created_at", "id")


def case_notices(*, case: Case) -> QuerySet[Notice]:
    return case.notices.order_by("issued_on", "id")


def case_materials(*, case: Case) -> QuerySet[CaseMaterial]:
    return case.materials.select_related(
        "file", "material", "original_seen_by"
    ).order_by("id")


def case_open_supplement_items(*, case: Case) -> QuerySet[SupplementItem]:
    """The items of the current one-time notice still waiting for the applicant."""
    return case.supplement_items.filter(
        round=case.supplement_rounds, resolved=False
    ).select_related("material")


def case_material_file(*, case: Case, file_uuid: Any) -> StoredFile:
    """A file attached to this case (the caller got ``case`` from ``case_get_for``)."""
    material = (
        case.materials.select_related("file").filter(file__uuid=file_uuid).first()
    )
    if material is None or material.file is None:
        raise not_found()
    return material.file


def case_counts_by_prefecture(
    *, user: Any, today: datetime.date | None = None
) -> list[dict[str, Any]]:
    """Statistics within the user's scope, in one grouped query: cases per prefecture
    (first four digits of the division code) × state × light (lights only for cases
    whose clock runs; ``None`` otherwise)."""
    today = today or timezone.localdate()
    until = _yellow_until(None, today)
    running = Q(state__in=("accepted", "suspended"), promised_due__isnull=False)
    light_case = Case_(
        When(running & Q(promised_due__lt=today), then=Value(Light.RED.value)),
        When(running & Q(promised_due__lte=until), then=Value(Light.YELLOW.value)),
        When(running, then=Value(Light.GREEN.value)),
        default=None,
        output_field=CharField(),
    )
    return list(
        _scoped(user)
        .annotate(prefecture=Substr("division__code", 1, 4), light=light_case)
        .values("prefecture", "state", "light")
        .annotate(count=Count("id"))
        .order_by("prefecture", "state", "light")
    )


def case_tolerated_missing(*, case: Case) -> QuerySet[CaseMaterial]:
    """Materials accepted as missing (容缺) that have not arrived yet."""
    return case.materials.filter(
        tolerated=True, file__isnull=True, original_seen=False, material__isnull=False
    ).order_by("id")


def popular_versions(*, limit: int = 8, days: int = 90) -> list[ImplementationVersion]:
    """Live guides for the portal home page, the most applied for in the last ``days``
    first, then by item code: what people come for, never an unpublished item. The count
    is a correlated subquery, so this is one query whatever the catalogue's size."""
    since = timezone.now() - datetime.timedelta(days=days)
    applications = (
        Case.objects.filter(
            implementation=OuterRef("implementation"), submitted_at__gte=since
        )
        .order_by()
        .values("implementation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    ranked = catalog_selectors.live_versions().annotate(
        applications=Coalesce(Subquery(applications), 0)
    )
    return list(
        ranked.order_by(
            "-applications", "implementation__basic_item__code", "implementation__code"
        )[:limit]
    )


def case_by_number(*, number: str) -> Case | None:
    """The case with this number, unscoped: for a caller that checks the applicant itself
    (the service desk links a caller's ticket to a case only when the phones match)."""
    return Case.objects.select_related(*_RELATED).filter(number=number.strip()).first()
