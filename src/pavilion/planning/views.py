"""Pages of the call for participation, the exhibitor list and the floor plan.

Thin: look records up through ``accounts.permissions``, call a service, render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pavilion.accounts import permissions
from pavilion.accounts.models import User
from pavilion.meetings.services import BookingConflict
from pavilion.planning import floorplan, integration, services
from pavilion.planning.forms import (
    ApplicationForm,
    BoothPlacementForm,
    CallForm,
    CriterionForm,
)
from pavilion.planning.models import MatchState

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _pk(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _edition(request, slug):
    return get_object_or_404(permissions.visible_editions(request.user), slug=slug)


def _call(request, slug):
    edition = _edition(request, slug)
    return get_object_or_404(permissions.visible_calls(request.user), edition=edition)


def user_is_staff(user) -> bool:
    return permissions.is_staff_reader(user)


def _errors(request, exc: ValidationError):
    messages.error(request, " ".join(exc.messages))


@GET_POST
@login_required
def call_page(request, slug):
    """The call: its dates and rubric; operators change them here."""
    cfp = _call(request, slug)
    # Dates are entered and shown in the show's own time zone.
    return _call_page(request, slug, cfp)


def _call_page(request, slug, cfp):
    can_manage = permissions.can_manage_cfp(request.user, cfp)
    call_form = CallForm(instance=cfp, edition=cfp.edition) if can_manage else None
    criterion_form = CriterionForm() if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            if "reviewer" in request.POST:
                official = get_object_or_404(
                    User,
                    pk=_pk(request.POST["reviewer"]),
                    organisation_id=request.user.organisation_id,
                )
                services.invite_reviewer(actor=request.user, cfp=cfp, user=official)
                messages.success(request, _("The reviewer is invited."))
                return redirect("cfp", slug=slug)
            if "criterion" in request.POST:
                criterion_form = CriterionForm(request.POST)
                if criterion_form.is_valid():
                    services.add_criterion(
                        actor=request.user, cfp=cfp, **criterion_form.cleaned_data
                    )
                    return redirect("cfp", slug=slug)
            else:
                call_form = CallForm(request.POST, instance=cfp, edition=cfp.edition)
                if call_form.is_valid():
                    data = dict(call_form.cleaned_data)
                    try:
                        services.open_call(actor=request.user, edition=cfp.edition, **data)
                    except ValidationError as exc:
                        for field, errors in exc.message_dict.items():
                            for error in errors:  # each on its field where the form has it
                                call_form.add_error(
                                    field if field in call_form.fields else None, error
                                )
                    else:
                        messages.success(request, _("The call is saved."))
                        return redirect("cfp", slug=slug)
        except ValidationError as exc:
            _errors(request, exc)
    own = None
    if request.user.is_exhibitor:
        own = cfp.applications.filter(company_id=request.user.company_id).first()
    return render(
        request,
        "planning/call.html",
        {
            "cfp": cfp,
            "edition": cfp.edition,
            "criteria": cfp.criteria.all(),
            "can_manage": can_manage,
            "is_reviewer": permissions.is_reviewer(request.user, cfp),
            "own": own,
            "is_open": cfp.is_open(),
            "call_form": call_form,
            "criterion_form": criterion_form,
            "reviewers": cfp.reviewers.all() if user_is_staff(request.user) else [],
            "officials": User.objects.filter(
                organisation_id=request.user.organisation_id, role="official", is_active=True
            ).exclude(pk__in=cfp.reviewers.values("pk"))
            if can_manage
            else [],
        },
    )


@GET_POST
@login_required
def apply(request, slug):
    """The company's application form: save a draft or submit."""
    cfp = _call(request, slug)
    user = request.user
    if not user.is_exhibitor:
        raise PermissionDenied
    application = cfp.applications.filter(company_id=user.company_id).first()
    if application is None and not permissions.can_apply(user, cfp, user.company):
        raise PermissionDenied
    if application is not None and not permissions.can_edit_application(user, application):
        return redirect("application-detail", pk=application.pk)
    # A submitted application stays complete: its changes are checked like a submission.
    submit = "submit" in request.POST or (
        application is not None and application.state == "submitted"
    )
    form = ApplicationForm(request.POST or None, instance=application, submit=submit)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.APPLICATION_FIELDS}
        try:
            with transaction.atomic():
                saved = services.save_application(
                    actor=user,
                    cfp=cfp,
                    company=user.company,
                    submit="submit" in request.POST,
                    **values,
                )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("Your application is submitted.")
                if saved.state == "submitted"
                else _("Your draft is saved."),
            )
            return redirect("application-detail", pk=saved.pk)
    return render(
        request,
        "planning/apply.html",
        {"cfp": cfp, "edition": cfp.edition, "form": form, "application": application},
    )


