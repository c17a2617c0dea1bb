"""Writes about companies."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from pavilion.accounts import permissions
from pavilion.companies.models import Company
from pavilion.core import audit
from pavilion.core.profiles import apply_profile

# What a company's own members may change. Registration number and the
# agency's internal notes are the operator's to edit.
EXHIBITOR_FIELDS = [
    "name_ko",
    "name_en",
    "region",
    "sectors",
    "listing_status",
    "website",
    "description_en",
    "description_ko",
    "founded_year",
    "seeks",
    "target_markets",
    "ceo_name",
    "contact_email",
    "contact_phone",
    "employees",
]
OPERATOR_FIELDS = [*EXHIBITOR_FIELDS[:2], "business_registration_number", *EXHIBITOR_FIELDS[2:]]
OPERATOR_FIELDS.append("internal_notes")


@transaction.atomic
def update_company_profile(*, actor, company: Company, data: dict) -> Company:
    """Change a company's profile and return it, saved.

    ``data`` maps field names to new values; only the keys given change.
    ``sectors`` is a list of sector slugs and replaces the company's sectors.
    The company's own exhibitors may change ``EXHIBITOR_FIELDS`` (profile and
    contact fields); the organisation's operators ``OPERATOR_FIELDS`` (also
    ``business_registration_number`` and ``internal_notes``).

    Raises PermissionDenied if ``actor`` may not edit the company (officials,
    partners, other companies' members, other organisations), and
    ValidationError, keyed by field name, for a field the actor may not
    change, an invalid value or an unknown sector; nothing is saved then.
    Side effects: the company row (locked while changed), its sectors, one
    audit entry ``company.profile_updated`` naming the fields given.
    """
    if not permissions.can_edit_company(actor, company):
        raise PermissionDenied
    allowed = (
        OPERATOR_FIELDS
        if permissions.can_edit_company_internal_notes(actor, company)
        else EXHIBITOR_FIELDS
    )
    company, fields = apply_profile(company, data, allowed=allowed)
    audit.record(
        actor=actor,
        action="company.profile_updated",
        obj=company,
        organisation=company.organisation,
        fields=fields,
    )
    return company
