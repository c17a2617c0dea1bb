"""Who may see and change what: every permission check of Pavilion, in one place.

Pages and the API both call these. Two kinds of function:

- ``visible_*(user)`` return the queryset a user may *read*. Views look
  records up through them, so a record outside that set is a 404 (its
  existence is not leaked); lists are filtered by them.
- ``can_*(user, obj)`` answer a yes/no question for one record; a visible
  record the user may not change is a 403.

Roles (see :class:`pavilion.accounts.models.Role`):

- operator: reads and changes everything of its organisation, nothing else.
- official: reads everything of its organisation, changes nothing.
- exhibitor: reads the catalogue of its organisation's pavilions and the
  buyers/investors there; reads and edits its own company's private data.
- partner: reads the catalogue; reads and edits its own partner only.

Superusers use the Django admin; in the product they have no extra powers
beyond their role, so tests of roles are tests of what people really see.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from pavilion.companies.models import Company, Participation, ParticipationStatus
from pavilion.partners.models import Contact, Partner
from pavilion.shows.models import Booth, Edition, Pavilion

# Companies listed in the catalogue: those taking part, not merely applied or withdrawn.
CATALOGUE_STATUSES = (ParticipationStatus.SELECTED, ParticipationStatus.CONFIRMED)


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def organisation_id_of(user) -> int | None:
    return user.organisation_id if _authenticated(user) else None


# --- organisation-level predicates -------------------------------------------


def can_read_organisation(user, organisation_id) -> bool:
    """Operators and officials read their own organisation's records."""
    return (
        _authenticated(user)
        and user.is_staff_reader
        and organisation_id is not None
        and user.organisation_id == organisation_id
    )


def can_manage_organisation(user, organisation_id) -> bool:
    """Only operators change their own organisation's records."""
    return (
        _authenticated(user)
        and user.is_operator
        and organisation_id is not None
        and user.organisation_id == organisation_id
    )


def is_staff_reader(user) -> bool:
    return _authenticated(user) and user.is_staff_reader


def is_operator(user) -> bool:
    return _authenticated(user) and user.is_operator


# --- shows -------------------------------------------------------------------


def visible_editions(user) -> QuerySet[Edition]:
    """Editions of the user's organisation; everyone signed in sees their names and dates."""
    if not _authenticated(user) or user.organisation_id is None:
        return Edition.objects.none()
    return Edition.objects.filter(show__organisation_id=user.organisation_id).select_related("show")


def can_view_edition_dashboard(user, edition: Edition) -> bool:
    return can_read_organisation(user, edition.show.organisation_id)


def can_manage_edition(user, edition: Edition) -> bool:
    return can_manage_organisation(user, edition.show.organisation_id)


def visible_pavilions(user) -> QuerySet[Pavilion]:
    return Pavilion.objects.filter(edition__in=visible_editions(user))


def visible_booths(user) -> QuerySet[Booth]:
    return Booth.objects.filter(pavilion__in=visible_pavilions(user))


# --- companies ---------------------------------------------------------------


def visible_companies(user) -> QuerySet[Company]:
    """Companies whose public profile the user may read.

    Staff: all of the organisation's companies. Exhibitors and partners: the
    companies taking part (selected or confirmed) in the organisation's
    editions, and an exhibitor always its own company.
    """
    if not _authenticated(user) or user.organisation_id is None:
        return Company.objects.none()
    in_org = Company.objects.filter(organisation_id=user.organisation_id)
    if user.is_staff_reader:
        return in_org
    if user.is_exhibitor or user.is_partner_contact:
        condition = Q(participations__status__in=CATALOGUE_STATUSES)
        if user.is_exhibitor:
            condition |= Q(pk=user.company_id)
        return in_org.filter(condition).distinct()
    return Company.objects.none()


def can_view_company_private(user, company: Company) -> bool:
    """Registration number, contacts and notes: the company's members and staff."""
    if not _authenticated(user):
        return False
    if can_read_organisation(user, company.organisation_id):
        return True
    return user.is_exhibitor and user.company_id == company.pk


def can_edit_company(user, company: Company) -> bool:
    if not _authenticated(user):
        return False
    if can_manage_organisation(user, company.organisation_id):
        return True
    return user.is_exhibitor and user.company_id == company.pk


def can_edit_company_internal_notes(user, company: Company) -> bool:
    """Internal notes are the agency's own: operators only."""
    return can_manage_organisation(user, company.organisation_id)


def visible_participations(user) -> QuerySet[Participation]:
    """Participations the user may read: staff all of the organisation's; others
    the catalogue's (selected/confirmed) and an exhibitor its own."""
    if not _authenticated(user) or user.organisation_id is None:
        return Participation.objects.none()
    in_org = Participation.objects.filter(edition__show__organisation_id=user.organisation_id)
    if user.is_staff_reader:
        return in_org
    condition = Q(status__in=CATALOGUE_STATUSES)
    if user.is_exhibitor:
        condition |= Q(company_id=user.company_id)
    if user.is_exhibitor or user.is_partner_contact:
        return in_org.filter(condition)
    return Participation.objects.none()


# --- partners ----------------------------------------------------------------


def visible_partners(user) -> QuerySet[Partner]:
    """Staff see all the organisation's partners; exhibitors see their public
    profiles (to request meetings); a partner user sees only its own."""
    if not _authenticated(user) or user.organisation_id is None:
        return Partner.objects.none()
    in_org = Partner.objects.filter(organisation_id=user.organisation_id)
    if user.is_staff_reader or user.is_exhibitor:
        return in_org
    if user.is_partner_contact:
        return in_org.filter(pk=user.partner_id)
    return Partner.objects.none()


def can_view_partner_private(user, partner: Partner) -> bool:
    """Contacts' details and notes: the partner's own users and staff."""
    if not _authenticated(user):
        return False
    if can_read_organisation(user, partner.organisation_id):
        return True
    return user.is_partner_contact and user.partner_id == partner.pk


def can_edit_partner(user, partner: Partner) -> bool:
    if not _authenticated(user):
        return False
    if can_manage_organisation(user, partner.organisation_id):
        return True
    return user.is_partner_contact and user.partner_id == partner.pk


def visible_contacts(user) -> QuerySet[Contact]:
    """Contacts are personal data: staff and the partner's own users only."""
    if not _authenticated(user) or user.organisation_id is None:
        return Contact.objects.none()
    in_org = Contact.objects.filter(partner__organisation_id=user.organisation_id)
    if user.is_staff_reader:
        return in_org
    if user.is_partner_contact:
        return in_org.filter(partner_id=user.partner_id)
    return Contact.objects.none()


# --- records between a company and a partner (consultations, meetings…) -----


def visible_between_parties(user, queryset: QuerySet, *, organisation_path: str) -> QuerySet:
    """Records that involve one company and one partner: staff read all of their
    organisation's, an exhibitor its company's, a partner user its partner's."""
    if not _authenticated(user) or user.organisation_id is None:
        return queryset.none()
    in_org = queryset.filter(**{organisation_path: user.organisation_id})
    if user.is_staff_reader:
        return in_org
    if user.is_exhibitor:
        return in_org.filter(company_id=user.company_id)
    if user.is_partner_contact:
        return in_org.filter(partner_id=user.partner_id)
    return queryset.none()


# --- imports and exports -----------------------------------------------------


def can_import(user) -> bool:
    return is_operator(user)


def can_export(user) -> bool:
    return is_staff_reader(user)