@GET_POST
@login_required
def applications(request, slug):
    """Staff: the ranking; operators select within the capacity and send the decisions."""
    cfp = _call(request, slug)
    if not permissions.can_view_edition_dashboard(request.user, cfp.edition):
        raise PermissionDenied
    can_manage = permissions.can_manage_cfp(request.user, cfp)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            if "notify" in request.POST:
                sent = services.notify_decisions(actor=request.user, cfp=cfp)
                messages.success(request, _("%(n)s emails sent.") % {"n": sent})
            else:
                services.decide(
                    actor=request.user,
                    cfp=cfp,
                    accepted=[_pk(v) for v in request.POST.getlist("accepted")],
                    waitlisted=[_pk(v) for v in request.POST.getlist("waitlisted")],
                )
                messages.success(request, _("The selection is saved."))
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("application-list", slug=slug)
    ranked, proposal = services.ranking_for(request.user, cfp)
    visible = {
        a.pk: a
        for a in permissions.visible_applications(request.user)
        .filter(cfp=cfp)
        .select_related("company")
    }
    rows = [
        {
            "ranked": r,
            "application": visible.get(r["application_id"]),
            "proposed": r["proposed"],
            "tied": r["tied"],
        }
        for r in ranked
    ]
    return render(
        request,
        "planning/applications.html",
        {
            "cfp": cfp,
            "edition": cfp.edition,
            "rows": rows,
            "proposal": proposal,
            "can_manage": can_manage,
            "others": [a for a in visible.values() if a.state != "submitted"],
        },
    )


@GET_POST
@login_required
def application_detail(request, pk):
    application = get_object_or_404(
        permissions.visible_applications(request.user).select_related(
            "company", "cfp__edition__show"
        ),
        pk=pk,
    )
    user, cfp = request.user, application.cfp
    can_review = permissions.can_review(user, application)
    reviewers = []
    if permissions.can_manage_cfp(user, cfp):
        reviewers = [
            u
            for u in User.objects.filter(organisation_id=user.organisation_id, is_active=True)
            if permissions.is_reviewer(u, cfp)
        ]
    if request.method == "POST":
        try:
            if "conflict" in request.POST:
                reviewer = user
                if request.POST.get("reviewer") and reviewers:
                    reviewer = get_object_or_404(
                        User, pk=_pk(request.POST["reviewer"]), organisation_id=user.organisation_id
                    )
                services.mark_conflict(
                    actor=user,
                    application=application,
                    reviewer=reviewer,
                    reason=request.POST.get("reason", "")[:200],
                )
                messages.success(request, _("The conflict of interest is recorded."))
                if reviewer == user:
                    return redirect("application-list", slug=cfp.edition.slug)
            elif "withdraw" in request.POST:
                services.withdraw_application(actor=user, application=application)
            else:
                if not can_review:
                    raise PermissionDenied
                scores = {c.pk: _pk(request.POST.get(f"score_{c.pk}")) for c in cfp.criteria.all()}
                services.score_application(
                    actor=user,
                    application=application,
                    scores=scores,
                    comment=request.POST.get("comment", ""),
                )
                messages.success(request, _("Your scores are saved."))
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("application-detail", pk=application.pk)
    reviews = (
        permissions.visible_reviews(user)
        .filter(application=application)
        .select_related("reviewer")
        .prefetch_related("scores__criterion")
    )
    own = next((r for r in reviews if r.reviewer_id == user.pk), None)
    own_scores = {s.criterion_id: s.value for s in own.scores.all()} if own else {}
    criteria = [
        {"criterion": c, "value": own_scores.get(c.pk), "range": range(c.max_score + 1)}
        for c in cfp.criteria.all()
    ]
    return render(
        request,
        "planning/application_detail.html",
        {
            "application": application,
            "cfp": cfp,
            "edition": cfp.edition,
            "reviews": reviews,
            "own": own,
            "criteria": criteria,
            "can_review": can_review,
            "is_reviewer": permissions.is_reviewer(user, cfp),
            "can_edit": permissions.can_edit_application(user, application),
            "reviewers": reviewers,
        },
    )


