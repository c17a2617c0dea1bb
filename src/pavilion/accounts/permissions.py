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
- agency: the city's investment agency; manages the organisation's funds
  and reads every company's public profile (see the funds section).

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

    Staff and the investment agency: all of the organisation's companies.
    Exhibitors and partners: the companies taking part (selected or
    confirmed) in the organisation's editions, and an exhibitor always its
    own company.
    """
    if not _authenticated(user) or user.organisation_id is None:
        return Company.objects.none()
    in_org = Company.objects.filter(organisation_id=user.organisation_id)
    # The investment agency may invest in any of the organisation's companies.
    if user.is_staff_reader or user.is_agency:
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


def can_export_everything(user) -> bool:
    """The whole organisation in one ZIP (core/everything.py): its operators only.

    Officials read every page and export each kind, but the ZIP also holds
    what only operators see — visitors' personal data (badges), the audit
    trail, reviewers' scores, every account and e-mail sent — so it follows
    the strictest of the exports (visitors' badges), not the broadest. Tables
    with a reader of their own (the funds: can_read_funds) are left out for
    an operator who may not read them.
    """
    return is_operator(user) and user.organisation_id is not None


# --- funds (the city's investment agency) ------------------------------------
#
# Fund data is the agency's: its own users manage it; an operator reads it
# only with the ``funds.view_fund`` permission and changes it only with
# ``funds.change_fund`` (granted in the admin, e.g. through a group). Officials
# and partners see none of it; a company sees the investments in itself.


def can_read_funds(user) -> bool:
    if not _authenticated(user) or user.organisation_id is None:
        return False
    return user.is_agency or (user.is_operator and user.has_perm("funds.view_fund"))


def can_manage_funds(user) -> bool:
    if not _authenticated(user) or user.organisation_id is None:
        return False
    return user.is_agency or (user.is_operator and user.has_perm("funds.change_fund"))


def visible_funds(user) -> QuerySet:
    from pavilion.funds.models import Fund

    if not can_read_funds(user):
        return Fund.objects.none()
    return Fund.objects.filter(organisation_id=user.organisation_id)


def can_manage_fund(user, fund) -> bool:
    return can_manage_funds(user) and fund.organisation_id == user.organisation_id


def visible_investments(user) -> QuerySet:
    """Fund readers: every investment of their funds; an exhibitor: those in its company."""
    from pavilion.funds.models import Investment

    if can_read_funds(user):
        return Investment.objects.filter(fund__organisation_id=user.organisation_id)
    if _authenticated(user) and user.is_exhibitor:
        return Investment.objects.filter(
            company_id=user.company_id, fund__organisation_id=user.organisation_id
        )
    return Investment.objects.none()


def can_view_investment_notes(user, investment) -> bool:
    """The agency's notes on a deal are not shown to the company."""
    return can_read_funds(user) and investment.fund.organisation_id == user.organisation_id


# --- scanning: badges, devices, leads (issue #5) -----------------------------


def visible_badges(user) -> QuerySet:
    """Badges whose personal data the user may read: operators all of their
    organisation's; an exhibitor those its company scanned (its leads)."""
    from pavilion.scanning.models import Badge

    if not _authenticated(user) or user.organisation_id is None:
        return Badge.objects.none()
    in_org = Badge.objects.filter(edition__show__organisation_id=user.organisation_id)
    if user.is_operator:
        return in_org
    if user.is_exhibitor:
        return in_org.filter(leads__company_id=user.company_id).distinct()
    return Badge.objects.none()


def can_manage_badges(user, edition: Edition) -> bool:
    return can_manage_edition(user, edition)


def can_erase_visitor(user, badge) -> bool:
    return can_manage_organisation(user, badge.edition.show.organisation_id)


def visible_leads(user) -> QuerySet:
    """Leads: staff read their organisation's; an exhibitor only its own company's."""
    from pavilion.scanning.models import Lead

    if not _authenticated(user) or user.organisation_id is None:
        return Lead.objects.none()
    in_org = Lead.objects.filter(edition__show__organisation_id=user.organisation_id)
    if user.is_operator:
        return in_org
    if user.is_exhibitor:
        return in_org.filter(company_id=user.company_id)
    return Lead.objects.none()


def can_edit_lead(user, lead) -> bool:
    if not _authenticated(user):
        return False
    if can_manage_organisation(user, lead.edition.show.organisation_id):
        return True
    return user.is_exhibitor and user.company_id == lead.company_id


def visible_scan_devices(user) -> QuerySet:
    """Devices: operators all of their organisation's; an exhibitor its company's."""
    from pavilion.scanning.models import ScanDevice

    if not _authenticated(user) or user.organisation_id is None:
        return ScanDevice.objects.none()
    in_org = ScanDevice.objects.filter(edition__show__organisation_id=user.organisation_id)
    if user.is_operator:
        return in_org
    if user.is_exhibitor:
        return in_org.filter(company_id=user.company_id)
    return ScanDevice.objects.none()


def can_register_scan_device(user, edition: Edition, company=None) -> bool:
    """Operators register entrance and booth devices; an exhibitor only its own
    company's booth devices, for an edition it takes part in."""
    if can_manage_edition(user, edition):
        return company is None or company.organisation_id == edition.show.organisation_id
    return bool(
        _authenticated(user)
        and user.is_exhibitor
        and company is not None
        and company.pk == user.company_id
        and Participation.objects.filter(
            company=company, edition=edition, status__in=CATALOGUE_STATUSES
        ).exists()
    )


def can_use_scan_device(user, device) -> bool:
    return visible_scan_devices(user).filter(pk=device.pk, revoked=False).exists()


# --- planning the next edition (issue #6): calls, applications, reviews, stage ---
#
# Who reviews: the organisation's operators, and officials an operator invites
# as reviewers of a call. A reviewer with a conflict of interest on an
# application neither sees it nor scores it. A company sees its own
# applications and their decision, never a review or a score.


def _conflicted_ids(user):
    from pavilion.planning.models import ConflictOfInterest

    return ConflictOfInterest.objects.filter(reviewer=user).values("application_id")


def is_reviewer(user, cfp) -> bool:
    if not _authenticated(user) or user.organisation_id != cfp.edition.show.organisation_id:
        return False
    if user.is_operator:
        return True
    return user.is_official and cfp.reviewers.filter(pk=user.pk).exists()


def can_manage_cfp(user, cfp) -> bool:
    return can_manage_edition(user, cfp.edition)


def visible_calls(user):
    """Calls of the organisation's editions: everyone signed in may read them."""
    from pavilion.planning.models import CallForParticipation

    return CallForParticipation.objects.filter(edition__in=visible_editions(user)).select_related(
        "edition__show", "pavilion"
    )


def visible_applications(user):
    """Staff: submitted (and withdrawn) applications they are not conflicted on.
    Exhibitors: their own company's, drafts included. Partners: none."""
    from pavilion.planning.models import Application, ApplicationState

    if not _authenticated(user) or user.organisation_id is None:
        return Application.objects.none()
    in_org = Application.objects.filter(cfp__edition__show__organisation_id=user.organisation_id)
    if user.is_staff_reader:
        return in_org.exclude(state=ApplicationState.DRAFT).exclude(pk__in=_conflicted_ids(user))
    if user.is_exhibitor:
        return in_org.filter(company_id=user.company_id)
    return Application.objects.none()


def can_apply(user, cfp, company) -> bool:
    return (
        _authenticated(user)
        and user.is_exhibitor
        and user.company_id == company.pk
        and company.organisation_id == cfp.edition.show.organisation_id
        and cfp.is_open()
    )


def can_edit_application(user, application) -> bool:
    """The company edits its draft, or its submission until the deadline."""
    from pavilion.planning.models import ApplicationState

    return (
        _authenticated(user)
        and user.is_exhibitor
        and user.company_id == application.company_id
        and application.state != ApplicationState.WITHDRAWN
        and application.cfp.is_open()
    )


def can_review(user, application) -> bool:
    from pavilion.planning.models import ApplicationState

    return (
        application.state == ApplicationState.SUBMITTED
        and is_reviewer(user, application.cfp)
        and not application.conflicts.filter(reviewer=user).exists()
    )


def applications_with_visible_scores(user):
    """Applications whose scores (the reviews and the aggregate score) the user may
    see. Operators: all of their organisation's. Any other staff reader (an invited
    official): only those they have scored themselves and are not conflicted on, so
    nobody anchors on another's scores. Companies and partners: none. (Ranks are
    the operators' alone: see ``planning.services.ranking_for``.)

    The one rule behind the application page, the ranking page and the API."""
    from pavilion.planning.models import Application, Review

    if not is_staff_reader(user) or user.organisation_id is None:
        return Application.objects.none()
    in_org = Application.objects.filter(cfp__edition__show__organisation_id=user.organisation_id)
    if user.is_operator:
        return in_org
    reviewed = Review.objects.filter(reviewer=user).values("application_id")
    return in_org.filter(pk__in=reviewed).exclude(pk__in=_conflicted_ids(user))


def visible_reviews(user):
    """Reviews of applications the user may see: their own, and the others' where
    :func:`applications_with_visible_scores` allows. Companies and partners: none."""
    from pavilion.planning.models import Review

    if not _authenticated(user) or not user.is_staff_reader:
        return Review.objects.none()
    of_visible = Review.objects.filter(application__in=visible_applications(user))
    if user.is_operator:
        return of_visible
    return of_visible.filter(
        Q(reviewer=user) | Q(application__in=applications_with_visible_scores(user))
    )


def visible_exhibitor_entries(user):
    """The show's exhibitor list and its matches: staff only."""
    from pavilion.planning.models import ExhibitorListEntry

    if not is_staff_reader(user):
        return ExhibitorListEntry.objects.none()
    return ExhibitorListEntry.objects.filter(edition__in=visible_editions(user))


def visible_invitations(user):
    """Staff: all of the organisation's; an exhibitor: its company's."""
    from pavilion.planning.models import Invitation

    if not _authenticated(user) or user.organisation_id is None:
        return Invitation.objects.none()
    in_org = Invitation.objects.filter(edition__in=visible_editions(user))
    if user.is_staff_reader:
        return in_org
    if user.is_exhibitor:
        return in_org.filter(company_id=user.company_id)
    return Invitation.objects.none()


def visible_stages(user):
    from pavilion.stage.models import Stage

    return Stage.objects.filter(edition__in=visible_editions(user))


def visible_pitch_sessions(user):
    """Every pitch of the organisation's editions, for everyone signed in to it."""
    from pavilion.stage.models import PitchSession

    return PitchSession.objects.filter(stage__in=visible_stages(user))


def stage_agenda_editions(user) -> QuerySet[Edition]:
    """Editions whose stage agenda the user may read: their organisation's, and
    any edition whose operators made its agenda public (for anyone, signed in
    or not). Reading only: acting on a pitch goes through visible_pitch_sessions."""
    return Edition.objects.filter(
        Q(pk__in=visible_editions(user).values("pk")) | Q(stage_agenda_public=True)
    ).select_related("show")


def stage_agenda_sessions(user, edition: Edition):
    """The pitches listed on the edition's stage agenda for this user."""
    from pavilion.stage.models import PitchSession

    if visible_editions(user).filter(pk=edition.pk).exists():
        return visible_pitch_sessions(user).filter(stage__edition=edition)
    if edition.stage_agenda_public:
        return PitchSession.objects.filter(stage__edition=edition)
    return PitchSession.objects.none()


# --- people: users and invitations (issue #11) ---------------------------------


def can_manage_users(user, organisation_id) -> bool:
    """Operators manage the people of their own organisation (users page, invitations)."""
    return can_manage_organisation(user, organisation_id)


def visible_users(user):
    """The people an operator manages: everyone of their organisation."""
    from pavilion.accounts.models import User

    if not is_operator(user):
        return User.objects.none()
    return User.objects.filter(organisation_id=user.organisation_id)


def visible_person_invitations(user):
    from pavilion.accounts.models import PersonInvitation

    if not is_operator(user):
        return PersonInvitation.objects.none()
    return PersonInvitation.objects.filter(organisation_id=user.organisation_id)


def can_invite(user, *, role: str, organisation_id, company=None) -> bool:
    """Operators invite anyone to their organisation; a company member invites
    colleagues to their own company only."""
    if can_manage_users(user, organisation_id):
        return True
    return (
        _authenticated(user)
        and user.is_exhibitor
        and role == "exhibitor"
        and company is not None
        and company.pk == user.company_id
        and organisation_id == company.organisation_id
    )
