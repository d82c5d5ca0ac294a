"""Version life cycle: draft → submit → approve/reject → publish (scheduled) → supersede
or cancel. Transitions come from ``domain/lifecycle.py``; published content is
immutable."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.catalog.domain.guide import guide_issues
from tongban.catalog.domain.lifecycle import Event, next_status
from tongban.catalog.facts import guide_facts, tr
from tongban.catalog.fields import (
    CHILD_MODELS,
    child_fields,
    version_fields,
    version_writable,
)
from tongban.catalog.guide_cache import guides_changed
from tongban.catalog.models import Implementation, ImplementationVersion
from tongban.catalog.models.versions import OPEN_STATUSES
from tongban.catalog.references import references_check
from tongban.catalog.services.common import (
    CHILD_ISSUES,
    assign,
    implementation_scope,
    raise_issues,
)
from tongban.catalog.services.search_index import search_entries_refresh
from tongban.core.api.problems import Problem
from tongban.core.permissions import Perm, require
from tongban.core.services import audit_record
from tongban.core.snapshots import changes_between, snapshot

Status = ImplementationVersion.Status


def _locked(version: ImplementationVersion) -> ImplementationVersion:
    return (
        ImplementationVersion.objects.select_for_update()
        .select_related(
            "implementation__organisation",
            "implementation__division",
            "implementation__basic_item",
        )
        .get(pk=version.pk)
    )


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


EVENT_LABELS = {
    Event.SUBMIT: _("submitted for review"),
    Event.APPROVE: _("approved"),
    Event.REJECT: _("rejected"),
    Event.PUBLISH: _("published"),
    Event.CANCEL: _("cancelled"),
    Event.SUPERSEDE: _("superseded"),
}


def _move(version: ImplementationVersion, event: Event) -> str:
    target = next_status(version.status, event)
    if target is None:
        raise Problem(
            status_code=409,
            code="version_transition_not_allowed",
            detail=_("A version that is {status} cannot be {action}.").format(
                status=version.get_status_display(), action=EVENT_LABELS[event]
            ),
        )
    return target


def _audit(
    actor: Any, action: str, version: ImplementationVersion, changes: dict[str, Any]
) -> None:
    audit_record(
        actor=actor,
        action=f"catalog.version.{action}",
        instance=version,
        changes=changes,
        **implementation_scope(version.implementation),
    )


@transaction.atomic
def version_draft(
    *, actor: Any, implementation: Implementation, change_summary: str = ""
) -> ImplementationVersion:
    """Start a new draft, copied from the latest published version when there is one, so
    the next version can be prepared while the current one stays live."""
    require(actor, Perm.CATALOG_MANAGE, **implementation_scope(implementation))
    implementation = Implementation.objects.select_for_update().get(
        pk=implementation.pk
    )
    versions = ImplementationVersion.objects.filter(implementation=implementation)
    if versions.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            {
                "implementation": ValidationError(
                    _(
                        "This implementation already has a version "
                        "being edited or reviewed."
                    ),
                    code="open_version_exists",
                )
            }
        )
    number = (versions.aggregate(n=Max("number"))["n"] or 0) + 1
    base = (
        versions.filter(status__in=[Status.PUBLISHED, Status.SUPERSEDED])
        .order_by("-number")
        .first()
    )
    draft = ImplementationVersion(
        implementation=implementation,
        number=number,
        created_by=_user(actor),
        change_summary=change_summary,
    )
    if base is not None:
        for name in version_fields():
            setattr(draft, name, getattr(base, name))
        draft.change_summary = change_summary
    draft.full_clean()
    draft.save()
    if base is not None:
        for relation, model in CHILD_MODELS.items():
            model._default_manager.bulk_create(
                [
                    model(
                        version=draft,
                        **{name: getattr(row, name) for name in child_fields(model)},
                    )
                    for row in getattr(base, relation).all()
                ]
            )
    _audit(
        actor,
        "draft",
        draft,
        {
            "number": [None, number],
            "copied_from": [None, base.number if base else None],
        },
    )
    return draft


def _require_draft(version: ImplementationVersion) -> None:
    if not version.is_editable:
        raise Problem(
            status_code=409,
            code="version_not_editable",
            detail=_(
                "Only a draft can be changed; start a new draft "
                "to change a published guide."
            ),
        )


@transaction.atomic
def version_update(
    *, actor: Any, version: ImplementationVersion, **changes: Any
) -> ImplementationVersion:
    version = _locked(version)
    require(actor, Perm.CATALOG_MANAGE, **implementation_scope(version.implementation))
    _require_draft(version)
    unknown = set(changes) - version_writable()
    if unknown:
        raise ValidationError(
            {
                name: ValidationError(
                    _("This field cannot be set here."), code="not_writable"
                )
                for name in sorted(unknown)
            }
        )
    if "charges_fee" in changes:
        # Saying whether a fee is charged states the fees (imports may leave them
        # "not yet stated").
        changes.setdefault("fees_stated", True)
    fields = version_fields()
    before = snapshot(version, fields)
    assign(version, changes)
    version.full_clean()
    references_check([("result_certificate_type", version.result_certificate_type)])
    # Rules on the version's own fields hold at every save; rules on child rows (fees,
    # materials) only at submission, when the manager has had the chance to add them.
    raise_issues(
        i for i in guide_issues(guide_facts(version)) if i.code not in CHILD_ISSUES
    )
    version.save()
    _audit(actor, "update", version, changes_between(before, snapshot(version, fields)))
    return version


@transaction.atomic
def version_submit(
    *, actor: Any, version: ImplementationVersion
) -> ImplementationVersion:
    version = _locked(version)
    require(actor, Perm.CATALOG_MANAGE, **implementation_scope(version.implementation))
    target = _move(version, Event.SUBMIT)
    names = [tr(m, "name") for m in version.materials.all()]
    raise_issues(guide_issues(guide_facts(version)), names)
    version.status, version.submitted_by = target, _user(actor)
    version.submitted_at = timezone.now()
    version.save()
    _audit(actor, "submit", version, {"status": [Status.DRAFT, target]})
    return version


def _review(
    actor: Any, version: ImplementationVersion, event: Event, comment: str
) -> ImplementationVersion:
    version = _locked(version)
    require(actor, Perm.CATALOG_REVIEW, **implementation_scope(version.implementation))
    before = version.status
    target = _move(version, event)
    if event == Event.APPROVE and _user(actor) and version.submitted_by_id == actor.pk:
        raise Problem(
            status_code=403,
            code="review_own_submission",
            detail=_("You submitted this version; another person must review it."),
        )
    version.status, version.reviewed_by = target, _user(actor)
    version.reviewed_at, version.review_comment = timezone.now(), comment
    version.save()
    _audit(
        actor,
        event.value,
        version,
        {"status": [before, target], "review_comment": [None, comment]},
    )
    return version


@transaction.atomic
def version_approve(
    *, actor: Any, version: ImplementationVersion, comment: str = ""
) -> ImplementationVersion:
    return _review(actor, version, Event.APPROVE, comment)


@transaction.atomic
def version_reject(
    *, actor: Any, version: ImplementationVersion, comment: str
) -> ImplementationVersion:
    if not comment.strip():
        raise ValidationError(
            {
                "comment": ValidationError(
                    _("Say what must change before the version can be approved."),
                    code="required",
                )
            }
        )
    return _review(actor, version, Event.REJECT, comment)


@transaction.atomic
def version_publish(
    *,
    actor: Any,
    version: ImplementationVersion,
    effective_from: datetime.date | None = None,
) -> ImplementationVersion:
    """Publish an approved version from ``effective_from`` (today by default; a later
    date schedules it). The previous live version is superseded once the new one is in
    force."""
    version = _locked(version)
    require(actor, Perm.CATALOG_MANAGE, **implementation_scope(version.implementation))
    target = _move(version, Event.PUBLISH)
    today = timezone.localdate()
    effective_from = effective_from or today
    published = ImplementationVersion.objects.filter(
        implementation=version.implementation, status=Status.PUBLISHED
    )
    # A correction on the day a version took effect replaces it; a later or equally
    # scheduled version would make the order of guides ambiguous.
    later = published.filter(effective_from__gt=effective_from)
    if effective_from > today:
        later = published.filter(effective_from__gte=effective_from)
    if later.exists():
        raise ValidationError(
            {
                "effective_from": ValidationError(
                    _("A published version already takes effect after {date}.").format(
                        date=effective_from.isoformat()
                    ),
                    code="effective_date_conflict",
                )
            }
        )
    raise_issues(guide_issues(guide_facts(version)))
    version.status, version.effective_from = target, effective_from
    version.published_at = timezone.now()
    if effective_from <= today:
        _supersede_older(actor, version)
    version.save()
    search_entries_refresh(implementation_ids=[version.implementation_id])
    guides_changed(implementation_ids=[version.implementation_id])
    _audit(
        actor,
        "publish",
        version,
        {
            "status": [Status.APPROVED, target],
            "effective_from": [None, effective_from.isoformat()],
        },
    )
    return version


def _supersede_older(actor: Any, live: ImplementationVersion) -> int:
    older = (
        ImplementationVersion.objects.filter(
            implementation=live.implementation,
            status=Status.PUBLISHED,
            effective_from__lte=live.effective_from,
        )
        .exclude(pk=live.pk)
        .select_related("implementation__organisation", "implementation__division")
    )
    count = 0
    for version in older:
        version.status = _move(version, Event.SUPERSEDE)
        version.save(update_fields=["status"])
        _audit(
            actor,
            "supersede",
            version,
            {
                "status": [Status.PUBLISHED, version.status],
                "superseded_by": [None, live.number],
            },
        )
        count += 1
    return count


@transaction.atomic
def version_cancel(
    *,
    actor: Any,
    version: ImplementationVersion,
    cancel_from: datetime.date | None = None,
) -> ImplementationVersion:
    """Abandon a draft at once, or withdraw a published version from ``cancel_from``
    (today by default; a later date schedules the withdrawal, 计划取消日期)."""
    version = _locked(version)
    require(actor, Perm.CATALOG_MANAGE, **implementation_scope(version.implementation))
    before = version.status
    target = _move(version, Event.CANCEL)
    today = timezone.localdate()
    cancel_from = cancel_from or today
    version.cancel_from = cancel_from
    if before != Status.PUBLISHED or cancel_from <= today:
        version.status = target
    version.save()
    search_entries_refresh(implementation_ids=[version.implementation_id])
    guides_changed(implementation_ids=[version.implementation_id])
    _audit(
        actor,
        "cancel",
        version,
        {
            "status": [before, version.status],
            "cancel_from": [None, cancel_from.isoformat()],
        },
    )
    return version


@transaction.atomic
def versions_sweep(*, actor: Any, today: datetime.date | None = None) -> int:
    """Record what the calendar already decided: scheduled versions now in force
    supersede older ones, scheduled cancellations take effect. Safe to run any number of
    times."""
    today = today or timezone.localdate()
    changed = 0
    touched: set[int] = set()
    due = ImplementationVersion.objects.filter(
        status=Status.PUBLISHED, effective_from__lte=today
    ).select_related("implementation__organisation", "implementation__division")
    for version in due.order_by("implementation_id", "-effective_from"):
        superseded = _supersede_older(actor, version)
        if superseded:
            changed += superseded
            touched.add(version.implementation_id)
    for version in due.filter(cancel_from__lte=today):
        version.status = Status.CANCELLED
        version.save(update_fields=["status"])
        _audit(
            actor, "cancel", version, {"status": [Status.PUBLISHED, Status.CANCELLED]}
        )
        changed += 1
        touched.add(version.implementation_id)
    if touched:
        search_entries_refresh(implementation_ids=touched)
        guides_changed(implementation_ids=touched)
    return changed
