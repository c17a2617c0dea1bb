"""Manual visitor headcounts and the post-show company survey."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pavilion.accounts import permissions
from pavilion.companies.models import Participation, ParticipationStatus
from pavilion.consultations.models import SurveyResponse, Tally
from pavilion.core import audit


@transaction.atomic
def record_tally(*, actor, edition, day, place: str, count: int, note: str = "") -> Tally:
    """Set the headcount of a place on a show day (a second entry replaces the first).

    Side effects: one Tally created or updated, one audit entry.
    """
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    place = (place or "").strip()
    errors = {}
    if day not in edition.days:
        errors["day"] = _("The day is not one of the show's days.")
    if not place:
        errors["place"] = _("Say where the visitors were counted.")
    if count is None or count < 0:
        errors["count"] = _("The count must be zero or more.")
    if errors:
        raise ValidationError(errors)
    tally, created = Tally.objects.update_or_create(
        edition=edition,
        day=day,
        place=place,
        defaults={"count": count, "note": note, "counted_by": actor},
    )
    audit.record(
        actor=actor,
        action="visitors.tallied",
        obj=tally,
        organisation=edition.show.organisation,
        count=count,
        replaced=not created,
    )
    return tally


def survey_participation(user, edition) -> Participation | None:
    """The exhibitor's confirmed participation in the edition: what its survey answer is about."""
    if not (user.is_authenticated and user.is_exhibitor):
        return None
    return Participation.objects.filter(
        company_id=user.company_id, edition=edition, status=ParticipationStatus.CONFIRMED
    ).first()


@transaction.atomic
def submit_survey(
    *, actor, participation, satisfaction: int, would_return: bool | None, comments: str = ""
) -> SurveyResponse:
    """A company's post-show answer; answering again replaces it. Side effects: row, audit."""
    if not (actor.is_exhibitor and actor.company_id == participation.company_id):
        raise PermissionDenied
    if satisfaction not in range(1, 6):
        raise ValidationError({"satisfaction": _("Choose a score from 1 to 5.")})
    response, _created = SurveyResponse.objects.update_or_create(
        participation=participation,
        defaults={
            "satisfaction": satisfaction,
            "would_return": would_return,
            "comments": comments,
        },
    )
    audit.record(
        actor=actor,
        action="survey.answered",
        obj=response,
        organisation=participation.company.organisation,
    )
    return response
