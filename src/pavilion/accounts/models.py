"""Organisations (the tenancy boundary), users and their roles, API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The languages a person reads Pavilion and its e-mails in (each named in itself).
LANGUAGE_CHOICES = [("en", "English"), ("ko", "한국어")]


class Organisation(models.Model):
    """The agency that runs pavilions (e.g. a city's innovation centre).

    Everything an operator sees hangs off exactly one organisation; no
    operator ever sees another organisation's records.
    """

    name = models.CharField(_("name"), max_length=200)
    name_ko = models.CharField(_("Korean name"), max_length=200, blank=True)
    slug = models.SlugField(_("short name"), unique=True)
    country = models.CharField(_("country"), max_length=2, default="KR")
    require_totp = models.BooleanField(
        _("operators must use TOTP"),
        default=False,
        help_text=_(
            "Operators without an authenticator app are sent to set one up before anything else."
        ),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    OPERATOR = "operator", _("Operator")
    OFFICIAL = "official", _("Official (read-only)")
    EXHIBITOR = "exhibitor", _("Exhibitor")
    PARTNER = "partner", _("Buyer or investor")
    AGENCY = "agency", _("Investment agency")


class User(AbstractUser):
    """A person who signs in. The role decides what they may see and do.

    - operator: the organisation's staff; manages its shows and records.
    - official: reads everything of the organisation (the city), changes nothing.
    - exhibitor: a member of one company; edits that company only.
    - partner: a contact of one buyer/investor; edits that partner only.
    - agency: staff of the city's investment agency; manages the
      organisation's funds and reads the companies it may invest in.
    """

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.OPERATOR)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="members",
    )
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("buyer or investor"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="users",
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, default="ko")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self):
        super().clean()
        if self.role == Role.EXHIBITOR and not self.company_id:
            raise ValidationError({"company": _("An exhibitor must belong to a company.")})
        if self.role == Role.PARTNER and not self.partner_id:
            raise ValidationError({"partner": _("A partner user must belong to a partner.")})
        if self.role in (Role.OPERATOR, Role.OFFICIAL, Role.AGENCY) and not (
            self.organisation_id or self.is_superuser
        ):
            raise ValidationError({"organisation": _("Staff must belong to an organisation.")})
        if self.company_id and self.role != Role.EXHIBITOR:
            raise ValidationError({"company": _("Only exhibitors belong to a company.")})
        if self.partner_id and self.role != Role.PARTNER:
            raise ValidationError({"partner": _("Only partner users belong to a partner.")})

    def save(self, *args, **kwargs):
        # The organisation of a company or partner member follows the record
        # they belong to, so tenancy checks can rely on user.organisation.
        if self.company_id and not self.organisation_id:
            self.organisation_id = self.company.organisation_id
        if self.partner_id and not self.organisation_id:
            self.organisation_id = self.partner.organisation_id
        super().save(*args, **kwargs)

    @property
    def is_operator(self):
        return self.is_active and self.role == Role.OPERATOR and self.organisation_id is not None

    @property
    def is_official(self):
        return self.is_active and self.role == Role.OFFICIAL and self.organisation_id is not None

    @property
    def is_staff_reader(self):
        """Operators and officials: may read all of their organisation's records."""
        return self.is_operator or self.is_official

    @property
    def is_agency(self):
        """Staff of the city's investment agency."""
        return self.is_active and self.role == Role.AGENCY and self.organisation_id is not None

    @property
    def is_exhibitor(self):
        return self.is_active and self.role == Role.EXHIBITOR and self.company_id is not None

    @property
    def is_partner_contact(self):
        return self.is_active and self.role == Role.PARTNER and self.partner_id is not None


def hash_secret(raw: str) -> str:
    """How a token or device key is stored: its SHA-256, never the key itself."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for an integration or a scanning device.

    Only a hash is stored; the raw token is shown once, at creation. A token
    acts as its user, with the same permissions.
    """

    PREFIX = "pvl_"

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. the device or script"))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.user})"

    @classmethod
    def issue(cls, *, user: User, name: str) -> tuple["ApiToken", str]:
        """Create a token; return it and the raw key (shown once, never stored)."""
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=hash_secret(raw)), raw

    @classmethod
    def lookup(cls, raw: str) -> "ApiToken | None":
        if not raw or not raw.startswith(cls.PREFIX):
            return None
        return (
            cls.objects.select_related("user")
            .filter(key_hash=hash_secret(raw), revoked=False, user__is_active=True)
            .first()
        )


INVITATION_VALID_FOR = timedelta(days=14)


class InvitationRole(models.TextChoices):
    """What an invitation makes of the person who accepts it."""

    OPERATOR = "operator", _("Operator")
    EXHIBITOR = "exhibitor", _("Company member")
    PARTNER = "partner", _("Buyer or investor contact")
    OFFICIAL = "official", _("Official (read-only)")
    AGENCY = "agency", _("Investment agency")
    REVIEWER = "reviewer", _("Reviewer of a call (official)")

    @property
    def user_role(self) -> str:
        # A reviewer is an official added to the reviewers of an edition's call.
        return Role.OFFICIAL if self == InvitationRole.REVIEWER else self.value


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")


class PersonInvitation(models.Model):
    """An e-mailed, single-use link that lets one person create their account
    with a given role (not the planning app's exhibitor-list invitation).

    Only the hash of the link's token is stored; resending replaces it, so
    the old link stops working.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="person_invitations",
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=16, choices=InvitationRole.choices)
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="person_invitations",
    )
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("buyer or investor"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="person_invitations",
    )
    edition = models.ForeignKey(
        "shows.Edition",
        verbose_name=_("edition"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="person_invitations",
        help_text=_("For a reviewer: the edition whose call they review"),
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, default="ko")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    state = models.CharField(
        _("state"), max_length=16, choices=InvitationState.choices, default=InvitationState.PENDING
    )
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    user = models.ForeignKey(
        User,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_accepted",
    )

    class Meta:
        verbose_name = _("invitation of a person")
        verbose_name_plural = _("invitations of people")
        ordering = ["-sent_at"]
        constraints = [
            # One open invitation per address and organisation: resend it instead.
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=models.Q(state="pending"),
                name="one_pending_invitation_per_email",
            )
        ]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.state == InvitationState.PENDING and not self.is_expired

    @property
    def shown_state(self) -> str:
        if self.state == InvitationState.PENDING and self.is_expired:
            return _("Expired")
        return self.get_state_display()

    @classmethod
    def lookup(cls, raw: str) -> "PersonInvitation | None":
        if not raw:
            return None
        return (
            cls.objects.select_related("organisation", "company", "partner", "edition")
            .filter(token_hash=hash_secret(raw))
            .first()
        )
