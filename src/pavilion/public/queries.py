"""What anyone on the internet may read of an edition: its public page.

Everything here is read without a user. Each function returns public fields
only (``Company.PUBLIC_FIELDS`` and the like); the page never receives a
record it could leak a private field of. The operators choose per edition
what is public (``Edition.public_*``).
"""

from django.db.models import QuerySet

from pavilion.companies.models import Award, Company, ParticipationStatus
from pavilion.shows.models import Edition

# Only confirmed companies are on the public page: an application, a
# selection not yet confirmed or a withdrawal is the organisation's business.
PUBLIC_PARTICIPATION_STATUSES = (ParticipationStatus.CONFIRMED,)


def public_editions() -> QuerySet[Edition]:
    return Edition.objects.filter(public_page=True).select_related("show__organisation")


def latest_public_edition() -> Edition | None:
    """The edition ``/`` shows an anonymous visitor: the most recent public one."""
    return public_editions().order_by("-start_date", "-pk").first()


def public_companies(edition: Edition) -> list[Company]:
    if not edition.public_companies:
        return []
    return list(
        Company.objects.filter(
            participations__edition=edition,
            participations__status__in=PUBLIC_PARTICIPATION_STATUSES,
            organisation_id=edition.show.organisation_id,
        )
        .only(*[f for f in Company.PUBLIC_FIELDS if f != "sectors"])
        .prefetch_related("sectors")
        .distinct()
        .order_by("name_en")
    )


def public_awards(edition: Edition) -> list[Award]:
    if not edition.public_awards:
        return []
    return list(
        Award.objects.filter(
            participation__edition=edition,
            participation__status__in=PUBLIC_PARTICIPATION_STATUSES,
        )
        .select_related("participation__company")
        .order_by("kind", "category", "product")
    )


def public_pitches(edition: Edition):
    """The stage agenda, when its operators made it public (the stage page's switch)."""
    from pavilion.stage.models import PitchSession

    if not edition.stage_agenda_public:
        return []
    return list(
        PitchSession.objects.filter(stage__edition=edition)
        .select_related("stage", "company")
        .order_by("start", "stage__name")
    )


def published_call(edition: Edition):
    """The edition's call for participation when the operators show it on the
    public page, open or not (the page then says when it opens or that it closed)."""
    from pavilion.planning.models import CallForParticipation

    if not edition.public_call:
        return None
    return CallForParticipation.objects.filter(edition=edition).first()


def public_call(edition: Edition):
    """The call for participation while it is open and the operators show it."""
    cfp = published_call(edition)
    return cfp if cfp is not None and cfp.is_open() else None
