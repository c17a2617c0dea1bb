"""Writes about buyers and investors."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pavilion.accounts import permissions
from pavilion.companies.models import Sector
from pavilion.core import audit
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
    refused = set(data) - set(allowed)
    if refused:
        raise ValidationError({name: _("You cannot change this field.") for name in refused})
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    sectors = data.pop("sectors", None)
    for name, value in data.items():
        setattr(partner, name, value)
    partner.full_clean()
    partner.save()
    if sectors is not None:
        found = list(Sector.objects.filter(slug__in=sectors))
        unknown = set(sectors) - {s.slug for s in found}
        if unknown:
            raise ValidationError({"sectors": _("Unknown sector: %s") % ", ".join(sorted(unknown))})
        partner.sectors.set(found)
    audit.record(
        actor=actor,
        action="partner.profile_updated",
        obj=partner,
        organisation=partner.organisation,
        fields=sorted(data),
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
