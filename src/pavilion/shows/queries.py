"""Reads about editions shared by pages, the API and reports."""

from django.db.models import Count, Q
from django.utils import timezone
from django_countries import countries

from pavilion.accounts import permissions
from pavilion.companies.models import Award, Participation, ParticipationStatus
from pavilion.partners.models import INVESTOR_KINDS, Partner, PartnerKind
from pavilion.shows.models import Edition, Pavilion


def current_edition(user) -> Edition | None:
    """The edition a user most likely wants.

    An exhibitor: the latest its company took part in. Others: the running or
    next edition; failing that the latest with confirmed companies (the
    last one held), failing that the latest.
    """
    editions = permissions.visible_editions(user)
    if user.is_exhibitor:
        mine = editions.filter(
            participations__company_id=user.company_id,
            participations__status=ParticipationStatus.CONFIRMED,
        )
        return mine.order_by("-start_date").first() or editions.order_by("-start_date").first()
    if user.is_partner_contact:
        # A buyer or investor: the latest edition it asked for or holds meetings in.
        from pavilion.meetings.models import Meeting, MeetingRequest

        active = editions.filter(
            Q(pk__in=MeetingRequest.objects.filter(partner_id=user.partner_id).values("edition"))
            | Q(pk__in=Meeting.objects.filter(partner_id=user.partner_id).values("edition"))
        )
        if latest := active.order_by("-start_date").first():
            return latest
    today = timezone.localdate()
    upcoming = editions.filter(end_date__gte=today).order_by("start_date").first()
    held = editions.filter(participations__status=ParticipationStatus.CONFIRMED).distinct()
    return (
        upcoming or held.order_by("-start_date").first() or editions.order_by("-start_date").first()
    )


def landing_edition(user) -> Edition | None:
    """Where staff land: the most recent edition that has been held and has results
    (consultations logged), not a planning edition full of zeros; None sends them
    to the list of editions."""
    return (
        permissions.visible_editions(user)
        .filter(start_date__lte=timezone.localdate(), consultations__isnull=False)
        .distinct()
        .order_by("-start_date")
        .first()
    )


def edition_overview(edition: Edition) -> dict:
    """Figures for the operator's edition dashboard, in a fixed number of queries."""
    by_status = dict(
        Participation.objects.filter(edition=edition)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    statuses = [
        (value, label, by_status.get(value, 0)) for value, label in ParticipationStatus.choices
    ]
    confirmed = Participation.objects.filter(edition=edition, status=ParticipationStatus.CONFIRMED)
    pavilions = (
        Pavilion.objects.filter(edition=edition)
        .annotate(
            booth_count=Count("booths", distinct=True),
            occupied=Count(
                "booths",
                filter=Q(booths__participations__status=ParticipationStatus.CONFIRMED),
                distinct=True,
            ),
        )
        .order_by("name")
    )
    awards = (
        Award.objects.filter(
            participation__edition=edition,
            participation__status=ParticipationStatus.CONFIRMED,
        )
        .select_related("participation__company")
        .order_by("participation__company__name_en", "category")
    )
    partners = Partner.objects.filter(organisation_id=edition.show.organisation_id)
    partners_by_kind = [
        (PartnerKind(row["kind"]).label, row["n"])
        for row in partners.values("kind").annotate(n=Count("id")).order_by("-n", "kind")
    ]
    partners_by_country = [
        (countries.name(row["country"]) or row["country"], row["n"])
        for row in partners.values("country").annotate(n=Count("id")).order_by("-n", "country")
    ]
    return {
        "statuses": statuses,
        "confirmed_count": by_status.get(ParticipationStatus.CONFIRMED, 0),
        "pavilions": pavilions,
        "awards": awards,
        "award_company_count": awards.values("participation__company").distinct().count(),
        "award_count": awards.count(),
        "partner_count": partners.count(),
        "partners_by_kind": partners_by_kind,
        "partners_by_country": partners_by_country,
        "investor_count": partners.filter(kind__in=INVESTOR_KINDS).count(),
        "unbooked_confirmed": confirmed.filter(booth__isnull=True).count(),
    }
