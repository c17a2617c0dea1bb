"""Manual visitor headcounts and the post-show company survey."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pavilion.accounts import permissions
from pavilion.companies.models import Participation, ParticipationStatus
from pavilion.consultations.models import SurveyResponse, Tally
from pavilion.core import audit, bounds

# A headcount of one place on one day: no pavilion comes near a million, and a
# typo of extra digits must not become the report's visitor figure.
MAX_COUNT = bounds.MAX_COUNT


def count_problem(count) -> str | None:
    if count is None or not 0 <= count <= MAX_COUNT:
        return _("Give the headcount as a whole number from 0 to %(max)s.") % {
            "max": f"{MAX_COUNT:,}"
        }
    return None


def _tally_problems(edition, *, day, place: str, count, note) -> dict[str, str]:
    """What is wrong with a headcount, by field: one set of rules for recording
    and correcting one."""
    errors = {}
    if day not in edition.days:
        errors["day"] = _("The day is not one of the show's days.")
    if not place:
        errors["place"] = _("Say where the visitors were counted.")
    if problem := count_problem(count):
        errors["count"] = problem
    too_long = {
        "place": _("The place is longer than %(n)s characters."),
        "note": _("The note is longer than %(n)s characters."),
    }
    for name, value in (("place", place), ("note", note or "")):
        limit = Tally._meta.get_field(name).max_length
        if len(value) > limit:
            errors[name] = too_long[name] % {"n": limit}
    return errors


@transaction.atomic
def record_tally(*, actor, edition, day, place: str, count: int, note: str = "") -> Tally:
    """Set the headcount of a place on a show day (a second entry replaces the first).

    Side effects: one Tally created or updated, one audit entry.
    """
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    place = (place or "").strip()
    if errors := _tally_problems(edition, day=day, place=place, count=count, note=note):
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


@transaction.atomic
def correct_tally(*, actor, tally: Tally, **changes) -> Tally:
    """Correct a tally's day, place, count or note.

    Moving it onto a place and day that already has a count is refused, naming
    them (that count is the one to correct). Side effects: save, one audit
    entry with the old and new values.
    """
    edition = tally.edition
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    unknown = set(changes) - {"day", "place", "count", "note"}
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    if "place" in changes:
        changes["place"] = (changes["place"] or "").strip()
    before = {name: getattr(tally, name) for name in changes}
    for name, value in changes.items():
        setattr(tally, name, value)
    errors = _tally_problems(
        edition, day=tally.day, place=tally.place, count=tally.count, note=tally.note
    )
    clash = (
        Tally.objects.filter(edition=edition, day=tally.day, place=tally.place)
        .exclude(pk=tally.pk)
        .exists()
    )
    if clash and not errors:
        errors["place"] = _(
            "%(place)s already has a count on %(day)s: correct that one instead."
        ) % {"place": tally.place, "day": tally.day.isoformat()}
    if not errors:
        try:
            tally.full_clean(validate_constraints=False)
        except ValidationError as exc:
            errors = exc.message_dict
    if errors:
        raise ValidationError(errors)
    tally.counted_by = actor
    tally.save()
    audit.record(
        actor=actor,
        action="visitors.tally_corrected",
        obj=tally,
        organisation=edition.show.organisation,
        before={k: str(v) for k, v in before.items()},
        after={k: str(getattr(tally, k)) for k in changes},
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
