"""Writes of the call for participation: applications, reviews, conflicts, decisions.

Each function is keyword-only with an explicit ``actor``, runs in one
transaction, checks permissions through ``accounts.permissions`` and leaves
an audit entry. Emails go out after the commit.
"""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pavilion.accounts import permissions
from pavilion.companies.models import Participation, ParticipationStatus
from pavilion.core import audit, datetimes
from pavilion.planning import notify, ranking
from pavilion.planning.models import (
    Application,
    ApplicationState,
    CallForParticipation,
    ConflictOfInterest,
    Criterion,
    Decision,
    Review,
    Score,
)

# What a company may write on its application (forms and the API use the same list).
APPLICATION_FIELDS = (
    "product",
    "pitch",
    "target_markets",
    "seeks_buyers",
    "seeks_investors",
    "seeks_partners",
    "award_entry",
    "booth_area_m2",
)


def _org(cfp):
    return cfp.edition.show.organisation


# --- the call and its rubric ---------------------------------------------------


def call_date_errors(edition, *, opens_at, deadline, review_deadline=None) -> dict:
    """The call opens before its deadline, and applications close (and are reviewed)
    before the show starts, midnight of its first day in the show's time zone."""
    show_starts = datetime.combine(edition.start_date, time.min, tzinfo=edition.tzinfo)
    local_start = datetimes.format_date(edition.start_date)
    errors = {}
    if deadline <= opens_at:
        errors["deadline"] = [_("The deadline must be after the call opens.")]
    elif deadline > show_starts:
        errors["deadline"] = [
            _("The deadline must be before the show starts (%(date)s).") % {"date": local_start}
        ]
    if review_deadline is not None:
        if review_deadline < deadline:
            errors["review_deadline"] = [_("The reviews end before applications close.")]
        elif review_deadline > show_starts:
            errors["review_deadline"] = [
                _("The reviews must end before the show starts (%(date)s).") % {"date": local_start}
            ]
    return errors


@transaction.atomic
def open_call(*, actor, edition, pavilion, title, opens_at, deadline, capacity, **extra):
    """Create (or update) the edition's call. Side effects: save, audit."""
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    if pavilion.edition_id != edition.pk:
        raise ValidationError({"pavilion": _("The pavilion belongs to another edition.")})
    errors = call_date_errors(
        edition,
        opens_at=opens_at,
        deadline=deadline,
        review_deadline=extra.get("review_deadline"),
    )
    if errors:
        raise ValidationError(errors)
    cfp, _created = CallForParticipation.objects.update_or_create(
        edition=edition,
        defaults={
            "pavilion": pavilion,
            "title": title,
            "opens_at": opens_at,
            "deadline": deadline,
            "capacity": capacity,
            **extra,
        },
    )
    cfp.full_clean()
    audit.record(actor=actor, action="planning.call_saved", obj=cfp, organisation=_org(cfp))
    return cfp


@transaction.atomic
def add_criterion(*, actor, cfp, name_en, weight, max_score=5, name_ko="", description=""):
    """Add a criterion to the rubric. Side effects: save, audit."""
    if not permissions.can_manage_cfp(actor, cfp):
        raise PermissionDenied
    criterion = Criterion(
        cfp=cfp,
        name_en=name_en,
        name_ko=name_ko,
        description=description,
        weight=Decimal(str(weight)),
        max_score=max_score,
        order=cfp.criteria.count(),
    )
    criterion.full_clean()
    criterion.save()
    audit.record(
        actor=actor, action="planning.criterion_added", obj=criterion, organisation=_org(cfp)
    )
    return criterion


@transaction.atomic
def invite_reviewer(*, actor, cfp, user):
    """Invite an official of the organisation to review. Side effects: save, audit."""
    if not permissions.can_manage_cfp(actor, cfp):
        raise PermissionDenied
    if user.organisation_id != cfp.edition.show.organisation_id or not user.is_official:
        raise ValidationError({"reviewer": _("Invite an official of your organisation.")})
    cfp.reviewers.add(user)
    audit.record(
        actor=actor,
        action="planning.reviewer_invited",
        obj=cfp,
        organisation=_org(cfp),
        user=user.pk,
    )


# --- applications ----------------------------------------------------------------


