"""Sign-in through the unified identity provider: find or make the applicant account an
identity the provider vouched for belongs to, and raise its real-name level to what the
provider verified.

Linking (first login): by the provider's stable subject once linked; before that by the
verified identity document, looked up by blind index exactly as counter intake does, so a
person registered at a counter or online finds their own account and cases. A legal person
signs in as its organisation (USCC). An applicant record without a login (registered at a
counter) gets one; an identity Tongban has never seen is registered with what the provider
sent. The level only rises: a counter's in-person check (L4) is not undone by a provider
that vouched less.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.accounts.domain.realname import VouchedIdentity
from tongban.accounts.models import Applicant, FederatedLink, User
from tongban.accounts.services import (
    _validated_identity,
    applicant_find_by_identity,
    applicant_register,
)
from tongban.core import crypto
from tongban.core.services import audit_record


def _new_login(identity: VouchedIdentity, issuer: str) -> User:
    username = "idp-" + crypto.blind_index(f"{issuer}|{identity.subject}")[:24]
    phone_free = (
        identity.phone and not User.objects.filter(phone=identity.phone).exists()
    )
    user = User(
        username=username,
        full_name=identity.name,
        phone=identity.phone if phone_free else "",
        kind=User.Kind.APPLICANT,
    )
    user.set_unusable_password()  # signs in through the provider only
    user.full_clean(exclude=["password"])
    user.save()
    return user


def _applicant_for(identity: VouchedIdentity, issuer: str) -> Applicant:
    try:
        number = _validated_identity(
            identity.applicant_type, identity.id_type, identity.id_number
        )
    except ValidationError as error:
        raise ValidationError(
            _("The identity service sent an identity number Tongban cannot accept."),
            code="provider_identity_invalid",
        ) from error
    applicant = applicant_find_by_identity(id_type=identity.id_type, id_number=number)
    if applicant is None:
        applicant = applicant_register(
            actor=None,
            applicant_type=identity.applicant_type,
            name=identity.name,
            id_type=identity.id_type,
            id_number=number,
            legal_representative=identity.legal_representative,
            assurance_level=identity.level,
        )
    if applicant.user is None:
        applicant.user = _new_login(identity, issuer)
        applicant.save(update_fields=["user"])
    return applicant


@transaction.atomic
def applicant_sign_in_federated(*, issuer: str, identity: VouchedIdentity) -> User:
    """The applicant login for a verified identity from ``issuer``; links it the first time."""
    link = (
        FederatedLink.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=identity.subject)
        .first()
    )
    if link is None:
        applicant = _applicant_for(identity, issuer)
        user = applicant.user
        assert user is not None  # noqa: S101 - _applicant_for gives every applicant a login
        link = FederatedLink.objects.create(
            user=user, issuer=issuer, subject=identity.subject
        )
        audit_record(
            actor=user,
            action="applicant.federated_link",
            instance=applicant,
            changes={"identity_provider": [None, issuer]},
        )
    user = link.user
    if not user.is_active or user.kind != User.Kind.APPLICANT:
        raise ValidationError(
            _("This account cannot log in here; ask a service counter."),
            code="account_inactive",
        )
    applicant = Applicant.objects.select_for_update().get(user=user)
    link.last_login_at = timezone.now()
    link.save(update_fields=["last_login_at"])
    if applicant.assurance_level < identity.level:
        old_level = applicant.assurance_level
        applicant.assurance_level = identity.level
        applicant.save(update_fields=["assurance_level"])
        audit_record(
            actor=user,
            action="applicant.assurance_raise",
            instance=applicant,
            changes={"assurance_level": [old_level, int(identity.level)]},
        )
    return user
