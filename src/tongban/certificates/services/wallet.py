"""The holder's acts on their certificates: share links (time-limited, revocable, every
view logged) and consent to use a certificate instead of uploading a material.

A use is refused, with a message saying why, for a certificate of another person, of
another type, or one that is not valid today (expired, not yet valid, annulled, revoked,
replaced); the verdict comes from ``certificate_verify``, so a tampered certificate is
refused too.
"""

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.core.services import audit_record

from ..domain.status import Verdict
from ..models import Certificate, CertificateShare, CertificateShareView, CertificateUse
from ..selectors import certificate_verify

SHARE_MAX_DAYS = 30


def _own(certificate: Certificate, actor: Any) -> None:
    if certificate.holder.user_id is None or certificate.holder.user_id != getattr(
        actor, "pk", None
    ):
        raise PermissionDenied(_("Only the holder may do this."))


@transaction.atomic
def certificate_share_create(
    *, certificate: Certificate, days: int, actor: Any
) -> CertificateShare:
    _own(certificate, actor)
    if not 1 <= days <= SHARE_MAX_DAYS:
        raise ValidationError(
            {
                "days": ValidationError(
                    _("A link lasts 1 to {max} days.").format(max=SHARE_MAX_DAYS),
                    code="out_of_range",
                )
            }
        )
    share = CertificateShare.objects.create(
        certificate=certificate,
        token=secrets.token_urlsafe(24),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    audit_record(
        actor=actor,
        action="certificates.share_create",
        instance=certificate,
        changes={
            "share": [None, share.pk],
            "expires_at": [None, str(share.expires_at)],
        },
    )
    return share


@transaction.atomic
def certificate_share_revoke(*, share: CertificateShare, actor: Any) -> None:
    _own(share.certificate, actor)
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="certificates.share_revoke",
            instance=share.certificate,
            changes={"share": [share.pk, None]},
        )


def certificate_share_view(
    *, share: CertificateShare, address: str, user_agent: str
) -> CertificateShareView:
    """Log one view of a shared link (anonymous: no audit actor, the log is the record)."""
    return CertificateShareView.objects.create(
        share=share, address=address[:45], user_agent=user_agent[:300]
    )


REFUSALS = {
    Verdict.EXPIRED: _("This certificate has expired; it cannot be used."),
    Verdict.NOT_YET_VALID: _("This certificate is not valid yet; it cannot be used."),
    Verdict.REVOKED: _("This certificate was revoked; it cannot be used."),
    Verdict.ANNULLED: _("This certificate was annulled; it cannot be used."),
    Verdict.REPLACED: _(
        "This certificate was replaced by a newer one; use the newer one."
    ),
    Verdict.FORGED: _(
        "This certificate failed its signature check; it cannot be used."
    ),
    Verdict.CODE_MISMATCH: _(
        "This certificate failed its signature check; it cannot be used."
    ),
    Verdict.NOT_FOUND: _("No such certificate."),
}


def certificate_use_check(
    *,
    identifier: str,
    holder: Any,
    type_code: str,
    consent: bool,
    field: str = "certificate",
) -> Certificate:
    """The certificate ``identifier`` if ``holder`` may use it for a material of
    ``type_code`` today, else a ``ValidationError`` on ``field`` saying why."""

    def refuse(message: Any, code: str) -> ValidationError:
        return ValidationError({field: ValidationError(message, code=code)})

    if not consent:
        raise refuse(
            _("Agree that the office uses this certificate, or upload the material."),
            "consent_required",
        )
    checked = certificate_verify(identifier=identifier)
    certificate = checked.certificate
    if certificate is None:
        raise refuse(REFUSALS[Verdict.NOT_FOUND], "not_found")
    if certificate.holder_id != holder.pk:
        raise refuse(
            _("This certificate belongs to another person; use your own."),
            "not_the_holder",
        )
    if certificate.certificate_type.code != (type_code or "").upper():
        raise refuse(
            _("This certificate is not of the type this material asks for."),
            "wrong_type",
        )
    if checked.verdict != Verdict.VALID:
        raise refuse(REFUSALS[checked.verdict], checked.verdict.value)
    return certificate


def certificate_use_for_material(
    *,
    identifier: str,
    holder: Any,
    type_code: str,
    purpose: str,
    material_name: str,
    consent: bool,
    actor: Any,
    field: str = "certificate",
) -> Certificate:
    """Check the use again and record the holder's consent to use ``identifier`` for
    ``purpose`` (a case number), in the caller's transaction."""
    certificate = certificate_use_check(
        identifier=identifier,
        holder=holder,
        type_code=type_code,
        consent=consent,
        field=field,
    )
    CertificateUse.objects.create(
        certificate=certificate,
        purpose=purpose[:100],
        material_name=material_name[:200],
        consented_by=actor,
    )
    audit_record(
        actor=actor,
        action="certificates.use",
        instance=certificate,
        changes={"purpose": [None, purpose], "material": [None, material_name]},
    )
    return certificate
