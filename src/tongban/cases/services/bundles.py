"""一件事一次办: one application for a catalogue bundle becomes one bundle case and one
sub-case per item, each handled by its own department.

``bundle_case_submit`` checks everything before it stores anything — the bundle is
published and every item live, the merged form (each field once, by its key) and the merged
checklist (each shared material once) — then, in one transaction, numbers the bundle case,
stores each file once and calls ``case_submit`` for every item with that item's share of the
form and the files. Sub-cases of the first step are submitted at once and run in parallel;
those of later steps are kept in draft (``hold``) and submitted through the case writer by
``bundle_release`` when every sub-case before them has closed with approval (an observer of
the writer). Any error rolls the whole submission back: no bundle case, no sub-case, no file
row, no number. Idempotent on ``client_key`` per submitting user, as ``case_submit`` is.

``bundle_case_deliver`` is the one delivery (统一出件): every result handed over at once,
each sub-case's ``deliver`` fired through the writer with the same method and reference.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.cases.domain.bundles import BundleStatus, bundle_status, steps_released
from tongban.cases.domain.query_code import new_query_code
from tongban.cases.domain.workflow import Event, State
from tongban.cases.models import BundleCase, BundleCasePart
from tongban.cases.selectors_bundles import part_facts
from tongban.cases.services import form_values
from tongban.cases.services.numbering import next_serial
from tongban.cases.services.submit import case_submit
from tongban.cases.services.transition import case_transition
from tongban.cases.services.uploads import uploads_check
from tongban.catalog import selectors_bundles as bundles
from tongban.catalog.services.bundles import publication_errors
from tongban.core import actors, crypto
from tongban.core.api.problems import Problem
from tongban.core.services import audit_batch, audit_record
from tongban.documents.services import documents_store_checked
from tongban.lifecycle.writer import Transition

if TYPE_CHECKING:
    from tongban.catalog.domain.bundles import MergedMaterial

Errors = dict[str, list[ValidationError]]
BROUGHT = ("", "applicant", "issuing_body")  # sources the applicant supplies


def bundle_case_submit(
    *,
    actor: actors.Actor,
    bundle_code: str,
    client_key: str,
    form_data: Mapping[str, Any] | None = None,
    materials: Sequence[Mapping[str, Any]] = (),
    applicant: Any = None,
    language: str | None = None,
    channel: str | None = None,
    window: Any = None,  # a regions Window; case_submit types and checks it
) -> tuple[BundleCase, str]:
    """Returns the bundle case and its query code. ``materials``: ``{"material": <merged
    key>, "file": upload}`` (or ``"stored_file"``: a uuid of the actor's own file; at a
    counter ``"original_seen": true``); the merged keys are those of the bundle's guide.
    ``window``: the clerk's window at a counter, recorded with its hall on every
    sub-case (``case_submit`` checks it), so that the window's intakes and evaluation
    rates count the bundle's items."""
    with transaction.atomic(), audit_batch():
        existing = BundleCase.objects.filter(
            submitted_by_id=actor.pk, client_key=client_key
        ).first()
        if existing is not None:
            return _replay(existing, bundle_code)
        resolved = _resolved(bundle_code)
        data = dict(form_data or {})
        errors = _form_errors(resolved, data)
        given = _materials_given(resolved, materials, errors)
        if errors:
            raise ValidationError(errors)
        stored = _store_files(actor, given)
        return _create(
            actor=actor,
            resolved=resolved,
            client_key=client_key,
            data=data,
            given=given,
            stored=stored,
            applicant=applicant,
            language=language,
            channel=channel,
            window=window,
        )


def new_pickup_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def _resolved(bundle_code: str) -> bundles.Resolved:
    bundle = bundles.bundle_list_published().filter(code=bundle_code).first()
    if bundle is None:
        raise ValidationError(
            {
                "bundle_code": ValidationError(
                    _("No bundle with this code is open for applications."),
                    code="not_live",
                )
            }
        )
    resolved = bundles.bundle_resolve(bundle=bundle)
    errors = publication_errors(resolved)
    if errors:  # an item was unpublished or cancelled after the bundle was published
        raise ValidationError(errors)
    return resolved


def _form_errors(resolved: bundles.Resolved, data: Mapping[str, Any]) -> Errors:
    """Each item's own check of its share of the merged form; a field several items ask
    reports once."""
    errors: Errors = {}
    for part in resolved.parts:
        keys = {f.key for f in part.version.form_fields.all()}  # type: ignore[union-attr]  # live: checked above
        share = {k: v for k, v in data.items() if k in keys}
        _clean, found = form_values.form_check(part.version, share)
        for field, messages in found.items():
            errors.setdefault(field, messages)
    merged = {f.key for f in resolved.fields}
    for key in sorted(set(data) - merged):
        errors[f"form.{key}"] = [
            ValidationError(
                _("This bundle's form has no such field."), code="unknown_field"
            )
        ]
    return errors


