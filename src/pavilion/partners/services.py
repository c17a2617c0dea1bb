"""Writes about buyers and investors."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pavilion.accounts import permissions
from pavilion.core import audit
from pavilion.core.profiles import apply_profile
from pavilion.partners.models import Contact, Partner

PARTNER_FIELDS = ["name", "country", "kind", "website", "description", "sectors", "interests"]
# A partner's own users may change their profile, not the natural key
# (name + country) nor the agency's notes.
SELF_SERVICE_FIELDS = [f for f in PARTNER_FIELDS if f not in ("name", "country")]
CONTACT_FIELDS = ("name", "title", "email", "phone")


@transaction.atomic
def update_partner_profile(*, actor, partner: Partner, data: dict) -> Partner:
    """Change a buyer's or investor's profile and return it, saved.

    ``data`` maps field names to new values; only the keys given change.
    ``sectors`` is a list of sector slugs and replaces the partner's sectors.
    The partner's own users may change ``SELF_SERVICE_FIELDS``; the
    organisation's operators also ``name``, ``country`` and ``internal_notes``.

    Raises PermissionDenied if ``actor`` may not edit the partner, and
    ValidationError, keyed by field name, for a field the actor may not
    change, an invalid value or an unknown sector; nothing is saved then.
    Side effects: the partner row (locked while changed), its sectors, one
    audit entry ``partner.profile_updated`` naming the fields given.
    """
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
    """Add a person to a partner and return the new contact.

    ``data`` holds ``name`` (required) and optionally ``title``, ``email`` and
    ``phone``. Operators and the partner's own users may add contacts.

    Raises PermissionDenied if ``actor`` may not edit the partner, and
    ValidationError, keyed by field name, for an unknown key or an invalid
    value. Side effects: one Contact, one audit entry ``partner.contact_added``.
    """
    if not permissions.can_edit_partner(actor, partner):
        raise PermissionDenied
    unknown = set(data) - set(CONTACT_FIELDS)
    if unknown:
        raise ValidationError(
            {name: _("You cannot change this field.") for name in sorted(unknown)}
        )
    fields = {k: data.get(k) or "" for k in CONTACT_FIELDS}
    contact = Contact(partner=partner, **fields)
    contact.full_clean()
    contact.save()
    audit.record(
        actor=actor, action="partner.contact_added", obj=contact, organisation=partner.organisation
    )
    return contact
