"""Writes of data sharing: recording a consent, and asking a source for a record.

``shared_record_fetch`` is the one way Tongban reads shared data. It refuses an access
without a purpose (``purpose_required``) before any source is asked, asks through the
source's adapter, and writes one ``AccessLog`` row whatever the answer: received, none
held, or the source down. A source that is down is an answer, not an error: the caller
gets ``outcome == unavailable`` and offers the applicant an upload instead.

The log row commits on its own before the record is returned: a fetch inside a
caller's transaction is refused (``RuntimeError``) before the source is asked, since a
rollback there would erase the row of a read that happened. Callers ask first and write
their own rows afterwards (``cases.services.shared_materials``).
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import InvalidToken
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.core import crypto
from tongban.core.domain.masking import mask_identifier
from tongban.core.services import audit_record
from tongban.sharing.adapters import (
    RecordNotFound,
    SourceUnavailable,
    Subject,
    adapter_for,
)
from tongban.sharing.domain.purpose import Purpose, purpose_error
from tongban.sharing.domain.registry import DataSource, fields_error, source_get
from tongban.sharing.models import AccessLog, Consent

PURPOSE_MESSAGES = {
    "purpose_required": _(
        "State the purpose of this access: the case number or a declared purpose."
    ),
    "purpose_kind_unknown": _("A purpose is a case number or a declared purpose."),
    "purpose_invalid": _("The purpose is too long or contains control characters."),
}


@dataclass(frozen=True)
class FetchResult:
    outcome: str  # AccessLog.Outcome
    values: dict[str, Any]
    reference: str
    access: AccessLog

    @property
    def answered(self) -> bool:
        return self.outcome in (AccessLog.Outcome.ANSWERED, AccessLog.Outcome.REUSED)


def subject_index(subject: Subject) -> str:
    """The blind index of whose data, the same as ``Applicant.id_index``."""
    return crypto.blind_index(f"{subject.id_type}:{subject.id_number}")


def _invalid(field: str, code: str, message: Any) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _source(code: str, subject: Subject, fields: Sequence[str]) -> DataSource:
    source = source_get(code)
    if source is None:
        raise _invalid("source", "unknown_source", _("There is no such data source."))
    if source.subject_kind != subject.kind:
        raise _invalid(
            "subject",
            "wrong_subject_kind",
            _("This data source does not hold data on this kind of applicant."),
        )
    unknown = fields_error(source, tuple(fields))
    if unknown is not None:
        raise _invalid(
            "fields",
            "unknown_field",
            _("The data source returns no field {field}.").format(field=unknown),
        )
    return source


def _check_purpose(purpose: Purpose | None) -> Purpose:
    code = purpose_error(purpose)
    if code is not None or purpose is None:
        raise _invalid(
            "purpose",
            code or "purpose_required",
            PURPOSE_MESSAGES[code or "purpose_required"],
        )
    return Purpose(purpose.kind, purpose.reference.strip())


@transaction.atomic
def consent_record(
    *, source_code: str, subject: Subject, purpose: Purpose, actor: Any
) -> Consent:
    """The applicant agrees that ``source`` be asked for ``purpose`` (idempotent)."""
    purpose = _check_purpose(purpose)
    _source(source_code, subject, ())
    consent, created = Consent.objects.get_or_create(
        source=source_code,
        subject_index=subject_index(subject),
        purpose_kind=purpose.kind,
        purpose=purpose.reference,
        defaults={
            "subject_masked": mask_identifier(subject.id_number),
            "given_by": actor,
            "given_at": timezone.now(),
        },
    )
    if created:
        audit_record(
            actor=actor,
            action="sharing.consent",
            instance=consent,
            changes={"source": [None, source_code], "purpose": [None, str(purpose)]},
        )
    return consent


def shared_record_fetch(
    *,
    source_code: str,
    subject: Subject,
    purpose: Purpose | None,
    actor: Any,
    fields: Sequence[str] = (),
    division_prefix: str = "",
    organisation_path: str = "",
    office: str = "",
    reuse_seconds: int = 0,
) -> FetchResult:
    """Ask ``source_code`` for the subject's record (all its fields unless ``fields``).

    Refused (``RuntimeError``) inside the caller's transaction, before the source is
    asked: the access-log row is committed before the values are returned, so no
    rollback can leave a read unlogged. ``reuse_seconds`` > 0 reuses a record received
    that recently for the same subject, source and fields instead of asking again (a
    form opened twice); the reuse is logged as its own access (``reused``)."""
    checked = _check_purpose(purpose)
    source = _source(source_code, subject, fields)
    _refuse_inside_transaction()
    asked = tuple(fields) or source.fields
    index = subject_index(subject)
    key = _reuse_key(index, source.code, asked)
    kept = _kept(key) if reuse_seconds > 0 else None
    outcome: str
    if kept is not None:
        outcome, values, reference, error = AccessLog.Outcome.REUSED, *kept, ""
    else:
        outcome, values, reference, error = _ask(source, subject, asked, str(checked))
        if reuse_seconds > 0 and outcome == AccessLog.Outcome.ANSWERED:
            _keep(key, values, reference, reuse_seconds)
    with transaction.atomic(durable=True):
        consent = Consent.objects.filter(
            source=source.code,
            subject_index=index,
            purpose_kind=checked.kind,
            purpose=checked.reference,
        ).first()
        access = AccessLog.objects.create(
            **_who(actor),
            division_prefix=division_prefix,
            organisation_path=organisation_path,
            office=office[:200],
            source=source.code,
            subject_kind=subject.kind,
            subject_index=index,
            subject_masked=mask_identifier(subject.id_number),
            fields=list(asked),
            purpose_kind=checked.kind,
            purpose=checked.reference,
            consent=consent,
            outcome=outcome,
            error=error,
            reference=reference,
            record_encrypted=crypto.encrypt(json.dumps(values, ensure_ascii=False))
            if values
            else "",
        )
    return FetchResult(
        outcome=outcome, values=values, reference=reference, access=access
    )


def _who(actor: Any) -> dict[str, Any]:
    user = actor if getattr(actor, "pk", None) else None
    return {
        "created_at": timezone.now(),
        "actor": user,
        "actor_repr": (user.get_username() if user else str(actor or "system"))[:150],
    }


def _refuse_inside_transaction() -> None:
    """Raise ``RuntimeError`` when called inside another atomic block (a programming
    error: a rollback there would erase the log row of a read that happened)."""
    with transaction.atomic(durable=True):
        pass


def _reuse_key(index: str, source: str, fields: Sequence[str]) -> str:
    return "sharing:reuse:" + crypto.blind_index(
        json.dumps([index, source, sorted(fields)]), purpose="sharing-reuse"
    )


def _kept(key: str) -> tuple[dict[str, Any], str] | None:
    # Kept encrypted: the cache (Redis in production) is no place for personal data
    # in clear.
    sealed = cache.get(key)
    if not isinstance(sealed, str):
        return None
    try:
        kept = json.loads(crypto.decrypt(sealed))
        return dict(kept["values"]), str(kept["reference"])
    except (InvalidToken, ValueError, KeyError, TypeError):
        return None


def _keep(key: str, values: dict[str, Any], reference: str, seconds: int) -> None:
    record = json.dumps({"values": values, "reference": reference}, ensure_ascii=False)
    cache.set(key, crypto.encrypt(record), timeout=seconds)


def _ask(
    source: DataSource, subject: Subject, fields: Sequence[str], purpose: str
) -> tuple[str, dict[str, Any], str, str]:
    adapter = adapter_for(source)
    if adapter is None:
        return AccessLog.Outcome.UNAVAILABLE, {}, "", "not_configured"
    try:
        record = adapter.query(
            source=source, subject=subject, fields=fields, purpose=purpose
        )
    except RecordNotFound:
        return AccessLog.Outcome.NOT_FOUND, {}, "", ""
    except SourceUnavailable as error:
        return AccessLog.Outcome.UNAVAILABLE, {}, "", error.reason
    return AccessLog.Outcome.ANSWERED, record.values, record.reference, ""


def shared_record_show(
    *,
    access_uuid: Any,
    purpose: Purpose,
    actor: Any,
    division_prefix: str = "",
    organisation_path: str = "",
    office: str = "",
) -> dict[str, Any]:
    """The values an earlier access received, shown again for the purpose it was made
    for (a clerk opening a case's shared record); {} for any other purpose. The showing
    is logged as an access of its own (``reused``): the subject sees who looked."""
    checked = _check_purpose(purpose)
    _refuse_inside_transaction()
    received = AccessLog.objects.filter(
        uuid=access_uuid,
        purpose_kind=checked.kind,
        purpose=checked.reference,
        outcome=AccessLog.Outcome.ANSWERED,
    ).first()
    if received is None or not received.record_encrypted:
        return {}
    values: dict[str, Any] = json.loads(crypto.decrypt(received.record_encrypted))
    with transaction.atomic(durable=True):
        AccessLog.objects.create(
            **_who(actor),
            division_prefix=division_prefix,
            organisation_path=organisation_path,
            office=office[:200],
            source=received.source,
            subject_kind=received.subject_kind,
            subject_index=received.subject_index,
            subject_masked=received.subject_masked,
            fields=received.fields,
            purpose_kind=checked.kind,
            purpose=checked.reference,
            consent=received.consent,
            outcome=AccessLog.Outcome.REUSED,
            reference=received.reference,
        )
    return values