@GET_POST
@login_required
def exhibitor_list(request, slug):
    """Staff: the show's exhibitor list, matches to review, companies to invite."""
    edition = _edition(request, slug)
    if not permissions.can_view_edition_dashboard(request.user, edition):
        raise PermissionDenied
    entries = permissions.visible_exhibitor_entries(request.user).filter(edition=edition)
    if request.method == "POST":
        if not permissions.can_manage_edition(request.user, edition):
            raise PermissionDenied
        entry = get_object_or_404(entries, pk=_pk(request.POST.get("entry")))
        try:
            if "invite" in request.POST:
                integration.invite(actor=request.user, entry=entry)  # links: the site URL
                messages.success(request, _("The invitation is sent."))
            else:
                integration.review_match(
                    actor=request.user, entry=entry, confirm="confirm" in request.POST
                )
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("exhibitor-list", slug=slug)
    try:
        shown_state = integration.entry_filter(request.GET)
    except ValidationError as exc:
        problems = [message for messages in exc.message_dict.values() for message in messages]
        context = {"edition": edition, "problems": problems}
        return render(request, "planning/exhibitor_list.html", context, status=400)
    filters = integration.ENTRY_FILTERS
    entries = entries.select_related("company")
    counts = {
        key: entries.filter(match_state__in=states).count()
        for key, (states, _label) in filters.items()
    }
    listed = entries.order_by("name", "pk")
    if shown_state:
        listed = listed.filter(match_state__in=filters[shown_state][0])
    listed = list(listed)
    for entry in listed:
        entry.state_label = integration.entry_state_label(entry.match_state)
    invited = set(
        permissions.visible_invitations(request.user)
        .filter(edition=edition)
        .values_list("company_id", flat=True)
    )
    return render(
        request,
        "planning/exhibitor_list.html",
        {
            "edition": edition,
            "uncertain": entries.filter(match_state=MatchState.UNCERTAIN),
            "elsewhere": integration.exhibiting_elsewhere(edition).filter(
                pk__in=entries.values("pk")
            ),
            "invited": invited,
            "invitations": permissions.visible_invitations(request.user)
            .filter(edition=edition)
            .select_related("company"),
            "total": entries.count(),
            # Every imported row with its match state, filterable.
            "entries": listed,
            "state": shown_state,
            "filters": [(key, label, counts[key]) for key, (_states, label) in filters.items()],
            "can_manage": permissions.can_manage_edition(request.user, edition),
        },
    )


@GET_POST
@login_required
def invitation_detail(request, pk):
    invitation = get_object_or_404(
        permissions.visible_invitations(request.user).select_related(
            "company", "pavilion", "edition"
        ),
        pk=pk,
    )
    user = request.user
    may_answer = (user.is_exhibitor and user.company_id == invitation.company_id) or (
        permissions.can_manage_edition(user, invitation.edition)
    )
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        try:
            integration.answer_invitation(
                actor=user, invitation=invitation, accept="accept" in request.POST
            )
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("invitation-detail", pk=pk)
    return render(
        request,
        "planning/invitation.html",
        {"invitation": invitation, "edition": invitation.edition, "may_answer": may_answer},
    )


def _place_booth(request, edition, pavilion, booths):
    """Move or resize a booth on the plan (operators), with the placement checks.

    Returns a redirect when the booth is placed, else the bound form with its errors."""
    form = BoothPlacementForm(request.POST, booths=booths)
    if form.is_valid():
        data = form.cleaned_data
        booth = data["booth"]
        try:
            floorplan.place_booth(
                actor=request.user,
                booth=booth,
                shared=data["shared"],
                **{k: data[k] for k in ("x_m", "y_m", "width_m", "depth_m")},
            )
        except BookingConflict as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The booth is placed."))
            url = reverse("floor-plan", args=[edition.slug])
            return redirect(f"{url}?pavilion={booth.pavilion.slug}&booth={booth.pk}")
    return form


