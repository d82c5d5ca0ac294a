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
from modeltranslation.utils import build_localized_fieldname

from tongban.calendars import selectors as calendar_selectors
from tongban.cases.domain.lights import NO_CLOCK, Light, light
from tongban.cases.domain.workflow import HANDLING, State
from tongban.cases.models import (
    ApplicationDraft,
    Case,
    CaseEvent,
    CaseMaterial,
    Notice,
    SupplementItem,
)
from tongban.catalog import selectors as catalog_selectors
from tongban.catalog.models import ImplementationVersion
from tongban.core import crypto
from tongban.core.permissions import Perm, not_found, scope_for
from tongban.core.replica import report_reads
from tongban.core.scopes import NOTHING
from tongban.documents import selectors as document_selectors
from tongban.documents.models import StoredFile
from tongban.regions import selectors as regions_selectors

_RELATED = (
    "division",
    "organisation",
    "applicant",
    "implementation__basic_item",
    "version",
)


# The queue reads only what its page and its API rows show, and what the light and the
# keyset cursor are computed from: 48 of the 101 columns of the case and its applicant,
# division, service and basic item (the case's intake, clock and delivery details, the
# applicant's identity and contacts, the basic item's legal basis and search columns
# stay in the database). Building 50 wide rows was a third of the queue's time in
# Python; tests/cases/test_queue_statements.py pins the list, and that neither the page
# nor the API loads a column left out one row at a time.
_QUEUE_RELATED = ("division", "applicant", "implementation__basic_item")
_QUEUE_COLUMNS = (
    # the page and the API (CaseSerializer)
    "uuid",
    "number",
    "state",
    "result_code",
    "channel",
    "submitted_at",
    "accepted_at",
    "decided_at",
    "closed_at",
    "statutory_due",
    "promised_due",
    "deadline_provisional",
    "extension_days",
    "acceptance_due",
    "deadline_moved_from",
    "supplement_due",
    "supplement_rounds",
    "tolerance_due",
    "decision",
    "decision_reasons",
    "result_name",
    "delivery_method",
    # the keyset cursor
    "queue_due",
    # the joined rows, of which the page shows a name or a code (the division whole:
    # its working calendar is looked up from it)
    "division",
    "applicant__name",
    "implementation__code",
    "implementation__basic_item__name",
    # the name in the page's language, with its zh-hans fallback (modeltranslation)
    *(
        build_localized_fieldname("implementation__basic_item__name", code)
        for code in settings.LANGUAGE_CODES
    ),
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


def _queue_scope(user: Any) -> Q:
    """The user's case scope as conditions on the case's own columns: the ids of the
    divisions and organisations under each grant are read first (small tables), so the
    queue indexes that lead with ``division_id`` return a county's cases already in the
    queue's order instead of joining and sorting them."""
    scope = scope_for(user, Perm.CASE_VIEW)
    if scope.everything:
        return Q()
    condition = NOTHING
    for grant in scope.grants:
        part = Q()
        if grant.organisation_path:
            part &= Q(
                organisation_id__in=regions_selectors.organisation_ids_under(
                    path=grant.organisation_path
                )
            )
        if grant.division_prefix:
            part &= Q(
                division_id__in=regions_selectors.division_ids_under(
                    prefix=grant.division_prefix
                )
            )
        condition |= part
    return condition


def case_queue_for(
    *,
    user: Any,
    state: str | None = None,
    item: str | None = None,
    light_filter: str | None = None,
    assigned_to_me: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[Case]:
    """The work queue, most urgent first: by ``queue_due`` (the date the light is
    measured against: deemed acceptance, else the promised or statutory due date; cases
    on which no clock runs last), then by id, which makes the order a key for
    ``case_queue_page``. Lights are ranges of that one indexed column (yellow: due within
    ``CASE_YELLOW_WORKING_DAYS`` working days of the region-wide calendar, red: past
    due). Cases in draft (held bundle sub-cases) are not in the queue."""
    today = today or timezone.localdate()
    cases = (
        Case.objects.filter(_queue_scope(user))
        # A bundle's later step is stored in draft until the steps before it close:
        # there is nothing to accept yet, so it joins the queue when it is submitted.
        .exclude(state=State.DRAFT)
        .select_related(*_QUEUE_RELATED)
        # A few columns of many rows (above).
        .only(*_QUEUE_COLUMNS)
        .annotate(version_number=F("version__number"))
    )
    if state:
        cases = cases.filter(state=state)
    if item:
        # The service's id as a literal, looked up first: against a subquery's value
        # PostgreSQL can only assume an average service's share of the cases, too few
        # for a busy one, and then sorts all of them instead of reading the
        # (division, implementation, queue_due, id) index in order and stopping at a
        # page; a literal it finds in its statistics (a service outside them has few
        # cases, so a sort of them costs little).
        found = [
            row["pk"]
            for row in catalog_selectors.implementation_ids_with_code(code=item)[:1]
        ]
        cases = cases.filter(implementation_id=found[0]) if found else cases.none()
    if assigned_to_me:
        cases = cases.filter(assigned_to=user)
    if light_filter == Light.RED:
        cases = cases.filter(queue_due__lt=today)
    elif light_filter in (Light.YELLOW, Light.GREEN):
        until = _yellow_until(None, today)
        cases = cases.filter(
            Q(queue_due__gte=today, queue_due__lte=until)
            if light_filter == Light.YELLOW
            else Q(queue_due__gt=until, queue_due__lt=NO_CLOCK)
        )
    return cases.order_by("queue_due", "id")


def case_queue_page(
    cases: QuerySet[Case], *, after: str | None, size: int
) -> tuple[list[Case], str | None]:
    """One page of a queue from ``case_queue_for`` after the cursor ``after`` (keyset:
    no count and no offset, so page 200 costs what page 1 does), and the next page's
    cursor (``None`` on the last page). A cursor that does not parse starts over."""
    key = _cursor(after)
    if key is not None:
        due, pk = key
        # ``queue_due >= due`` is the index range; the tie on the same day is filtered.
        cases = cases.filter(queue_due__gte=due).filter(
            Q(queue_due__gt=due) | Q(pk__gt=pk)
        )
    rows = list(cases[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    cursor = f"{rows[-1].queue_due:%Y%m%d}.{rows[-1].pk}" if more else None
    return rows, cursor


def _cursor(after: str | None) -> tuple[datetime.date, int] | None:
    day, _, pk = (after or "").partition(".")
    try:
        key = datetime.datetime.strptime(day, "%Y%m%d").date(), int(pk)  # noqa: DTZ007 - a date
    except ValueError:
        return None
    # An id past the column's range would make PostgreSQL refuse the query.
    return key if 0 <= key[1] < 2**63 else None


def case_get_for(*, user: Any, uuid: Any) -> Case:
    """A case visible to ``user``: in their staff scope, or their own as its applicant."""
    case = _scoped(user).filter(uuid=uuid).first()
    return case if case is not None else case_get_own(user=user, uuid=uuid)


def case_get_own(*, user: Any, uuid: Any) -> Case:
    """A case of which ``user`` is the applicant, else 404: the applicant's endpoints
    serve no one else (staff read through the internal ones, where reads of personal
    documents are audited)."""
    if not getattr(user, "pk", None):
        raise not_found()
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
        for f in document_selectors.stored_files_of(
            user_id=draft.user_id, uuids=draft.files.values()
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


def working_days_until(
    case: Case, due: datetime.date | None, *, today: datetime.date | None = None
) -> int | None:
    """Working days of the case's region from today to ``due``; negative when past."""
    if due is None:
        return None
    today = today or timezone.localdate()
    calendar = calendar_selectors.calendar_for(division=case.division)
    if today <= due:
        return calendar.count_working_days(today, due, provisional_ok=True)
    return -calendar.count_working_days(due, today, provisional_ok=True)


def statutory_overdue(case: Case, *, today: datetime.date | None = None) -> bool:
    """超法定时限: a running case past its statutory due date (flagged apart from the
    promised one, DOMAIN §11.5)."""
    today = today or timezone.localdate()
    return (
        case.state in HANDLING
        and case.statutory_due is not None
        and today > case.statutory_due
    )


def remaining_working_days(
    case: Case, *, today: datetime.date | None = None
) -> int | None:
    """Working days from today to the promised due date (the statutory one for an item
    that promises nothing shorter); negative when overdue."""
    return working_days_until(
        case, case.promised_due or case.statutory_due, today=today
    )


def case_light(case: Case, *, today: datetime.date | None = None) -> str | None:
    """Green, yellow or red against the promised (else statutory) due date of a running
    case, or against the deemed-acceptance day of an unanswered application (行政许可法
    32): yellow there is the warning to answer it."""
    if case.state == State.SUBMITTED and not case.supplement_rounds:
        remaining = working_days_until(case, case.acceptance_due, today=today)
    elif case.state in HANDLING:
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


@report_reads
def case_counts_by_prefecture(
    *, user: Any, today: datetime.date | None = None
) -> list[dict[str, Any]]:
    """Statistics within the user's scope, in one grouped query: cases per prefecture
    (first four digits of the division code) × state × light (lights only for cases
    whose clock runs; ``None`` otherwise)."""
    today = today or timezone.localdate()
    until = _yellow_until(None, today)
    running = Q(state__in=HANDLING, promised_due__isnull=False)
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


def case_events_recent(*, since: datetime.datetime) -> QuerySet[CaseEvent]:
    """Transitions written since ``since``, oldest first, for the webhook relay (which
    sends no personal data: numbers, codes and states only)."""
    return (
        CaseEvent.objects.filter(created_at__gte=since)
        .select_related("case__implementation", "case__division", "case__organisation")
        .order_by("id")
    )


def case_for_evaluation(*, user: Any, uuid: Any) -> Case | None:
    """The applicant's own case, locked, for an evaluation of it (evaluations app): only
    the applicant's account ever gets it; staff scope does not count here."""
    if not getattr(user, "pk", None):
        return None
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related(
            "division", "organisation", "applicant", "implementation", "submitted_by"
        )
        .filter(uuid=uuid, applicant__user_id=user.pk)
        .first()
    )


def case_for_receipt_evaluation(*, uuid: Any, lock: bool) -> Case | None:
    """A case by uuid (locked to evaluate it) for the evaluation code printed on its
    receipt (evaluations app): the caller has checked the code's signature, which only the
    receipt carries."""
    cases = Case.objects.select_related(
        "division", "organisation", "applicant", "implementation", "submitted_by"
    ).filter(uuid=uuid)
    if lock:
        cases = cases.select_for_update(of=("self",))
    return cases.first()


# The states of a case whose 办结 time is set (办结, 送达, 不予受理, 撤回, 归档): a transition
# out of any other state that sets it is the one that closes the case.
CLOSED_STATES = frozenset(
    {
        State.CLOSED.value,
        State.DELIVERED.value,
        State.REFUSED.value,
        State.WITHDRAWN.value,
        State.ARCHIVED.value,
    }
)


def cases_closed_for_rollup() -> QuerySet[Case]:
    """Every closed case with what the evaluations' case rollup groups it by."""
    return (
        Case.objects.filter(closed_at__isnull=False)
        .select_related("division", "implementation", "submitted_by")
        .order_by("id")
    )


def cases_closed_between(
    *, start: datetime.datetime, end: datetime.datetime, channel: str | None = None
) -> QuerySet[Case]:
    """Cases closed in ``[start, end)``, oldest first (evaluation invitations, rates)."""
    cases = Case.objects.filter(closed_at__gte=start, closed_at__lt=end)
    if channel:
        cases = cases.filter(channel=channel)
    return cases.select_related("division", "organisation", "applicant").order_by(
        "closed_at", "id"
    )


def case_by_number(*, number: str) -> Case | None:
    """The case with this number, unscoped: for a caller that checks the applicant itself
    (the service desk links a caller's ticket to a case only when the phones match)."""
    return Case.objects.select_related(*_RELATED).filter(number=number.strip()).first()
