"""Writes about users, their invitations and their API tokens."""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pavilion.accounts import mail, permissions
from pavilion.accounts.models import (
    INVITATION_VALID_FOR,
    ApiToken,
    InvitationRole,
    InvitationState,
    Organisation,
    PersonInvitation,
    User,
    hash_secret,
)
from pavilion.core import audit
from pavilion.notifications.services import site_url

MAX_ACTIVE_TOKENS = 20


@transaction.atomic
def issue_api_token(*, actor, name: str) -> tuple[ApiToken, str]:
    """Create a bearer token acting as ``actor``; return it and the raw key.

    The raw key is returned once and never stored (only its hash).
    Side effects: one ApiToken, one audit entry.
    """
    if not (actor and actor.is_authenticated and actor.is_active):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the device it is for.")})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": _("The name is too long.")})
    if actor.api_tokens.filter(revoked=False).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            {"name": _("You have too many active tokens; revoke one you no longer use.")}
        )
    token, raw = ApiToken.issue(user=actor, name=name)
    audit.record(actor=actor, action="api_token.issued", obj=token, organisation=actor.organisation)
    return token, raw


@transaction.atomic
def revoke_api_token(*, actor, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens. Side effects: save, audit entry."""
    if token.user_id != actor.pk:
        raise PermissionDenied
    if not token.revoked:
        token.revoked = True
        token.save(update_fields=["revoked"])
        audit.record(
            actor=actor, action="api_token.revoked", obj=token, organisation=actor.organisation
        )
    return token


# --- invitations -----------------------------------------------------------------


def _new_token() -> tuple[str, str]:
    raw = secrets.token_urlsafe(32)
    return raw, hash_secret(raw)


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("Enter the person's e-mail address.")})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("“%(email)s” is not a valid e-mail address.") % {"email": email}}
        ) from None
    return email


def invitation_problems(
    *, organisation, email: str, role: str, company=None, partner=None, edition=None
) -> dict[str, str]:
    """What is wrong with inviting ``email`` as ``role`` (field → message); empty when nothing.

    Shared by the single and the bulk invitation (whose preview lists the problems).
    """
    problems = {}
    if role not in InvitationRole.values:
        problems["role"] = _("Choose a role.")
        return problems
    if role == InvitationRole.EXHIBITOR:
        if company is None:
            problems["company"] = _("Choose the company the person joins.")
        elif company.organisation_id != organisation.pk:
            problems["company"] = _("Choose a company of your organisation.")
    elif company is not None:
        problems["company"] = _("Only company members belong to a company.")
    if role == InvitationRole.PARTNER:
        if partner is None:
            problems["partner"] = _("Choose the buyer or investor the person acts for.")
        elif partner.organisation_id != organisation.pk:
            problems["partner"] = _("Choose a buyer or investor of your organisation.")
    elif partner is not None:
        problems["partner"] = _("Only buyer or investor contacts belong to a buyer or investor.")
    if role == InvitationRole.REVIEWER:
        if edition is None:
            problems["edition"] = _("Choose the edition whose call the person reviews.")
        elif edition.show.organisation_id != organisation.pk:
            problems["edition"] = _("Choose an edition of your organisation.")
        elif not hasattr(edition, "cfp"):
            problems["edition"] = _("This edition has no call for participation yet.")
    if email and User.objects.filter(email__iexact=email).exists():
        problems["email"] = _("%(email)s already has an account.") % {"email": email}
    elif (
        email
        and PersonInvitation.objects.filter(
            organisation=organisation, email__iexact=email, state=InvitationState.PENDING
        ).exists()
    ):
        problems["email"] = _(
            "%(email)s is already invited; resend the invitation from the users page."
        ) % {"email": email}
    return problems


@transaction.atomic
def invite_person(
    *,
    actor,
    email: str,
    role: str,
    organisation: Organisation,
    company=None,
    partner=None,
    edition=None,
    language: str | None = None,
    base_url: str | None = None,
) -> PersonInvitation:
    """Invite one person by e-mail to create an account with ``role``.

    Operators invite to any role of their organisation; a company member
    invites colleagues to their own company. The link is single-use and
    expires after 14 days. Side effects: one PersonInvitation, an audit
    entry, the invitation e-mail (queued once the transaction commits).
    """
    if not permissions.can_invite(
        actor, role=role, organisation_id=organisation.pk, company=company
    ):
        raise PermissionDenied
    invitation, _link = _invite(
        actor=actor,
        email=email,
        role=role,
        organisation=organisation,
        company=company,
        partner=partner,
        edition=edition,
        language=language,
        base_url=base_url,
    )
    return invitation


@transaction.atomic
def invite_first_operator(
    *, organisation: Organisation, email: str, language: str | None = None, base_url=None
) -> tuple[PersonInvitation, str]:
    """Invite an organisation's first operator from the command line (run by
    whoever installs Pavilion; no actor). Returns the invitation and its link,
    which is also e-mailed. Side effects: as invite_person.
    """
    return _invite(
        actor=None,
        email=email,
        role=InvitationRole.OPERATOR,
        organisation=organisation,
        language=language,
        base_url=base_url,
    )


def _invite(
    *,
    actor,
    email,
    role,
    organisation,
    company=None,
    partner=None,
    edition=None,
    language=None,
    base_url=None,
) -> tuple[PersonInvitation, str]:
    email = _clean_email(email)
    if problems := invitation_problems(
        organisation=organisation,
        email=email,
        role=role,
        company=company,
        partner=partner,
        edition=edition if role == InvitationRole.REVIEWER else None,
    ):
        raise ValidationError(problems)
    language = language if language in dict(settings.LANGUAGES) else _default_language(partner)
    raw, token_hash = _new_token()
    now = timezone.now()
    invitation = PersonInvitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        company=company,
        partner=partner,
        edition=edition if role == InvitationRole.REVIEWER else None,
        language=language,
        token_hash=token_hash,
        invited_by=actor,
        sent_at=now,
        expires_at=now + INVITATION_VALID_FOR,
    )
    audit.record(
        actor=actor,
        action="invitation.sent",
        obj=invitation,
        organisation=organisation,
        email=email,
        role=role,
    )
    link = _mail_invitation(invitation, raw, actor=actor, base_url=base_url)
    return invitation, link


def _default_language(partner) -> str:
    if partner is not None and partner.country and partner.country != "KR":
        return "en"
    return "ko"


def _mail_invitation(invitation: PersonInvitation, raw: str, *, actor, base_url=None) -> None:
    path = reverse("invitation-accept", kwargs={"token": raw})
    link = site_url(path, base_url)
    context = {
        "invitation": invitation,
        "link": link,
        "inviter": invitation.invited_by,
        "organisation": invitation.organisation,
        "valid_days": INVITATION_VALID_FOR.days,
    }
    with translation.override(invitation.language):
        subject = _("[Pavilion] %(organisation)s invites you") % {
            "organisation": invitation.organisation.name
        }
        subject = str(subject)

    def send():
        mail.send(
            to=invitation.email,
            kind="invitation",
            subject=subject,
            template="accounts/email/invitation",
            context=context,
            language=invitation.language,
            actor=actor,
        )

    transaction.on_commit(send)
    return link


def _check_manages(actor, invitation: PersonInvitation):
    if not permissions.can_manage_users(actor, invitation.organisation_id):
        raise PermissionDenied


@transaction.atomic
def resend_invitation(*, actor, invitation: PersonInvitation, base_url=None) -> PersonInvitation:
    """Send a pending invitation again with a new link (the old one stops
    working) and a new expiry. Side effects: save, audit entry, e-mail."""
    _check_manages(actor, invitation)
    invitation = PersonInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != InvitationState.PENDING:
        raise ValidationError(
            {
                "invitation": _("This invitation was %(state)s; it cannot be sent again.")
                % {"state": invitation.get_state_display().lower()}
            }
        )
    raw, invitation.token_hash = _new_token()
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + INVITATION_VALID_FOR
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    audit.record(
        actor=actor,
        action="invitation.resent",
        obj=invitation,
        organisation=invitation.organisation,
        email=invitation.email,
    )
    _mail_invitation(invitation, raw, actor=actor, base_url=base_url)
    return invitation


@transaction.atomic
def revoke_invitation(*, actor, invitation: PersonInvitation) -> PersonInvitation:
    """Make a pending invitation's link useless. Side effects: save, audit entry."""
    _check_manages(actor, invitation)
    invitation = PersonInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state == InvitationState.ACCEPTED:
        raise ValidationError(
            {"invitation": _("This invitation was accepted; deactivate the user instead.")}
        )
    if invitation.state == InvitationState.PENDING:
        invitation.state = InvitationState.REVOKED
        invitation.save(update_fields=["state"])
        audit.record(
            actor=actor,
            action="invitation.revoked",
            obj=invitation,
            organisation=invitation.organisation,
            email=invitation.email,
        )
    return invitation