@GET_POST
@login_required
def floor_plan(request, slug):
    """The pavilion's floor plan (printable); operators assign booths by form or drag and drop."""
    edition = _edition(request, slug)
    pavilions = permissions.visible_pavilions(request.user).filter(edition=edition)
    pavilion = pavilions.filter(slug=request.GET.get("pavilion", "")).first() or pavilions.first()
    can_manage = permissions.can_manage_edition(request.user, edition)
    booths = (
        pavilion.booths.all()
        if pavilion is not None
        else permissions.visible_booths(request.user).none()
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if "place" in request.POST:
            place_form = _place_booth(request, edition, pavilion, booths)
            if not isinstance(place_form, BoothPlacementForm):
                return place_form
            return _floor_plan_page(request, edition, pavilion, pavilions, place_form)
        participation = get_object_or_404(
            permissions.visible_participations(request.user).filter(edition=edition),
            pk=_pk(request.POST.get("participation")),
        )
        target = redirect("floor-plan", slug=slug)
        if pavilion is not None:
            target["Location"] += f"?pavilion={pavilion.slug}"
        booth = None
        removing = "remove" in request.POST
        if removing:
            # Taking a booth away is its own button and needs its box ticked: a form sent
            # unchanged never empties a booth.
            if not request.POST.get("confirm"):
                messages.error(
                    request, _("Tick the box to confirm that the company loses its booth.")
                )
                return target
        elif request.POST.get("booth"):
            booth = get_object_or_404(
                permissions.visible_booths(request.user).filter(pavilion__edition=edition),
                pk=_pk(request.POST["booth"]),
            )
        else:
            messages.error(request, _("Choose a booth to assign."))
            return target
        try:
            floorplan.assign_booth(actor=request.user, participation=participation, booth=booth)
            if removing:
                messages.success(
                    request,
                    _("%(company)s no longer has a booth.")
                    % {"company": participation.company.name},
                )
            else:
                messages.success(
                    request,
                    _("Booth %(booth)s is assigned to %(company)s.")
                    % {"booth": booth.number, "company": participation.company.name},
                )
        except BookingConflict as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            _errors(request, exc)
        return target
    place_form = None
    if can_manage and pavilion is not None:
        chosen = booths.filter(pk=_pk(request.GET.get("booth"))).first() or booths.first()
        place_form = BoothPlacementForm(booths=booths, booth=chosen)
    return _floor_plan_page(request, edition, pavilion, pavilions, place_form)


def _floor_plan_page(request, edition, pavilion, pavilions, place_form):
    can_manage = permissions.can_manage_edition(request.user, edition)
    participations = (
        permissions.visible_participations(request.user)
        .filter(edition=edition)
        .select_related("company", "booth")
    )
    svg = ""
    if pavilion is not None:
        shown = participations.filter(booth__pavilion=pavilion).exclude(status="withdrawn")
        svg = floorplan.render_svg(
            pavilion,
            floorplan.plan_of(pavilion, shown),
            free_label=_("free"),
            award_label=_("CES Innovation Award"),
        )
    return render(
        request,
        "planning/floor_plan.html",
        {
            "edition": edition,
            "pavilion": pavilion,
            "pavilions": pavilions,
            "svg": svg,
            "can_manage": can_manage,
            "unassigned": participations.filter(booth__isnull=True).exclude(status="withdrawn")
            if can_manage
            else [],
            "assignable": participations.exclude(status="withdrawn") if can_manage else [],
            "booths": pavilion.booths.all() if pavilion else [],
            "place_form": place_form,
            # Where each booth is, for the placement form to follow the chosen booth.
            "booth_positions": {
                str(b.pk): [str(b.x_m), str(b.y_m), str(b.width_m), str(b.depth_m), b.shared]
                for b in (pavilion.booths.all() if pavilion else [])
            }
            if can_manage
            else {},
        },
    )
