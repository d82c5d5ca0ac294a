"""Issuing a certificate and changing its state: annul (注销), revoke (吊销), replace (换发).

Every change appends a signed ``CertificateState`` under the issuing organisation's
active key and writes an audit row, in one transaction; the certificate's ``status``
column follows the newest state. The case calls ``certificate_issue`` from its ``close``
effect, passing the case number as ``reference``; this app knows nothing of cases.

Known limits: serials are per type and issuer, taken under a lock on the type row, which
serialises the issuance of one type (fine for counter rates, measured in BENCHMARKS.md).
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.core.permissions import Perm, require
from tongban.core.services import audit_record

from ..domain.identifier import identifier_make
from ..domain.payload import check_value, state_payload
from ..domain.signing import payload_sign
from ..domain.status import Status, valid_until
from ..keys import active_signer_for
from ..models import LAYOUTS, Certificate, CertificateState, CertificateType, FieldKind

FIELD_KEY = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


def _scope(organisation: Any) -> dict[str, str]:
    return {
        "organisation_path": organisation.path,
        "division_prefix": organisation.division.prefix,
    }


def _fields_check(fields: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    clean: list[dict[str, str]] = []
    for index, field in enumerate(fields):
        key = str(field.get("key", ""))
        if not FIELD_KEY.fullmatch(key) or key in {f["key"] for f in clean}:
            raise ValidationError(
                {
                    f"fields[{index}].key": ValidationError(
                        _("A field key is a unique lower-case name (a-z, 0-9, _)."),
                        code="invalid",
                    )
                }
            )
        if field.get("kind") not in FieldKind.values:
            raise ValidationError(
                {
                    f"fields[{index}].kind": ValidationError(
                        _("A field is text, a date or a number."), code="invalid"
                    )
                }
            )
        clean.append(
            {
                "key": key,
                "kind": str(field["kind"]),
                **{
                    name: str(field.get(name) or key)[:100]
                    for name in ("label", "label_bo", "label_en")
                },
            }
        )
    return clean


@transaction.atomic
def certificate_type_save(
    *,
    code: str,
    names: Mapping[str, str],
    organisations: Iterable[Any],
    fields: Iterable[Mapping[str, Any]],
    validity_years: int | None,
    actor: Any,
    layout: str = LAYOUTS[0][0],
) -> CertificateType:
    """Create or update the type ``code``; ``names`` by language (zh_hans, bo, en)."""
    require(actor, Perm.CATALOG_MANAGE)
    code = code.strip().upper()
    kind, created = CertificateType.objects.get_or_create(
        code=code, defaults={"name_zh_hans": names.get("zh_hans") or code}
    )
    before = {
        "name": getattr(kind, "name_zh_hans"),  # noqa: B009 - a modeltranslation column
        "fields": kind.fields,
        "years": kind.validity_years,
    }
    # Each language's column by name: ``kind.name`` would write the active language's.
    for language in ("zh_hans", "bo", "en"):
        setattr(kind, f"name_{language}", names.get(language, ""))
    chinese = names.get("zh_hans") or code
    setattr(kind, "name_zh_hans", chinese)  # noqa: B010 - a modeltranslation column
    kind.__dict__["name"] = chinese  # keep the original column in step
    kind.fields = _fields_check(fields)
    kind.validity_years = validity_years
    kind.layout = layout
    kind.full_clean(exclude=["organisations"])
    kind.save()
    kind.organisations.set(list(organisations))
    audit_record(
        actor=actor,
        action="certificates.type_save",
        instance=kind,
        changes={
            "name": [None if created else before["name"], chinese],
            "fields": [None if created else before["fields"], kind.fields],
            "validity_years": [before["years"], kind.validity_years],
        },
    )
    return kind


def _value(kind: str, key: str, raw: Any) -> str:
    text = str(raw if raw is not None else "").strip()
    if kind == FieldKind.DATE:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValidationError(
                {
                    f"data.{key}": ValidationError(
                        _("Enter a date as YYYY-MM-DD."), code="invalid_date"
                    )
                }
            ) from None
    if kind == FieldKind.NUMBER:
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            raise ValidationError(
                {
                    f"data.{key}": ValidationError(
                        _("Enter a number."), code="invalid_number"
                    )
                }
            )
        return str(number)  # numbers travel as strings: no float in a signed payload
    return text[:500]


def data_check(kind: CertificateType, data: Mapping[str, Any]) -> dict[str, str]:
    """The type's fields from ``data``, typed and as strings; every field is required."""
    clean = {}
    for field in kind.fields:
        key = field["key"]
        if str(data.get(key) or "").strip() == "":
            raise ValidationError(
                {
                    f"data.{key}": ValidationError(
                        _("The certificate needs {field}.").format(
                            field=field["label"]
                        ),
                        code="required",
                    )
                }
            )
        clean[key] = _value(field["kind"], key, data[key])
    return clean


