"""Writes about companies."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from pavilion.accounts import permissions
from pavilion.companies.forms import EXHIBITOR_FIELDS, OPERATOR_FIELDS
from pavilion.companies.models import Company
from pavilion.core import audit
from pavilion.core.profiles import apply_profile


@transaction.atomic
def update_company_profile(*, actor, company: Company, data: dict) -> Company:
    """Change a company's profile; ``sectors`` as a list of sector slugs.

    Exhibitors change their own company's profile fields; operators also the
    registration number and internal notes. Side effects: save, audit entry.
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
