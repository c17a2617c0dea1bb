from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pavilion.accounts import permissions
from pavilion.consultations import tallies
from pavilion.consultations.models import SurveyResponse, Tally


def _int(value):
    try:
        return int(str(value).replace(",", "").strip())
    except (TypeError, ValueError):
        return None


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def visitors(request, slug):
    edition = get_object_or_404(permissions.visible_editions(request.user), slug=slug)
    if not permissions.can_view_edition_dashboard(request.user, edition):
        raise PermissionDenied
    errors = {}
    if request.method == "POST":
        try:
            day = date.fromisoformat(request.POST.get("day", ""))
        except ValueError:
            day = None
        try:
            tallies.record_tally(
                actor=request.user,
                edition=edition,
                day=day,
                place=request.POST.get("place", ""),
                count=_int(request.POST.get("count")),
                note=request.POST.get("note", "")[:300],
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("The headcount was saved."))
            return redirect("visitor-tallies", slug=edition.slug)
    rows = Tally.objects.filter(edition=edition).select_related("counted_by")
    by_day = rows.values("day").annotate(total=Sum("count")).order_by("day")
    return render(
        request,
        "consultations/visitors.html",
        {
            "edition": edition,
            "rows": rows,
            "by_day": by_day,
            "total": rows.aggregate(n=Sum("count"))["n"] or 0,
            "errors": errors,
            "can_manage": permissions.can_manage_edition(request.user, edition),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def survey(request, slug):
    """Exhibitors answer; staff read the answers."""
    edition = get_object_or_404(permissions.visible_editions(request.user), slug=slug)
    participation = tallies.survey_participation(request.user, edition)
    staff = permissions.can_view_edition_dashboard(request.user, edition)
    if participation is None and not staff:
        raise PermissionDenied
    error = None
    if request.method == "POST":
        if participation is None:
            raise PermissionDenied
        answer = request.POST.get("would_return")
        try:
            tallies.submit_survey(
                actor=request.user,
                participation=participation,
                satisfaction=_int(request.POST.get("satisfaction")),
                would_return={"yes": True, "no": False}.get(answer),
                comments=request.POST.get("comments", "")[:2000],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Thank you for your answer."))
            return redirect("survey", slug=edition.slug)
    responses = SurveyResponse.objects.filter(participation__edition=edition)
    context = {
        "edition": edition,
        "participation": participation,
        "mine": responses.filter(participation=participation).first() if participation else None,
        "error": error,
        "staff": staff,
    }
    if staff:
        context["responses"] = responses.select_related("participation__company")
        context["summary"] = responses.aggregate(n=Count("id"), mean=Avg("satisfaction"))
    return render(request, "consultations/survey.html", context)
