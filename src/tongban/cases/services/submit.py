"""``case_submit``: an application becomes a case, online or at a counter (帮办).

Validates the form against the item's fields, the materials against its checklist (files are
checked by content in ``documents``), the applicant's identity level against the item's
minimum; freezes the live catalogue version; numbers the case; and fires ``submit`` through
the one transition writer. Idempotent on ``client_key`` per submitting user: a double click
or a retry returns the first case, with its query code; the same key sent for another
item, applicant or form is a 409 (it would otherwise silently answer with the first case).
The form is checked, and its identity numbers sealed, by ``form_values``. A paper original
can be recorded as seen only at a counter, with the clerk and the time. A material may
arrive as a new upload (``file``) or as a file the submitting user uploaded before
(``stored_file``, a uuid; ``from_draft`` marks one attached to their application draft),
a material named by a data source may be asked to be fetched (``shared``, with or without a
file beside it; ``services.shared_materials``), and a material naming an e-certificate type
may take the applicant's own valid certificate (``certificate``, its identifier, with
``consent``): provenance e-certificate, trust A.

Each file is read, judged and hashed once; the files, the materials and the audit rows
are each written in one statement (the audit rows appended to the chain together at the
end, ``audit_batch``); the case number is taken last before the case row, so the day's
counter row of the item is locked only from there to the commit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.cases.domain.query_code import new_query_code
from tongban.cases.domain.workflow import Event, State
from tongban.cases.models import Case, CaseMaterial
from tongban.cases.services import crossregion, form_values
from tongban.cases.services.crossregion import ProxyIntent
from tongban.cases.services.numbering import case_number_next
from tongban.cases.services.shared_materials import shared_consent_record
from tongban.cases.services.transition import case_transition_new
from tongban.cases.services.uploads import uploads_check
from tongban.cases.tasks import case_shared_materials
from tongban.catalog import selectors as catalog_selectors
from tongban.catalog.domain.tables import accepts_applications
from tongban.certificates.services import (
    certificate_use_check,
    certificate_use_for_material,
)
from tongban.core import actors, crypto
from tongban.core.api.problems import Problem
from tongban.core.enqueue import enqueue_after_commit
from tongban.core.permissions import Perm, scope_for
from tongban.core.rows import row_id, row_insert_new, rows_insert, unique_constraint
from tongban.core.services import audit_batch
from tongban.documents import selectors as document_selectors
from tongban.documents.services import documents_store_checked

if TYPE_CHECKING:
    from tongban.accounts.models import Applicant
    from tongban.documents.models import StoredFile
    from tongban.regions.models import Window


# A retry with the same key by the same submitter finds the first case (``_create``).
IDEMPOTENT_SUBMIT = unique_constraint(Case, "case_idempotent_submit")


def live_version(implementation_code: str) -> Any:
    """The live catalogue version of a service open for applications, or a refusal."""
    # With its item, body, division, form and checklist in place for every check that
    # follows; from the shared cache while the catalogue does not change.
    version = catalog_selectors.live_version_for_code(implementation_code)
    if version is None:
        raise ValidationError(
            {
                "implementation_code": ValidationError(
                    _("No service with this code is open for applications."),
                    code="not_live",
                )
            }
        )
    if not accepts_applications(version.implementation.basic_item.item_type):
        # 行政处罚, 行政强制, 行政检查 …: the office acts on its own; nobody applies.
        raise ValidationError(
            {
                "implementation_code": ValidationError(
                    _("This item is not applied for: the office acts on its own."),
                    code="not_applied_for",
                )
            }
        )
    return version


# 申报来源 (GB/T 39046 A.5) by who submits: what an applicant or a clerk may claim.
ONLINE_CHANNELS = {
    "pc": Case.Channel.ONLINE_PC,
    "mobile": Case.Channel.ONLINE_MOBILE,
    "terminal": Case.Channel.TERMINAL,
}
COUNTER_CHANNELS = {"counter": Case.Channel.COUNTER, "post": Case.Channel.POST}


def _channel_for(own: bool, channel: str | None) -> str:
    allowed = ONLINE_CHANNELS if own else COUNTER_CHANNELS
    if channel is None:
        return Case.Channel.ONLINE_PC if own else Case.Channel.COUNTER
    if channel not in allowed:
        raise ValidationError(
            {
                "channel": ValidationError(
                    _("Choose one of: {channels}.").format(channels=", ".join(allowed)),
                    code="invalid_channel",
                )
            }
        )
    return allowed[channel]


def _applicant_for(
    actor: actors.Actor,
    applicant: Applicant | None,
    version: Any,
    channel: str | None,
    proxy: ProxyIntent | None = None,
) -> tuple[Applicant, str]:
    own = (
        getattr(actor, "applicant", None)
        if getattr(actor, "is_applicant", False)
        else None
    )
    if own is not None:
        return own, _channel_for(True, channel)
    if proxy is not None:  # 异地代收: judged by the receiving hall, not by the item
        if applicant is None:
            raise PermissionDenied(_("Choose the applicant first."))
        crossregion.proxy_check(actor=actor, intent=proxy, version=version)
        return applicant, _channel_for(False, channel)
    scope = scope_for(actor, Perm.CASE_INTAKE)
    implementation = version.implementation
    if applicant is None or not scope.covers(
        division_prefix=implementation.division.prefix,
        organisation_path=implementation.organisation.path,
    ):
        raise PermissionDenied(
            _("Only the applicant or a counter clerk of this service may submit.")
        )
    return applicant, _channel_for(False, channel)


def _check_window(actor: actors.Actor, window: Window | None, channel: str) -> None:
    """A window is the counter's: a clerk taking the case in at a hall of their scope."""
    if window is None:
        return
    hall = window.hall
    if channel not in (Case.Channel.COUNTER, Case.Channel.POST) or not scope_for(
        actor, Perm.CASE_INTAKE
    ).covers(
        division_prefix=hall.division.prefix,
        organisation_path=hall.organisation.path,
    ):
        raise PermissionDenied(
            _("Only a counter clerk of this hall can take a case in at its window.")
        )