# The largest booth area a company may ask for, in m².
MAX_BOOTH_AREA_M2 = Decimal(999)
SEEKS_FIELDS = ("seeks_buyers", "seeks_investors", "seeks_partners", "award_entry")


def booth_area_errors(value) -> list[str]:
    """A booth area, when given, is above 0 and at most MAX_BOOTH_AREA_M2."""
    if value is None:
        return []
    if value <= 0:
        return [_("Give a booth area above 0 m².")]
    if value > MAX_BOOTH_AREA_M2:
        return [_("Give a booth area of at most %(max)s m².") % {"max": MAX_BOOTH_AREA_M2}]
    return []


def submission_errors(values) -> dict[str, list[str]]:
    """What a submitted application lacks, every field at once (a draft may lack it):
    the product, the target markets, the booth area and at least one thing sought.
    ``values`` maps field names to values (an application's or a form's)."""
    errors = {}
    if not str(values.get("product") or "").strip():
        errors["product"] = [_("Name the product you will show.")]
    if not str(values.get("target_markets") or "").strip():
        errors["target_markets"] = [_("Name the markets you target.")]
    if values.get("booth_area_m2") is None:
        errors["booth_area_m2"] = [_("Give the booth area you need.")]
    if not any(values.get(name) for name in SEEKS_FIELDS):
        errors["seeks_buyers"] = [_("Say what you seek: buyers, investors, partners or awards.")]
    return errors


def _application_errors(application, *, submit: bool) -> dict[str, list[str]]:
    """Every error of the application at once: ours first, then the model's."""
    errors = {}
    if area := booth_area_errors(application.booth_area_m2):
        errors["booth_area_m2"] = area
    if submit:
        values = {name: getattr(application, name) for name in APPLICATION_FIELDS}
        for name, messages in submission_errors(values).items():
            errors.setdefault(name, messages)
    try:
        application.full_clean(
            exclude=["cfp", "company"] if submit else ["cfp", "company", "product"]
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages)
    return errors


@transaction.atomic
def save_application(*, actor, cfp, company, submit: bool = False, **values) -> Application:
    """Create or update the company's application; ``submit`` sends it to review.

    A draft may be incomplete; submission needs a product, target markets, a booth
    area and at least one thing the company seeks (:func:`submission_errors`).
    Every error is reported at once. Side effects: save, audit.
    """
    unknown = set(values) - set(APPLICATION_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in unknown})
    application = Application.objects.filter(cfp=cfp, company=company).first()
    if application is None:
        if not permissions.can_apply(actor, cfp, company):
            raise PermissionDenied(_("The call is not open for your company."))
        application = Application(cfp=cfp, company=company)
    elif not permissions.can_edit_application(actor, application):
        raise PermissionDenied(_("The application can no longer be changed."))
    was_submitted = application.state == ApplicationState.SUBMITTED
    for name, value in values.items():
        setattr(application, name, value)
    # A submitted application stays complete: changes to it are checked like a submission.
    submit = submit or application.state == ApplicationState.SUBMITTED
    errors = _application_errors(application, submit=submit)
    if errors:
        raise ValidationError(errors)
    if submit:
        application.state = ApplicationState.SUBMITTED
        application.submitted_at = application.submitted_at or timezone.now()
    application.save()
    audit.record(
        actor=actor,
        action="planning.application_submitted" if submit else "planning.application_saved",
        obj=application,
        organisation=_org(cfp),
    )
    if submit and not was_submitted:
        notify.application_received(actor=actor, application=application)
    return application


@transaction.atomic
def withdraw_application(*, actor, application) -> Application:
    if not permissions.can_edit_application(actor, application):
        raise PermissionDenied
    application.state = ApplicationState.WITHDRAWN
    application.save(update_fields=["state"])
    audit.record(
        actor=actor,
        action="planning.application_withdrawn",
        obj=application,
        organisation=_org(application.cfp),
    )
    return application


# --- conflicts of interest and reviews ------------------------------------------