def _materials_given(
    resolved: bundles.Resolved,
    materials: Sequence[Mapping[str, Any]],
    errors: Errors,
) -> dict[str, dict[str, Any]]:
    by_key = {m.key: m for m in resolved.materials}
    given: dict[str, dict[str, Any]] = {}
    for item in materials:
        key = str(item.get("material", ""))
        if key not in by_key:
            errors[f"materials.{key}"] = [
                ValidationError(
                    _("This material is not on the checklist of this bundle."),
                    code="unknown_material",
                )
            ]
            continue
        if item.get("file") or item.get("stored_file") or item.get("original_seen"):
            given[key] = dict(item)
    for key, merged in by_key.items():
        if _needed(merged) and key not in given:
            errors[f"materials.{key}"] = [
                ValidationError(
                    _("Attach {name}.").format(name=merged.row.name), code="required"
                )
            ]
    return given


def _needed(merged: MergedMaterial) -> bool:
    """Required of the applicant by at least one item, and not allowed to follow later."""
    return (
        merged.required
        and not merged.tolerance_allowed
        and any(
            row.necessity == "required" and row.source in BROUGHT
            for _item, row in merged.uses
        )
    )


def _store_files(
    actor: actors.Actor, given: dict[str, dict[str, Any]]
) -> dict[str, str]:
    """Each new file judged and stored once, whatever the number of items that need it:
    merged key → the stored file's uuid."""
    uploads = {f"materials.{k}": g["file"] for k, g in given.items() if g.get("file")}
    checked = uploads_check(uploads)
    fields = list(checked)
    files = documents_store_checked(actor=actor, checked=[checked[f] for f in fields])
    stored = {
        field.removeprefix("materials."): str(file.uuid)
        for field, file in zip(fields, files, strict=True)
    }
    for key, item in given.items():
        if key not in stored and item.get("stored_file"):
            stored[key] = str(item["stored_file"])
    return stored


def _create(
    *,
    actor: actors.Actor,
    resolved: bundles.Resolved,
    client_key: str,
    data: Mapping[str, Any],
    given: dict[str, dict[str, Any]],
    stored: dict[str, str],
    applicant: Any,
    language: str | None,
    channel: str | None,
    window: Any,
) -> tuple[BundleCase, str]:
    first_step = resolved.steps[0]
    own = (
        getattr(actor, "applicant", None)
        if getattr(actor, "is_applicant", False)
        else None
    )
    query_code = new_query_code()
    bundle = resolved.bundle
    day = timezone.localdate()
    serial = next_serial(key=f"bundle:{bundle.code}", day=day)
    bundle_case = BundleCase(
        number=f"YJS-{bundle.code.upper()}-{day:%Y%m%d}-{serial:04d}",
        query_code_encrypted=crypto.encrypt(query_code),
        client_key=client_key,
        bundle=bundle,
        bundle_version=bundle.version,
        applicant=own or applicant,
        submitted_by_id=actor.pk,
        channel="",
        language=language or "",
        submitted_at=timezone.now(),
        pickup_code=new_pickup_code(),
    )
    if bundle_case.applicant_id is None:
        raise ValidationError(
            {"applicant": ValidationError(_("Choose the applicant."), code="required")}
        )
    try:
        with transaction.atomic():
            bundle_case.save()
    except IntegrityError:  # the same key submitted concurrently: the first one wins
        first = _replay(
            BundleCase.objects.select_related("bundle").get(
                submitted_by_id=actor.pk, client_key=client_key
            ),
            bundle.code,
        )
        transaction.set_rollback(True)  # leaves nothing of this attempt (its serial)
        return first
    for index, part in enumerate(resolved.parts):
        version: Any = part.version
        keys = {f.key for f in version.form_fields.all()}
        try:
            case, _code = case_submit(
                actor=actor,
                implementation_code=part.code,
                client_key=f"bundle-{bundle_case.uuid.hex}-{index}",
                form_data={k: v for k, v in data.items() if k in keys},
                materials=_share(part, resolved, given, stored),
                applicant=applicant,
                language=language,
                channel=channel,
                hold=part.item.step != first_step,
                window=window,
            )
        except ValidationError as error:
            raise _for_bundle(error, part) from error
        BundleCasePart.objects.create(
            bundle_case=bundle_case,
            case=case,
            step=part.item.step,
            order=index,
        )
        bundle_case.channel = case.channel
        bundle_case.language = case.language
    bundle_case.save(update_fields=["channel", "language"])
    audit_record(
        actor=actor,
        action="case.bundle_submit",
        instance=bundle_case,
        changes={"bundle": [None, bundle.code], "parts": [None, len(resolved.parts)]},
    )
    return bundle_case, query_code