def case_submit(
    *,
    actor: actors.Actor,
    implementation_code: str,
    client_key: str,
    form_data: Mapping[str, Any] | None = None,
    materials: Sequence[Mapping[str, Any]] = (),
    applicant: Applicant | None = None,
    language: str | None = None,
    channel: str | None = None,
    hold: bool = False,
    proxy: ProxyIntent | None = None,
    window: Window | None = None,
) -> tuple[Case, str]:
    """Returns the case and its query code (shown to the applicant once, and again on a
    retry with the same ``client_key``). ``channel`` is the 申报来源 the caller saw: for an
    applicant ``pc`` (default), ``mobile`` or ``terminal``; for a clerk ``counter``
    (default) or ``post``. ``hold``: checked, numbered and stored, but left in draft
    without firing ``submit`` — a 一件事 sub-case waiting for its predecessor, submitted
    later by ``services.bundles``. ``proxy``: taken in at a hall outside the handling
    organisation's region for an item whose 通办 scope reaches it (``crossregion``).
    ``window`` is the clerk's window, recorded with its hall on the case for the
    evaluation rates per hall, window and staff member."""
    with transaction.atomic(), audit_batch():
        return _submit(
            actor=actor,
            implementation_code=implementation_code,
            client_key=client_key,
            form_data=form_data,
            materials=materials,
            applicant=applicant,
            language=language,
            channel=channel,
            hold=hold,
            proxy=proxy,
            window=window,
        )