@transaction.atomic
def mark_conflict(*, actor, application, reviewer, reason: str = "") -> ConflictOfInterest:
    """A reviewer declares a conflict, or an operator marks one for a reviewer.

    The reviewer's review of that application, if any, is deleted: a
    conflicted score must not count. Side effects: a row, maybe a deletion, audit.
    """
    own = actor.pk == reviewer.pk and permissions.is_reviewer(actor, application.cfp)
    if not (own or permissions.can_manage_cfp(actor, application.cfp)):
        raise PermissionDenied
    if not permissions.is_reviewer(reviewer, application.cfp):
        raise ValidationError({"reviewer": _("This person does not review this call.")})
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        application=application,
        reviewer=reviewer,
        defaults={"reason": reason, "marked_by": actor},
    )
    Review.objects.filter(application=application, reviewer=reviewer).delete()
    audit.record(
        actor=actor,
        action="planning.conflict_marked",
        obj=application,
        organisation=_org(application.cfp),
        reviewer=reviewer.pk,
    )
    return conflict


@transaction.atomic
def score_application(*, actor, application, scores: dict[int, int], comment: str = "") -> Review:
    """Record (or replace) the actor's scores, criterion id → value. Side effects: rows, audit."""
    if not permissions.can_review(actor, application):
        raise PermissionDenied(_("You may not review this application."))
    criteria = {c.pk: c for c in application.cfp.criteria.all()}
    errors = {}
    for criterion_id, value in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors[f"score_{criterion_id}"] = [_("Not a criterion of this call.")]
        elif value is None or not (0 <= value <= criterion.max_score):
            errors[f"score_{criterion_id}"] = [
                _("%(criterion)s: give a score from 0 to %(max)s.")
                % {"criterion": criterion.name, "max": criterion.max_score}
            ]
    missing = [c for pk, c in criteria.items() if scores.get(pk) is None]
    for criterion in missing:
        errors.setdefault(f"score_{criterion.pk}", [_("%s: give a score.") % criterion.name])
    if errors:
        raise ValidationError(errors)
    review, _created = Review.objects.update_or_create(
        application=application, reviewer=actor, defaults={"comment": comment}
    )
    review.scores.all().delete()
    Score.objects.bulk_create(
        Score(review=review, criterion_id=pk, value=value) for pk, value in scores.items()
    )
    audit.record(
        actor=actor, action="planning.scored", obj=application, organisation=_org(application.cfp)
    )
    return review


# --- ranking, selection, decisions ----------------------------------------------


def ranking_of(cfp) -> tuple[list[ranking.Ranked], ranking.Selection]:
    """The submitted applications ranked by weighted score, and the proposal for the capacity."""
    criteria = [ranking.CriterionWeight(c.pk, c.weight, c.max_score) for c in cfp.criteria.all()]
    submitted = cfp.applications.filter(state=ApplicationState.SUBMITTED)
    reviews: dict[int, list[dict[int, int]]] = {a.pk: [] for a in submitted}
    values: dict[int, dict[int, int]] = {}
    for score in Score.objects.filter(review__application__in=submitted).select_related("review"):
        values.setdefault(score.review_id, {})[score.criterion_id] = score.value
        values[score.review_id]["_app"] = score.review.application_id
    for review_values in values.values():
        app_id = review_values.pop("_app")
        reviews[app_id].append(review_values)
    ranked = ranking.rank(criteria, reviews)
    return ranked, ranking.select(ranked, cfp.capacity)


def ranking_for(user, cfp) -> tuple[list[dict], ranking.Selection]:
    """The ranking as ``user`` may see it: one row per submitted application with
    ``application_id``, ``rank``, ``score``, ``reviews``, ``proposed``, ``tied`` and
    ``score_visible``. The one rule behind the applications page and GET /ranking.

    Operators of the edition see it all: ranks, scores, the proposed selection and
    the ties, best first. Anyone else (an invited reviewer) sees no rank, no proposal
    and no tie, and the rows in order of submission, so neither a figure nor a gap
    nor the order tells where the others stand; the aggregate score only of the
    applications :func:`permissions.applications_with_visible_scores` allows (those
    they have scored and are not conflicted on).
    """
    ranked, proposal = ranking_of(cfp)
    if permissions.can_manage_cfp(user, cfp):
        rows = [
            {
                "application_id": r.application_id,
                "rank": r.rank,
                "score": r.score,
                "reviews": r.reviews,
                "proposed": r.application_id in proposal.selected,
                "tied": r.application_id in proposal.tied,
                "score_visible": True,
            }
            for r in ranked
        ]
        return rows, proposal
    revealed = set(
        permissions.applications_with_visible_scores(user)
        .filter(cfp=cfp)
        .values_list("pk", flat=True)
    )
    by_id = {r.application_id: r for r in ranked}
    order = (
        cfp.applications.filter(pk__in=by_id)
        .order_by("submitted_at", "pk")
        .values_list("pk", flat=True)
    )
    rows = []
    for pk in order:
        r, visible = by_id[pk], pk in revealed
        rows.append(
            {
                "application_id": pk,
                "rank": None,  # ranks are the operators'
                "score": r.score if visible else None,
                "reviews": r.reviews,
                "proposed": False,
                "tied": False,
                "score_visible": visible,
            }
        )
    return rows, ranking.Selection()


