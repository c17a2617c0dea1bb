"""Writes about companies."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pavilion.accounts import permissions
from pavilion.companies.forms import EXHIBITOR_FIELDS, OPERATOR_FIELDS
from pavilion.companies.models import Company, Sector
from pavilion.core import audit


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
    refused = set(data) - set(allowed)
    if refused:
        raise ValidationError({name: _("You cannot change this field.") for name in refused})
    company = Company.objects.select_for_update().get(pk=company.pk)
    sectors = data.pop("sectors", None)
    for name, value in data.items():
        setattr(company, name, value)
    company.full_clean()
    company.save()
    if sectors is not None:
        found = list(Sector.objects.filter(slug__in=sectors))
        unknown = set(sectors) - {s.slug for s in found}
        if unknown:
            raise ValidationError({"sectors": _("Unknown sector: %s") % ", ".join(sorted(unknown))})
        company.sectors.set(found)
    audit.record(
        actor=actor,
        action="company.profile_updated",
        obj=company,
        organisation=company.organisation,
        fields=sorted([*data, *(["sectors"] if sectors is not None else [])]),
    )
    return company
