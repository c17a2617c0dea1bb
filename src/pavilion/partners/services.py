"""Writes about buyers and investors."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from pavilion.accounts import permissions
from pavilion.core import audit
from pavilion.core.profiles import apply_profile
from pavilion.partners.forms import PARTNER_FIELDS
from pavilion.partners.models import Contact, Partner

# A partner's own users may change their profile, not the natural key
# (name + country) nor the agency's notes.
SELF_SERVICE_FIELDS = [f for f in PARTNER_FIELDS if f not in ("name", "country")]


@transaction.atomic
def update_partner_profile(*, actor, partner: Partner, data: dict) -> Partner:
    """Change a partner's profile; ``sectors`` as slugs. Side effects: save, audit entry."""
    if not permissions.can_edit_partner(actor, partner):
        raise PermissionDenied
    operator = permissions.can_manage_organisation(actor, partner.organisation_id)
    allowed = [*PARTNER_FIELDS, "internal_notes"] if operator else SELF_SERVICE_FIELDS
    partner, fields = apply_profile(partner, data, allowed=allowed)
    audit.record(
        actor=actor,
        action="partner.profile_updated",
        obj=partner,
        organisation=partner.organisation,
        fields=fields,
    )
    return partner


@transaction.atomic
def add_contact(*, actor, partner: Partner, data: dict) -> Contact:
    """Add a person to a partner. Side effects: one Contact, audit entry."""
    if not permissions.can_edit_partner(actor, partner):
        raise PermissionDenied
    fields = {k: data.get(k, "") for k in ("name", "title", "email", "phone")}
    contact = Contact(partner=partner, **fields)
    contact.full_clean()
    contact.save()
    audit.record(
        actor=actor, action="partner.contact_added", obj=contact, organisation=partner.organisation
    )
    return contact