@transaction.atomic
def decide(*, actor, cfp, accepted: list[int], waitlisted: list[int] = ()) -> dict[str, int]:
    """Record the selection: ``accepted`` application ids are selected (at most the
    capacity), ``waitlisted`` wait, every other submitted application is not selected.

    Selected companies become confirmed participations in the call's pavilion.
    Side effects: decisions, participations, audit (emails: :func:`notify_decisions`).
    """
    if not permissions.can_manage_cfp(actor, cfp):
        raise PermissionDenied
    accepted, waitlisted = set(accepted), set(waitlisted) - set(accepted)
    if len(accepted) > cfp.capacity:
        raise ValidationError(
            {
                "accepted": _("%(n)s selected but the pavilion has room for %(capacity)s.")
                % {"n": len(accepted), "capacity": cfp.capacity}
            }
        )
    submitted = {
        a.pk: a
        for a in cfp.applications.select_for_update()
        .filter(state=ApplicationState.SUBMITTED)
        .select_related("company")
    }
    unknown = (accepted | waitlisted) - set(submitted)
    if unknown:
        raise ValidationError({"accepted": _("Not a submitted application of this call.")})
    now = timezone.now()
    counts = {Decision.ACCEPTED: 0, Decision.WAITLISTED: 0, Decision.REJECTED: 0}
    for pk, application in submitted.items():
        decision = (
            Decision.ACCEPTED
            if pk in accepted
            else Decision.WAITLISTED
            if pk in waitlisted
            else Decision.REJECTED
        )
        counts[decision] += 1
        if application.decision != decision:
            application.decision, application.decided_at = decision, now
            application.notified_at = None  # a changed decision is sent again
            application.save(update_fields=["decision", "decided_at", "notified_at"])
        participation = Participation.objects.filter(
            company=application.company, edition=cfp.edition
        ).first()
        if decision == Decision.ACCEPTED:
            if participation is None:
                participation = Participation(company=application.company, edition=cfp.edition)
            participation.status = ParticipationStatus.CONFIRMED
            participation.pavilion = participation.pavilion or cfp.pavilion
            participation.save()
        elif (
            participation is not None
            and participation.status != ParticipationStatus.WITHDRAWN
            # Only the call's own doing is undone: a participation in its pavilion.
            and participation.pavilion_id == cfp.pavilion_id
        ):
            participation.status = ParticipationStatus.WITHDRAWN
            participation.booth = None
            participation.save(update_fields=["status", "booth"])
    audit.record(
        actor=actor,
        action="planning.decided",
        obj=cfp,
        organisation=_org(cfp),
        **{k.value: v for k, v in counts.items()},
    )
    return {k.value: v for k, v in counts.items()}


@transaction.atomic
def notify_decisions(*, actor, cfp) -> int:
    """Email every decided, not yet notified company its decision, each member in their
    language (Korean when unknown; the company's contact address in both).

    Returns the number of emails. Side effects: notified_at, emails after commit, audit.
    """
    if not permissions.can_manage_cfp(actor, cfp):
        raise PermissionDenied
    now = timezone.now()
    sent = 0
    pending = (
        cfp.applications.filter(state=ApplicationState.SUBMITTED, notified_at__isnull=True)
        .exclude(decision=Decision.PENDING)
        .select_related("company", "cfp__edition__show", "cfp__pavilion")
    )
    for application in pending:
        # Queued in the outbox; the worker sends them after the commit.
        sent += notify.application_decided(actor=actor, application=application)
        application.notified_at = now
        application.save(update_fields=["notified_at"])
    audit.record(
        actor=actor,
        action="planning.decisions_sent",
        obj=cfp,
        organisation=_org(cfp),
        emails=sent,
    )
    return sent
