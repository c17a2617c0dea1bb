"""Writes of the pitching stage, with the checks that keep a company in one place at a time.

A session may not overlap another session on the same stage, another pitch
of the same company, nor one of the company's live meetings; the meetings'
booking refuses a slot that overlaps the company's pitch (see
:func:`pavilion.meetings.services._check_booking`) and the scheduler treats
pitch times as unavailable.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.accounts import permissions
from pavilion.companies.models import Participation, ParticipationStatus
from pavilion.core import audit
from pavilion.meetings.models import LIVE, Meeting
from pavilion.meetings.services import BookingConflict
from pavilion.stage.models import PitchLanguage, PitchSession, Stage

SESSION_FIELDS = ("title", "language", "presenter")
# Who may pitch: companies selected for, or confirmed in, the edition.
PITCHING_STATUSES = (ParticipationStatus.SELECTED, ParticipationStatus.CONFIRMED)


class StageConflict(BookingConflict):
    MESSAGES = {
        "stage_taken": gettext_lazy("Another pitch is on this stage at that time."),
        "company_on_stage": gettext_lazy("The company already pitches at that time."),
        "company_in_meeting": gettext_lazy("The company has a meeting at that time."),
        "conflict": gettext_lazy("The session cannot be scheduled at that time."),
    }


def overlapping_sessions(edition, *, company, start, end):
    return PitchSession.objects.filter(
        stage__edition=edition, company=company, start__lt=end, end__gt=start
    )


@transaction.atomic
def add_stage(*, actor, edition, name, location="") -> Stage:
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    stage = Stage(edition=edition, name=name, location=location)
    stage.full_clean()
    stage.save()
    audit.record(
        actor=actor, action="stage.added", obj=stage, organisation=edition.show.organisation
    )
    return stage


@transaction.atomic
def set_agenda_public(*, actor, edition, public: bool):
    """Open the stage agenda to anyone with its link, or close it to the
    organisation again. Side effects: the edition saved, audit."""
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    edition.stage_agenda_public = bool(public)
    edition.save(update_fields=["stage_agenda_public"])
    audit.record(
        actor=actor,
        action="stage.agenda_published" if public else "stage.agenda_unpublished",
        obj=edition,
        organisation=edition.show.organisation,
    )
    return edition


def _check(session, *, exclude=None):
    edition = session.stage.edition
    if session.end <= session.start:
        raise ValidationError({"end": _("The end is before the start.")})
    if problem := edition.show_day_problem(session.start):
        raise ValidationError({"start": problem})
    if session.language not in PitchLanguage.values:
        raise ValidationError({"language": _("Unknown language.")})
    if not session.title.strip():
        raise ValidationError({"title": _("Give the pitch a title.")})
    if not Participation.objects.filter(
        edition=edition,
        company=session.company,
        status__in=PITCHING_STATUSES,
    ).exists():
        raise ValidationError({"company": _("The company does not take part in this edition.")})
    others = PitchSession.objects.exclude(pk=exclude.pk if exclude else None)
    # Lock the stage so two concurrent bookings of one time cannot both pass the check.
    Stage.objects.select_for_update().filter(pk=session.stage_id).first()
    if others.filter(stage=session.stage, start__lt=session.end, end__gt=session.start).exists():
        raise StageConflict("stage_taken")
    if others.filter(
        stage__edition=edition,
        company=session.company,
        start__lt=session.end,
        end__gt=session.start,
    ).exists():
        raise StageConflict("company_on_stage")
    if Meeting.objects.filter(
        LIVE,
        edition=edition,
        company=session.company,
        slot__start__lt=session.end,
        slot__end__gt=session.start,
    ).exists():
        raise StageConflict("company_in_meeting")


@transaction.atomic
def schedule_pitch(*, actor, stage, company, start, end, **values) -> PitchSession:
    """Put a company's pitch on a stage. Side effects: a PitchSession, audit."""
    if not permissions.can_manage_edition(actor, stage.edition):
        raise PermissionDenied
    if company.organisation_id != stage.edition.show.organisation_id:
        raise PermissionDenied
    unknown = set(values) - set(SESSION_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in unknown})
    session = PitchSession(stage=stage, company=company, start=start, end=end, **values)
    _check(session)
    session.save()
    audit.record(
        actor=actor,
        action="stage.pitch_scheduled",
        obj=session,
        organisation=stage.edition.show.organisation,
    )
    return session


@transaction.atomic
def move_pitch(*, actor, session, start, end, stage=None) -> PitchSession:
    if not permissions.can_manage_edition(actor, session.stage.edition):
        raise PermissionDenied
    if stage is not None and stage.edition_id != session.stage.edition_id:
        raise ValidationError({"stage": _("The stage belongs to another edition.")})
    session.stage = stage or session.stage
    session.start, session.end = start, end
    _check(session, exclude=session)
    session.save()
    audit.record(
        actor=actor,
        action="stage.pitch_moved",
        obj=session,
        organisation=session.stage.edition.show.organisation,
    )
    return session


@transaction.atomic
def cancel_pitch(*, actor, session) -> None:
    if not permissions.can_manage_edition(actor, session.stage.edition):
        raise PermissionDenied
    audit.record(
        actor=actor,
        action="stage.pitch_cancelled",
        obj=session,
        organisation=session.stage.edition.show.organisation,
    )
    session.delete()


@transaction.atomic
def record_pitch_consultation(
    *, actor, session, partner=None, kind: str = "", amount=None, currency: str = ""
):
    """A buyer or investor who talked to the company after its pitch: a consultation
    with source "pitch", linked to the session.

    Checked like a booth lead's (consultations.services.check_consultation_from):
    the buyer or investor must be chosen, ``kind`` defaults to "other",
    ``amount`` (optional, text as typed or Decimal) is in ``currency``, by
    default the edition's reporting currency; every problem at once, by field.
    """
    from pavilion.consultations import services as consultation_services
    from pavilion.consultations.models import ConsultationKind

    edition = session.stage.edition
    if not consultation_services.can_log_consultation(
        actor, company=session.company, edition=edition
    ):
        raise PermissionDenied
    kind, amount, currency = consultation_services.check_consultation_from(
        partner=partner,
        kind=kind,
        amount=amount,
        currency=currency,
        default_kind=ConsultationKind.OTHER,
        default_currency=consultation_services.default_currency(edition),
        partner_missing=_("Choose the buyer or investor who talked to the company."),
    )
    consultation = consultation_services.log_consultation(
        actor=actor,
        edition=edition,
        company=session.company,
        partner=partner,
        kind=kind,
        occurred_at=session.end,
        currency=currency,
        amount=amount,
        source="pitch",
    )
    session.consultations.add(consultation)
    return consultation