def _state_append(
    certificate: Certificate,
    *,
    status: str,
    reason: str,
    actor: Any,
    replaced_by: str = "",
) -> CertificateState:
    """Sign and store the next state (the caller holds the certificate's row lock)."""
    previous = certificate.states.order_by("-sequence").first()
    sequence = previous.sequence + 1 if previous else 1
    at = timezone.now()
    issuer = certificate.organisation.uscc
    payload = state_payload(
        identifier=certificate.identifier,
        type_code=certificate.certificate_type.code,
        issuer=issuer,
        holder_name=certificate.holder_name,
        holder_id_masked=certificate.holder_id_masked,
        holder_index=certificate.holder_index,
        data=certificate.data,
        valid_from=certificate.valid_from,
        valid_until=certificate.valid_until,
        sequence=sequence,
        status=status,
        reason=reason,
        replaced_by=replaced_by,
        previous_check=previous.check_value if previous else "",
        at=at,
    )
    signature = payload_sign(payload, signer=active_signer_for(issuer)).encode()
    state = CertificateState(
        certificate=certificate,
        sequence=sequence,
        status=status,
        reason=reason,
        at=at,
        key_scope=issuer,
        signature=signature,
        check_value=check_value(signature),
        actor=actor if getattr(actor, "pk", None) else None,
    )
    state.full_clean(exclude=["certificate", "actor"])
    state.save()
    return state


def _type_for(type_code: str, organisation: Any) -> CertificateType:
    kind = (
        CertificateType.objects.select_for_update()
        .filter(code=type_code.strip().upper(), active=True)
        .first()
    )
    if kind is None:
        raise ValidationError(
            {
                "certificate_type": ValidationError(
                    _("No certificate type {code} is issued.").format(code=type_code),
                    code="unknown_type",
                )
            }
        )
    if not kind.organisations.filter(pk=organisation.pk).exists():
        raise ValidationError(
            {
                "organisation": ValidationError(
                    _("{organisation} does not issue {type}.").format(
                        organisation=organisation.name, type=kind.name
                    ),
                    code="not_an_issuer",
                )
            }
        )
    return kind


@transaction.atomic
def certificate_issue(
    *,
    type_code: str,
    organisation: Any,
    holder: Any,
    data: Mapping[str, Any],
    reference: str,
    actor: Any,
) -> Certificate:
    """Issue a certificate of ``type_code`` by ``organisation`` to ``holder`` (an
    applicant), valid from today for the type's validity, with its first signed state."""
    kind = _type_for(type_code, organisation)
    clean = data_check(kind, data)
    serial = (
        Certificate.objects.filter(
            certificate_type=kind, organisation=organisation
        ).aggregate(Max("serial"))["serial__max"]
        or 0
    ) + 1
    today = timezone.localdate()
    certificate = Certificate(
        identifier=identifier_make(
            type_code=kind.code, issuer=organisation.uscc, serial=serial
        ),
        serial=serial,
        certificate_type=kind,
        organisation=organisation,
        holder=holder,
        holder_name=holder.name,
        holder_id_masked=holder.id_masked,
        holder_index=holder.id_index,
        data=clean,
        valid_from=today,
        valid_until=valid_until(today, years=kind.validity_years),
        source_reference=reference[:100],
        issued_at=timezone.now(),
    )
    certificate.full_clean(exclude=["replaced_by"])
    certificate.save()
    _state_append(certificate, status=Status.VALID, reason="", actor=actor)
    audit_record(
        actor=actor,
        action="certificates.issue",
        instance=certificate,
        changes={
            "identifier": [None, certificate.identifier],
            "type": [None, kind.code],
            "reference": [None, certificate.source_reference],
        },
        **_scope(organisation),
    )
    return certificate


def _locked(certificate: Certificate, actor: Any, reason: str) -> Certificate:
    locked = (
        Certificate.objects.select_for_update()
        .select_related("organisation__division", "certificate_type")
        .get(pk=certificate.pk)
    )
    require(actor, Perm.CASE_HANDLE, **_scope(locked.organisation))
    if locked.status != Status.VALID:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("This certificate is no longer valid; its state cannot change."),
                    code="not_valid",
                )
            }
        )
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Give the reason."), code="required")}
        )
    return locked


def _change(
    certificate: Certificate,
    *,
    status: Status,
    reason: str,
    actor: Any,
    replaced_by: Certificate | None = None,
) -> Certificate:
    before = certificate.status
    certificate.status = status
    certificate.replaced_by = replaced_by
    certificate.save(update_fields=["status", "replaced_by"])
    _state_append(
        certificate,
        status=status,
        reason=reason.strip(),
        actor=actor,
        replaced_by=replaced_by.identifier if replaced_by else "",
    )
    audit_record(
        actor=actor,
        action=f"certificates.{status.value}",
        instance=certificate,
        changes={"status": [before, status.value], "reason": [None, reason.strip()]},
        **_scope(certificate.organisation),
    )
    return certificate


@transaction.atomic
def certificate_annul(
    *, certificate: Certificate, reason: str, actor: Any
) -> Certificate:
    """注销: the certificate ends (the holder gave it up, or it was issued in error)."""
    locked = _locked(certificate, actor, reason)
    return _change(locked, status=Status.ANNULLED, reason=reason, actor=actor)


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, reason: str, actor: Any
) -> Certificate:
    """吊销/撤销: the issuing body takes the certificate away."""
    locked = _locked(certificate, actor, reason)
    return _change(locked, status=Status.REVOKED, reason=reason, actor=actor)


@transaction.atomic
def certificate_replace(
    *,
    certificate: Certificate,
    reason: str,
    actor: Any,
    data: Mapping[str, Any] | None = None,
) -> Certificate:
    """换发: a new certificate (new identifier, new validity) with the data changed as
    given; the old one points to it and says so to verifiers."""
    locked = _locked(certificate, actor, reason)
    new = certificate_issue(
        type_code=locked.certificate_type.code,
        organisation=locked.organisation,
        holder=locked.holder,
        data={**locked.data, **(data or {})},
        reference=locked.source_reference,
        actor=actor,
    )
    _change(locked, status=Status.REPLACED, reason=reason, actor=actor, replaced_by=new)
    return new