@transaction.atomic
def accept_invitation(
    *,
    token: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    language: str | None = None,
) -> User:
    """Create the invited person's account from the link's token.

    The token works once and until it expires. The e-mail address is marked
    verified (the link proves it). A reviewer becomes an official added to
    the reviewers of the edition's call; a buyer or investor contact is
    linked to (or becomes) a contact of the partner. Side effects: a User, an
    allauth EmailAddress, possibly a Contact, the invitation saved, audit entries.
    """
    from allauth.account.models import EmailAddress
    from allauth.utils import generate_unique_username

    invitation = PersonInvitation.lookup(token)
    if invitation is not None:
        invitation = (
            # of=self: PostgreSQL cannot lock the nullable side of the outer joins.
            PersonInvitation.objects.select_for_update(of=("self",))
            .select_related("organisation", "company", "partner", "edition")
            .get(pk=invitation.pk)
        )
    if invitation is None or not invitation.is_usable:
        raise ValidationError(
            {"token": _("This invitation link has expired or was already used; ask for a new one.")}
        )
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            {
                "token": _("%(email)s already has an account; sign in instead.")
                % {"email": invitation.email}
            }
        )
    role = InvitationRole(invitation.role)
    user = User(
        username=generate_unique_username([first_name, last_name, invitation.email, "user"]),
        email=invitation.email,
        first_name=(first_name or "").strip()[:150],
        last_name=(last_name or "").strip()[:150],
        role=role.user_role,
        organisation=invitation.organisation,
        company=invitation.company if role == InvitationRole.EXHIBITOR else None,
        partner=invitation.partner if role == InvitationRole.PARTNER else None,
        language=language if language in dict(settings.LANGUAGES) else invitation.language,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if role == InvitationRole.PARTNER:
        _link_contact(user, invitation.partner)
    if role == InvitationRole.REVIEWER:
        invitation.edition.cfp.reviewers.add(user)
    invitation.state = InvitationState.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["state", "accepted_at", "user"])
    audit.record(
        actor=user,
        action="invitation.accepted",
        obj=invitation,
        organisation=invitation.organisation,
        user=user.pk,
        role=invitation.role,
    )
    return user