def _share(
    part: bundles.Part,
    resolved: bundles.Resolved,
    given: dict[str, dict[str, Any]],
    stored: dict[str, str],
) -> list[dict[str, Any]]:
    """This item's materials among those given: the stored file (``from_draft``: uploaded
    for this application, not reused) and, at a counter, the original seen."""
    share = []
    for merged in resolved.materials:
        item = given.get(merged.key)
        if item is None:
            continue
        for code, row in merged.uses:
            if code != part.code:
                continue
            entry: dict[str, Any] = {"material": row.pk}
            if merged.key in stored:
                entry.update(stored_file=stored[merged.key], from_draft=True)
            if item.get("original_seen"):
                entry["original_seen"] = True
            share.append(entry)
    return share


def _for_bundle(error: ValidationError, part: bundles.Part) -> ValidationError:
    """A sub-case's refusal, named by the item it concerns (the merged keys of the form
    are the items' own; a material is named by its key in the bundle)."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {
            f"{part.code}.{field}": messages
            for field, messages in error.error_dict.items()
        }
    )


def _replay(bundle_case: BundleCase, bundle_code: str) -> tuple[BundleCase, str]:
    if bundle_case.bundle.code != bundle_code:
        raise Problem(
            status_code=409,
            code="client_key_reused",
            detail=_(
                "This client key was already used for another application; "
                "send a new key for a new application."
            ),
        )
    return bundle_case, crypto.decrypt(bundle_case.query_code_encrypted)


# -- order: later steps wait for the earlier ones ----------------------------------------


def bundle_release(*, bundle_case: BundleCase) -> list[Any]:
    """Submit, through the writer, the held sub-cases whose earlier steps are all closed
    with approval; returns the sub-cases submitted. Acts for whoever submitted the bundle
    (the applicant online, the clerk at a counter): they made this application."""
    parts = list(bundle_case.parts.select_related("case"))
    released = steps_released([part_facts(p) for p in parts])
    submitted = []
    for part in parts:
        if released is None or part.step > released or part.case.state != State.DRAFT:
            continue
        submitted.append(
            case_transition(
                case=part.case,
                event=Event.SUBMIT,
                actor=bundle_case.submitted_by,
                data={"reasons": bundle_case.number},
            )
        )
    return submitted


def bundle_release_observer(told: Transition) -> None:
    """The case writer's observer: a sub-case closing may release the next step."""
    if told.lifecycle != "case" or told.to_state != State.CLOSED:
        return
    part = (
        BundleCasePart.objects.filter(case_id=told.obj.pk)
        .select_related("bundle_case__submitted_by")
        .first()
    )
    if part is not None:
        bundle_release(bundle_case=part.bundle_case)


# -- one delivery -------------------------------------------------------------------------


@transaction.atomic
def bundle_case_deliver(
    *, actor: actors.Actor, bundle_case: BundleCase, method: str, reference: str = ""
) -> BundleCase:
    locked = BundleCase.objects.select_for_update().get(pk=bundle_case.pk)
    parts = list(locked.parts.select_related("case"))
    if bundle_status([part_facts(p) for p in parts]) != BundleStatus.READY:
        raise ValidationError(
            {
                "bundle_case": ValidationError(
                    _(
                        "The results are handed over together once every item is closed."
                    ),
                    code="bundle_not_ready",
                )
            }
        )
    reference = reference.strip()
    if method == "pickup" and not reference:
        # The one pickup code for all results: the one the notice of acceptance told.
        reference = locked.pickup_code or new_pickup_code()
    for part in parts:
        if part.case.state == State.CLOSED:
            case_transition(
                case=part.case,
                event=Event.DELIVER,
                actor=actor,
                data={"method": method, "reference": reference},
            )
    locked.delivery_method = method
    locked.delivery_reference = reference
    locked.delivered_at = timezone.now()
    locked.save(update_fields=["delivery_method", "delivery_reference", "delivered_at"])
    audit_record(
        actor=actor,
        action="case.bundle_deliver",
        instance=locked,
        changes={"delivery_method": [None, method]},
    )
    return locked
