"""Users (staff and applicant accounts), role assignments, applicants and one-time codes."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongban.accounts.domain.assurance import Assurance
from tongban.accounts.domain.roles import Role, needs_second_factor, role_grants
from tongban.core import crypto
from tongban.core.domain.masking import mask_identifier
from tongban.core.scopes import Grant, Scope

ROLE_LABELS = {
    Role.COUNTER_CLERK: _("counter clerk"),
    Role.CASE_OFFICER: _("case officer"),
    Role.CATALOGUE_MANAGER: _("catalogue manager"),
    Role.SUPERVISOR: _("supervisor"),
    Role.PLATFORM_ADMIN: _("platform administrator"),
    Role.EXCHANGE_CLIENT: _("exchange client (another system)"),
    Role.SERVICE_DESK_AGENT: _("service desk agent (12345)"),
}


class User(AbstractUser):
    """A login: a staff member (roles through ``RoleAssignment``) or an applicant account."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("staff")
        APPLICANT = "applicant", _("applicant")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.STAFF
    )
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    phone = models.CharField(
        _("mobile phone"), max_length=20, blank=True, db_index=True
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_applicant(self) -> bool:
        return self.kind == self.Kind.APPLICANT

    @property
    def is_staff_member(self) -> bool:
        return self.kind == self.Kind.STAFF

    def _assignments(self) -> list["RoleAssignment"]:
        cache = self.__dict__.get("_role_cache")
        if cache is None:
            cache = (
                list(
                    RoleAssignment.objects.filter(user_id=self.pk).select_related(
                        "organisation", "division"
                    )
                )
                if self.pk and self.is_staff_member and self.is_active
                else []
            )
            self.__dict__["_role_cache"] = cache
        return cache

    @property
    def roles(self) -> set[str]:
        return {assignment.role for assignment in self._assignments()}

    @property
    def requires_second_factor(self) -> bool:
        # Admin-site accounts (is_staff, superusers) too: the admin reaches everything.
        return self.is_staff or self.is_superuser or needs_second_factor(self.roles)

    def scope_for(self, permission: str) -> Scope:
        grants = []
        for assignment in self._assignments():
            if not role_grants(assignment.role, permission):
                continue
            grant = assignment.grant()
            if grant is None:
                return Scope(everything=True)
            grants.append(grant)
        return Scope(grants=tuple(grants))


class RoleAssignment(models.Model):
    """A role held within an organisation subtree and/or a region subtree."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(
        _("role"),
        max_length=30,
        choices=[(r.value, label) for r, label in ROLE_LABELS.items()],
    )
    organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    division = models.ForeignKey(
        "regions.Division",
        verbose_name=_("division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.PLATFORM_ADMIN.value)
                | Q(organisation__isnull=False)
                | Q(division__isnull=False),
                name="role_scoped_unless_platform_admin",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation", "division"],
                name="role_assignment_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.organisation or ''} {self.division or ''}".strip()

    def grant(self) -> Grant | None:
        """The grant of this assignment; ``None`` means unlimited."""
        if self.organisation is None and self.division is None:
            return None
        return Grant(
            organisation_path=self.organisation.path if self.organisation else None,
            division_prefix=self.division.prefix if self.division else None,
        )


class Applicant(models.Model):
    """服务对象: a natural person or an organisation that applies for services.

    The identity number is encrypted at rest (``id_number_encrypted``); ``id_index`` is a keyed
    hash for exact lookup; ``id_masked`` is what pages, logs and unprivileged API callers see.
    """

    class Type(models.TextChoices):
        PERSON = "person", _("natural person")
        ORGANISATION = "organisation", _("organisation")

    class IdType(models.TextChoices):  # GA/T 2000.156 常用证件代码 (+ 001 for the USCC)
        RESIDENT_ID = "111", _("resident identity card")
        PASSPORT = "414", _("passport")
        HK_MACAO_PERMIT = (
            "516",
            _("Mainland travel permit for Hong Kong and Macao residents"),
        )
        TAIWAN_PERMIT = "511", _("Mainland travel permit for Taiwan residents")
        FOREIGN_PERMANENT = "553", _("foreign permanent resident ID card")
        USCC = "001", _("unified social credit code")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="applicant"
    )
    applicant_type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    name = models.CharField(_("name"), max_length=200)
    id_type = models.CharField(_("ID type"), max_length=3, choices=IdType.choices)
    id_number_encrypted = models.TextField(editable=False)
    id_index = models.CharField(max_length=64, editable=False, db_index=True)
    id_masked = models.CharField(_("ID number"), max_length=40, editable=False)
    legal_representative = models.CharField(
        _("legal representative"), max_length=100, blank=True
    )
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    assurance_level = models.PositiveSmallIntegerField(
        _("identity assurance level"),
        choices=[(a.value, f"L{a.value}") for a in Assurance],
        default=Assurance.L1_BASIC,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        constraints = [
            models.UniqueConstraint(
                fields=["id_type", "id_index"], name="applicant_identity_unique"
            ),
            models.CheckConstraint(
                condition=Q(
                    applicant_type="person",
                    id_type__in=["111", "414", "516", "511", "553"],
                )
                | Q(applicant_type="organisation", id_type="001"),
                name="applicant_id_type_matches_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.id_masked}"

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_encrypted)

    def set_id_number(self, value: str) -> None:
        self.id_number_encrypted = crypto.encrypt(value)
        self.id_index = crypto.blind_index(f"{self.id_type}:{value}")
        self.id_masked = mask_identifier(value)


class LoginCode(models.Model):
    """A one-time login code sent to an applicant's phone; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "-created_at"], name="login_code_user_idx")
        ]

    def __str__(self) -> str:
        return f"code for {self.user_id} until {self.expires_at:%H:%M}"


class ClientSystem(models.Model):
    """Another system as an OAuth2 client (client credentials, django-oauth-toolkit's
    ``Application`` acting as an ``exchange_client`` account): the scopes it may ask for
    and its own rate limit (``accounts.client_systems``)."""

    application = models.OneToOneField(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
        on_delete=models.CASCADE,
        related_name="client_system",
    )
    scopes = models.CharField(_("scopes"), max_length=500)
    rate_per_minute = models.PositiveIntegerField(
        _("requests per minute"),
        default=600,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)

    class Meta:
        verbose_name = _("client system")
        verbose_name_plural = _("client systems")

    def __str__(self) -> str:
        return f"{self.application_id} {self.scopes}"


class EnrolmentCode(models.Model):
    """A one-time code an administrator issues so a user can enrol a second factor; only
    its keyed hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return (
            f"enrolment code for {self.user_id} until {self.expires_at:%Y-%m-%d %H:%M}"
        )


class FederatedLink(models.Model):
    """An account's link to an identity at a unified identity provider (OpenID Connect):
    the provider's ``issuer`` and its stable ``subject`` for that person or legal person.
    Made at the first login through the provider, by the verified ID number."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="federated_links"
    )
    issuer = models.CharField(_("identity provider"), max_length=200)
    subject = models.CharField(_("subject at the provider"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("identity provider link")
        verbose_name_plural = _("identity provider links")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="federated_link_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"