def _submit(
    *,
    actor: actors.Actor,
    implementation_code: str,
    client_key: str,
    form_data: Mapping[str, Any] | None,
    materials: Sequence[Mapping[str, Any]],
    applicant: Applicant | None,
    language: str | None,
    channel: str | None,
    hold: bool,
    proxy: ProxyIntent | None = None,
    window: Window | None = None,
) -> tuple[Case, str]:
    # A retry is rare: its id is asked for (one narrow index read), and only then the
    # case (the wide row, with its version for the form check).
    pk = row_id(IDEMPOTENT_SUBMIT, Case, submitted_by=actor.pk, client_key=client_key)
    if pk is not None:
        return _replay(
            Case.objects.get(pk=pk),
            implementation_code,
            applicant,
            form_data or {},
        )
    version = live_version(implementation_code)
    applicant, channel = _applicant_for(actor, applicant, version, channel, proxy)
    _check_window(actor, window, channel)
    if channel not in (Case.Channel.COUNTER, Case.Channel.POST) and any(
        m.get("original_seen") for m in materials
    ):
        raise PermissionDenied(
            _("Only a counter clerk can record that a paper original was seen.")
        )
    clean, errors = form_values.form_check(version, form_data or {})
    if (
        channel != Case.Channel.COUNTER
        and applicant.assurance_level < version.min_assurance_level
    ):
        errors["assurance_level"] = [
            ValidationError(
                _(
                    "This service needs identity level L{level}; verify your identity further first."
                ).format(level=version.min_assurance_level),
                code="assurance_too_low",
            )
        ]
    attached = _check_materials(version, materials, channel, errors)
    if errors:
        raise ValidationError(errors)
    _check_certificates(attached, applicant, errors)
    if errors:
        raise ValidationError(errors)
    _check_files(attached)  # every file judged before any is stored, and only once
    return _create(
        actor=actor,
        version=version,
        applicant=applicant,
        channel=channel,
        client_key=client_key,
        form_data=form_values.seal(version, clean),
        attached=attached,
        language=language or applicant.preferred_language,
        hold=hold,
        proxy=proxy,
        window=window,
        replay=lambda case: _replay(
            case, implementation_code, applicant, form_data or {}
        ),
    )


def _replay(
    case: Case,
    implementation_code: str,
    applicant: Applicant | None,
    form_data: Mapping[str, Any],
) -> tuple[Case, str]:
    """The first case for a retry of the same application; a 409 for a key reused for
    another item, applicant (at a counter) or form. A value left out of the retry is not a
    difference: a second click may come after the draft that filled it was deleted."""
    clean, errors = form_values.form_check(case.version, form_data, complete=False)
    stored = form_values.reveal(case.form_data)
    same = (
        case.implementation.code == implementation_code
        and (applicant is None or case.applicant_id == applicant.pk)
        and not errors
        and all(stored.get(key) == value for key, value in clean.items())
    )
    if not same:
        raise Problem(
            status_code=409,
            code="client_key_reused",
            detail=_(
                "This client key was already used for another application; "
                "send a new key for a new application."
            ),
        )
    return case, crypto.decrypt(case.query_code_encrypted)


def _check_materials(
    version: Any,
    materials: Sequence[Mapping[str, Any]],
    channel: str,
    errors: dict[str, list[ValidationError]],
) -> list[dict[str, Any]]:
    by_id = {m.pk: m for m in version.materials.all()}
    attached: list[dict[str, Any]] = []
    for index, item in enumerate(materials):
        material = by_id.get(item.get("material"))
        if material is None:
            errors[f"materials[{index}].material"] = [
                ValidationError(
                    _("This material is not on the checklist of this service."),
                    code="unknown_material",
                )
            ]
            continue
        if item.get("shared") and not material.data_source:
            errors[f"materials[{index}].shared"] = [
                ValidationError(
                    _("This material is not fetched from a data source."),
                    code="not_shared",
                )
            ]
            continue
        attached.append({**item, "material": material})
    present = {
        a["material"].pk
        for a in attached
        if a.get("file")
        or a.get("stored_file")
        or a.get("original_seen")
        or a.get("certificate")
    }
    for material in by_id.values():
        # Materials the applicant brings must be attached, except those the item lets
        # arrive later (容缺), which the clerk handles at acceptance.
        needed = (
            material.necessity == "required"
            and material.source in ("", "applicant", "issuing_body")
            and not material.tolerance_allowed
        )
        if needed and material.pk not in present:
            errors[f"materials.{material.pk}"] = [
                ValidationError(
                    _("Attach {name}.").format(name=material.name), code="required"
                )
            ]
    return attached