def _link_contact(user: User, partner) -> None:
    contact = partner.contacts.filter(email__iexact=user.email, user__isnull=True).first()
    if contact is None:
        contact = partner.contacts.create(name=user.get_full_name() or user.email, email=user.email)
    contact.user = user
    contact.save(update_fields=["user"])


def landing_url(user: User, invitation: PersonInvitation | None = None) -> str:
    """Where a newly invited person starts: the page of their role."""
    if invitation is not None and invitation.role == InvitationRole.REVIEWER:
        return reverse("cfp", kwargs={"slug": invitation.edition.slug})
    if user.is_exhibitor:
        return reverse("company-detail", kwargs={"pk": user.company_id})
    if user.is_partner_contact:
        return reverse("partner-detail", kwargs={"pk": user.partner_id})
    return reverse("home")


# --- bulk invitations --------------------------------------------------------------


@dataclass
class BulkRow:
    """One line of a bulk invitation's preview: who gets what, or why not."""

    key: str
    email: str
    role: str
    company: object = None
    partner: object = None
    language: str = "ko"
    problem: str = ""

    @property
    def role_label(self):
        return InvitationRole(self.role).label


BULK_SOURCES = ("companies", "partners")


def bulk_invitation_rows(*, actor, source: str, edition=None) -> list[BulkRow]:
    """The preview of a bulk invitation from the imported records' contact e-mails.

    ``companies``: each company's contact e-mail becomes a company member
    (only the edition's participants when ``edition`` is given);
    ``partners``: each contact of a buyer or investor with an e-mail and no
    login becomes a contact of that partner. Rows that cannot be invited say
    why (an account exists, already invited, an address listed twice).
    """
    if not permissions.is_operator(actor):
        raise PermissionDenied
    organisation = actor.organisation
    rows: list[BulkRow] = []
    if source == "companies":
        companies = organisation.companies.exclude(contact_email="").order_by("name_en")
        if edition is not None:
            companies = companies.filter(participations__edition=edition).distinct()
        for company in companies:
            rows.append(
                BulkRow(
                    key=f"c{company.pk}",
                    email=company.contact_email.strip().lower(),
                    role=InvitationRole.EXHIBITOR,
                    company=company,
                )
            )
    elif source == "partners":
        from pavilion.partners.models import Contact

        contacts = (
            Contact.objects.filter(partner__organisation=organisation, user__isnull=True)
            .exclude(email="")
            .select_related("partner")
            .order_by("partner__name", "name")
        )
        for contact in contacts:
            rows.append(
                BulkRow(
                    key=f"p{contact.pk}",
                    email=contact.email.strip().lower(),
                    role=InvitationRole.PARTNER,
                    partner=contact.partner,
                    language=_default_language(contact.partner),
                )
            )
    else:
        raise ValidationError({"source": _("Choose companies or buyers and investors.")})
    seen = set()
    existing = {
        e.lower()
        for e in User.objects.filter(email__in=[r.email for r in rows]).values_list(
            "email", flat=True
        )
    }
    pending = {
        e.lower()
        for e in PersonInvitation.objects.filter(
            organisation=organisation, state=InvitationState.PENDING
        ).values_list("email", flat=True)
    }
    for row in rows:
        try:
            validate_email(row.email)
        except ValidationError:
            row.problem = _("not a valid e-mail address")
            continue
        if row.email in existing:
            row.problem = _("already has an account")
        elif row.email in pending:
            row.problem = _("already invited")
        elif row.email in seen:
            row.problem = _("listed twice; invited once")
        seen.add(row.email)
    return rows


