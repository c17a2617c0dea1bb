"""Buyers and investors who register themselves on an edition's public page.

A registration creates a *pending* partner and its contact. Pending and
declined partners are left out of every ``Partner.objects`` query (see
``ActivePartnerManager``); only the operators' queue reads them, through
:func:`registration_queue`. An operator approves (the partner becomes active
and its contact gets an invitation to sign in), merges it into a partner
already known (the contact joins that one; no duplicate), or declines it
(a polite e-mail).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.accounts import mail, permissions
from pavilion.companies.models import Sector
from pavilion.core import audit
from pavilion.partners.models import Contact, Partner, PartnerKind, PartnerStatus

# Addresses at these domains say nothing about the organisation behind them.
WEBMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "naver.com",
        "daum.net",
        "hanmail.net",
        "kakao.com",
        "qq.com",
        "163.com",
        "gmx.de",
        "web.de",
    }
)


def registration_open(edition) -> bool:
    """Buyers and investors may register themselves for ``edition``: its page is
    public, operators allow it, and the show has not ended yet in its own zone."""
    if not (edition.public_page and edition.partner_registration_open):
        return False
    return edition.end_date >= timezone.localdate(timezone=edition.tzinfo)


@transaction.atomic
def register_partner(
    *,
    edition,
    organisation_name: str,
    kind: str,
    country: str,
    contact_name: str,
    email: str,
    language: str = "en",
    phone: str = "",
    interests: str = "",
    sectors: list[str] = (),
    website: str = "",
) -> Partner:
    """A buyer's or investor's registration from the edition's public page.

    Creates a pending partner of the edition's organisation and its contact;
    nothing appears anywhere but the operators' queue until one approves.
    Raises PermissionDenied when the edition takes registrations by
    invitation only, ValidationError keyed by field for bad input (nothing is
    written then). Side effects: Partner, Contact, audit ``partner.registered``.
    """
    if not registration_open(edition):
        raise PermissionDenied(_("Buyers and investors take part by invitation only."))
    errors = {}
    if kind not in PartnerKind.values:
        errors["kind"] = [_("Choose a kind.")]
    found = list(Sector.objects.filter(slug__in=list(sectors)))
    if len(found) != len(set(sectors)):
        errors["sectors"] = [_("Unknown sector.")]
    partner = Partner(
        organisation_id=edition.show.organisation_id,
        name=organisation_name.strip(),
        country=(country or "").upper(),
        kind=kind,
        website=website,
        interests=interests,
        status=PartnerStatus.PENDING,
        registered_for=edition,
        registered_at=timezone.now(),
        registration_language=language if language in ("en", "ko") else "en",
    )
    contact = Contact(name=contact_name.strip(), email=email.strip().lower(), phone=phone.strip())
    for obj, exclude in ((partner, ["organisation"]), (contact, ["partner"])):
        try:
            obj.full_clean(exclude=exclude, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(
                    {"name": "organisation_name"}.get(name, name) if obj is partner else name, []
                ).extend(messages)
    if not contact.email:
        errors.setdefault("email", []).append(_("This field is required."))
    if errors:
        raise ValidationError(errors)
    partner.save()
    partner.sectors.set(found)
    contact.partner = partner
    contact.save()
    audit.record(
        actor=None,
        action="partner.registered",
        obj=partner,
        organisation=partner.organisation,
        edition=edition.slug,
    )
    return partner


def registration_queue(user) -> QuerySet[Partner]:
    """Pending registrations the operator may decide: their organisation's."""
    if not permissions.is_operator(user):
        return Partner.registrations.none()
    return (
        Partner.registrations.filter(
            organisation_id=user.organisation_id, status=PartnerStatus.PENDING
        )
        .select_related("registered_for")
        .prefetch_related("sectors")
        .order_by("registered_at", "pk")
    )


def _registration_contact(partner) -> Contact | None:
    return Contact.all_contacts.filter(partner=partner).order_by("pk").first()


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower() if "@" in (email or "") else ""