def _check_certificates(
    attached: list[dict[str, Any]],
    applicant: Applicant,
    errors: dict[str, list[ValidationError]],
) -> None:
    """免提交: a material naming a certificate type takes the applicant's own valid
    certificate of that type, with their consent, instead of a file."""
    for item in attached:
        if not item.get("certificate"):
            continue
        material = item["material"]
        field = f"materials.{material.pk}"
        try:
            certificate_use_check(
                identifier=str(item["certificate"]),
                holder=applicant,
                type_code=material.e_certificate_type,
                consent=bool(item.get("consent")),
                field=field,
            )
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.error_dict[field])


def _check_files(attached: list[dict[str, Any]]) -> None:
    """Every file judged before any is stored, and only once: the checked bytes ride on
    the item to ``documents_store_checked``."""
    fields = {
        f"materials[{index}].file": item
        for index, item in enumerate(attached)
        if item.get("file") is not None
    }
    checked = uploads_check({field: item["file"] for field, item in fields.items()})
    for field, item in fields.items():
        item["checked"] = checked[field]


def _create(
    *,
    actor: actors.Actor,
    version: Any,
    applicant: Applicant,
    channel: str,
    client_key: str,
    form_data: dict[str, Any],
    attached: list[dict[str, Any]],
    language: str,
    replay: Callable[[Case], tuple[Case, str]],
    hold: bool = False,
    proxy: ProxyIntent | None = None,
    window: Window | None = None,
) -> tuple[Case, str]:
    implementation = version.implementation
    query_code = new_query_code()
    now = timezone.now()
    files = _files(actor=actor, attached=attached)
    case = Case(
        number=case_number_next(
            implementation_code=implementation.code,
            division_code=implementation.division.code,
            day=timezone.localdate(),
        ),
        query_code_encrypted=crypto.encrypt(query_code),
        client_key=client_key,
        state=State.DRAFT.value,
        implementation=implementation,
        version=version,
        division=implementation.division,
        organisation=implementation.organisation,
        applicant=applicant,
        submitted_by_id=actor.pk,
        channel=channel,
        intake_window=window,
        intake_hall=window.hall if window else None,
        language=language,
        form_data=form_data,
        submitted_at=now,
        statutory_limit=version.statutory_limit,
        statutory_unit=version.statutory_unit,
        promised_limit=version.promised_limit,
        promised_unit=version.promised_unit,
    )
    intake = (  # held by the case as its ``proxy``, for the roles
        None
        if proxy is None
        else crossregion.proxy_build(case=case, intent=proxy, actor=actor)
    )

    def insert(case: Case) -> bool:
        # False: the same client_key submitted concurrently, and committed first.
        if not row_insert_new(case, IDEMPOTENT_SUBMIT):  # the statement built once
            return False
        _insert_materials(case, actor, attached, files)
        if intake is not None:
            crossregion.proxy_save(intake=intake, actor=actor)
        return True

    # Submitted: the case's row is written once, in the state ``submit`` reaches.
    # Held: written as a draft, submitted later.
    if not (
        insert(case)
        if hold
        else case_transition_new(
            case=case, event=Event.SUBMIT, actor=actor, insert=insert
        )
    ):
        # The first one wins, and this attempt leaves nothing behind (its files' rows,
        # audit rows and serial).
        first = replay(
            Case.objects.get(submitted_by_id=actor.pk, client_key=client_key)
        )
        transaction.set_rollback(True)
        return first
    if any(item.get("shared") for item in attached):
        enqueue_after_commit(case_shared_materials, case_uuid=str(case.uuid))
    return case, query_code