@transaction.atomic
def invite_people(*, actor, rows: list[BulkRow], base_url=None) -> list[PersonInvitation]:
    """Send the invitations of the chosen preview rows (those without a problem).

    All or nothing: a row that became invalid since the preview stops the
    whole batch with its e-mail named. Side effects: as invite_person, per row.
    """
    sent = []
    for row in rows:
        if row.problem:
            continue
        try:
            sent.append(
                invite_person(
                    actor=actor,
                    email=row.email,
                    role=row.role,
                    organisation=actor.organisation,
                    company=row.company,
                    partner=row.partner,
                    language=row.language,
                    base_url=base_url,
                )
            )
        except ValidationError as exc:
            message = "; ".join(exc.messages)
            raise ValidationError({"rows": f"{row.email}: {message}"}) from None
    return sent


# --- users ---------------------------------------------------------------------------


def _check_manages_user(actor, user: User):
    if not permissions.can_manage_users(actor, user.organisation_id):
        raise PermissionDenied


@transaction.atomic
def deactivate_user(*, actor, user: User) -> User:
    """Stop a person from signing in; their open sessions end at once (Django
    drops the session of an inactive user) and their API tokens stop working.
    Side effects: save, audit entry."""
    _check_manages_user(actor, user)
    if user.pk == actor.pk:
        raise ValidationError({"user": _("You cannot deactivate yourself.")})
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        _end_sessions(user)
        audit.record(
            actor=actor, action="user.deactivated", obj=user, organisation=actor.organisation
        )
    return user


@transaction.atomic
def reactivate_user(*, actor, user: User) -> User:
    """Let a deactivated person sign in again. Side effects: save, audit entry."""
    _check_manages_user(actor, user)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit.record(
            actor=actor, action="user.reactivated", obj=user, organisation=actor.organisation
        )
    return user


def _end_sessions(user: User, *, keep: str | None = None) -> None:
    """Delete the user's stored sessions (all but ``keep``).

    Django already refuses a session whose user became inactive or changed
    password; deleting them also frees the rows."""
    from django.contrib.sessions.models import Session

    user_id = str(user.pk)
    doomed = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.session_key != keep and session.get_decoded().get("_auth_user_id") == user_id
    ]
    Session.objects.filter(session_key__in=doomed).delete()


@transaction.atomic
def set_totp_requirement(*, actor, organisation: Organisation, required: bool) -> Organisation:
    """Require (or stop requiring) TOTP of the organisation's operators.
    Side effects: save, audit entry."""
    if not permissions.can_manage_users(actor, organisation.pk):
        raise PermissionDenied
    if organisation.require_totp != required:
        organisation.require_totp = required
        organisation.save(update_fields=["require_totp"])
        audit.record(
            actor=actor,
            action="organisation.totp_required" if required else "organisation.totp_optional",
            obj=organisation,
            organisation=organisation,
        )
    return organisation