def likely_duplicates(partner: Partner) -> list[Partner]:
    """Active partners this registration may be: the same name (case and
    spacing ignored) in the same country, or a contact at the same e-mail
    domain (not a webmail one)."""
    same = Q(name__iexact=partner.name.strip(), country=partner.country)
    contact = _registration_contact(partner)
    domain = email_domain(contact.email) if contact else ""
    if domain and domain not in WEBMAIL_DOMAINS:
        same |= Q(contacts__email__iendswith="@" + domain)
    return list(
        Partner.objects.filter(organisation_id=partner.organisation_id)
        .filter(same)
        .distinct()
        .order_by("name")
    )


def _check_pending(actor, partner):
    if not permissions.can_manage_organisation(actor, partner.organisation_id):
        raise PermissionDenied
    if partner.status != PartnerStatus.PENDING:
        raise ValidationError(_("This registration has already been decided."))


def _invite(*, actor, partner, contact, edition, language):
    from pavilion.accounts.services import invite_person

    return invite_person(
        actor=actor,
        email=contact.email,
        role="partner",
        organisation=partner.organisation,
        partner=partner,
        edition=edition,
        language=language or None,
    )


@transaction.atomic
def approve_registration(*, actor, partner: Partner) -> Partner:
    """Make a pending partner active and e-mail its contact a sign-in link
    (an invitation to set a password). Raises ValidationError when an active
    partner of the same name and country exists: merge into it instead.
    Side effects: partner saved, invitation (and its e-mail), audit."""
    partner = Partner.registrations.select_for_update().get(pk=partner.pk)
    _check_pending(actor, partner)
    if Partner.objects.filter(
        organisation_id=partner.organisation_id,
        name__iexact=partner.name,
        country=partner.country,
    ).exists():
        raise ValidationError(
            _("A buyer or investor of this name and country exists: merge into it instead.")
        )
    partner.status = PartnerStatus.ACTIVE
    partner.save(update_fields=["status", "updated_at"])
    contact = _registration_contact(partner)
    if contact is not None and contact.email:
        _invite(
            actor=actor,
            partner=partner,
            contact=contact,
            edition=partner.registered_for,
            language=partner.registration_language,
        )
    audit.record(
        actor=actor,
        action="partner.registration_approved",
        obj=partner,
        organisation=actor.organisation,
    )
    return partner


@transaction.atomic
def merge_registration(*, actor, partner: Partner, into: Partner) -> Partner:
    """The registration is a partner already known: its contact joins ``into``
    (which keeps its own profile) and gets the sign-in link; the pending
    record is deleted. Returns ``into``. Side effects: contact moved,
    invitation, pending partner deleted, audit ``partner.registration_merged``."""
    partner = Partner.registrations.select_for_update().get(pk=partner.pk)
    _check_pending(actor, partner)
    if into.status != PartnerStatus.ACTIVE or into.organisation_id != partner.organisation_id:
        raise ValidationError({"into": _("Choose one of your active buyers and investors.")})
    contacts = list(Contact.all_contacts.filter(partner=partner))
    for contact in contacts:
        contact.partner = into
        contact.save(update_fields=["partner"])
    edition = partner.registered_for
    language = partner.registration_language
    audit.record(
        actor=actor,
        action="partner.registration_merged",
        obj=into,
        organisation=actor.organisation,
        registration=partner.name,
    )
    partner.delete()
    for contact in contacts[:1]:
        if contact.email:
            _invite(actor=actor, partner=into, contact=contact, edition=edition, language=language)
    return into


@transaction.atomic
def decline_registration(*, actor, partner: Partner) -> Partner:
    """Decline a registration and tell the person politely. The record stays
    (declined, invisible everywhere) so a repeat can be recognised."""
    partner = Partner.registrations.select_for_update().get(pk=partner.pk)
    _check_pending(actor, partner)
    partner.status = PartnerStatus.DECLINED
    partner.save(update_fields=["status", "updated_at"])
    contact = _registration_contact(partner)
    if contact is not None and contact.email:
        mail.send(
            kind="registration",
            to=contact.email,
            subject=gettext_lazy("Your registration as a buyer or investor"),
            template="public/email/registration_declined",
            context={"partner": partner, "contact": contact, "edition": partner.registered_for},
            language=partner.registration_language,
            actor=actor,
            organisation=partner.organisation,
        )
    audit.record(
        actor=actor,
        action="partner.registration_declined",
        obj=partner,
        organisation=actor.organisation,
    )
    return partner