def _insert_materials(
    case: Case, actor: actors.Actor, attached: list[dict[str, Any]], files: list[Any]
) -> None:
    """The new case's materials: its files' rows in one statement, the consents to
    fetch shared ones, the certificates used instead of files."""
    rows = [
        CaseMaterial(
            case=case,
            material=item["material"],
            name=item["material"].name,
            file=file,
            source=_source(case, item),
            **_seen(case, actor, item),
            **_provenance(case, item),
        )
        for item, file in zip(attached, files, strict=True)
        if not item.get("certificate")
    ]
    rows_insert(rows)  # one statement, built once
    plain = [item for item in attached if not item.get("certificate")]
    for item, row in zip(plain, rows, strict=True):
        if item.get("shared"):  # fetched after commit, see services.shared_materials
            shared_consent_record(case=case, row=row, actor=actor)
    for item in attached:
        if item.get("certificate"):
            _store_certificate(case, actor, item)


def _source(case: Case, item: Mapping[str, Any]) -> str:
    """A file attached to the applicant's own draft was uploaded for this application,
    not reused from an earlier one."""
    if case.channel in (Case.Channel.COUNTER, Case.Channel.POST):
        return CaseMaterial.Source.COUNTER
    if item.get("stored_file") and not item.get("from_draft"):
        return CaseMaterial.Source.REUSE
    return CaseMaterial.Source.UPLOAD


def _files(*, actor: Any, attached: list[dict[str, Any]]) -> list[StoredFile | None]:
    """The file of each attached material, in order: new uploads stored together (one
    insert), reused ones looked up together among the actor's own files (one query)."""
    uploads = [item["checked"] for item in attached if "checked" in item]
    stored = iter(documents_store_checked(actor=actor, checked=uploads))
    wanted = [str(item["stored_file"]) for item in attached if _reused(item)]
    own = {
        str(f.uuid): f
        for f in (
            document_selectors.stored_files_of(user_id=actor.pk, uuids=wanted)
            if wanted
            else ()
        )
    }
    files: list[StoredFile | None] = []
    for index, item in enumerate(attached):
        if "checked" in item:
            files.append(next(stored))
        elif _reused(item):
            file = own.get(str(item["stored_file"]))
            if file is None:
                raise ValidationError(
                    {
                        f"materials[{index}].stored_file": ValidationError(
                            _("You can reuse only files you uploaded yourself."),
                            code="not_yours",
                        )
                    }
                )
            files.append(file)
        else:
            files.append(None)
    return files


def _reused(item: Mapping[str, Any]) -> bool:
    return "checked" not in item and bool(item.get("stored_file"))


def _seen(case: Case, actor: Any, item: Mapping[str, Any]) -> dict[str, Any]:
    """原件已核验 is recorded with the clerk and the time (refused online above)."""
    if not item.get("original_seen") or case.channel != Case.Channel.COUNTER:
        return {"original_seen": False}
    return {
        "original_seen": True,
        "original_seen_by": actor,
        "original_seen_at": timezone.now(),
    }


def _store_certificate(
    case: Case, actor: actors.Actor, item: Mapping[str, Any]
) -> None:
    material = item["material"]
    certificate = certificate_use_for_material(
        identifier=str(item["certificate"]),
        holder=case.applicant,
        type_code=material.e_certificate_type,
        purpose=case.number,
        material_name=material.name,
        consent=bool(item.get("consent")),
        actor=actor,
        field=f"materials.{material.pk}",
    )
    CaseMaterial.objects.create(
        case=case,
        material=material,
        name=material.name,
        source=CaseMaterial.Source.SOURCE_CHECK,
        provenance=CaseMaterial.Provenance.CERTIFICATE,
        trust_level=CaseMaterial.TrustLevel.A,
        source_reference=certificate.identifier,
        verified_at=timezone.now(),
        verified_reference=certificate.identifier,
    )


def _provenance(case: Case, item: Mapping[str, Any]) -> dict[str, Any]:
    """A paper original seen at the counter is trust B; any other file is the applicant's
    upload, trust C (DOMAIN.md §7)."""
    if item.get("original_seen") and case.channel == Case.Channel.COUNTER:
        return {
            "provenance": CaseMaterial.Provenance.PAPER_ORIGINAL,
            "trust_level": CaseMaterial.TrustLevel.B,
        }
    return {}
