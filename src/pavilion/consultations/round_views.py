"""Follow-up round pages: the operator's overview, the company's answer, the sign-in link."""

from datetime import date

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from pavilion.accounts import permissions
from pavilion.consultations import rounds, services
from pavilion.consultations.models import Consultation, FollowUpRound, FollowUpTask, Stage
from pavilion.core.money import MoneyError, parse_amount


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def round_overview(request, slug):
    edition = get_object_or_404(permissions.visible_editions(request.user), slug=slug)
    if not permissions.can_view_edition_dashboard(request.user, edition):
        raise PermissionDenied
    if request.method == "POST":
        if not permissions.can_manage_edition(request.user, edition):
            raise PermissionDenied
        if "plan" in request.POST:
            created = rounds.plan_default_rounds(actor=request.user, edition=edition)
            messages.success(request, _("%(n)s rounds planned.") % {"n": len(created)})
        elif round_id := request.POST.get("open"):
            round_ = get_object_or_404(FollowUpRound, pk=round_id, edition=edition)
            # Links in the e-mails point at PAVILION_SITE_URL, not at whatever host
            # the request named.
            sent = rounds.open_round(actor=request.user, round_=round_)
            messages.success(request, _("The round is open; %(n)s emails sent.") % {"n": sent})
        return redirect("follow-up-rounds", slug=edition.slug)
    round_list = FollowUpRound.objects.filter(edition=edition).annotate(
        task_count=Count("tasks"),
        answered=Count("tasks", filter=Q(tasks__answered_at__isnull=False)),
    )
    tasks = (
        FollowUpTask.objects.filter(round__edition=edition)
        .select_related("round", "company")
        .order_by("round__months_after", "company__name_en")
    )
    return render(
        request,
        "consultations/rounds.html",
        {
            "edition": edition,
            "rounds": round_list,
            "tasks": tasks,
            "can_manage": permissions.can_manage_edition(request.user, edition),
        },
    )


# Stages whose date the report counts: the form asks for it.
SIGNED = (Stage.MOU, Stage.CONTRACT)


def _parse_answers(post, consultations):
    answers, errors = {}, {}
    for c in consultations:
        stage = post.get(f"stage-{c.pk}", "")
        amount_text = post.get(f"amount-{c.pk}", "").strip()
        amount = None
        if amount_text:
            try:
                amount = parse_amount(amount_text)
            except MoneyError:
                errors[c.pk] = _("Not an amount: %(value)s") % {"value": amount_text}
                continue
            if problem := services.amount_problem(amount):
                errors[c.pk] = problem
                continue
        if stage and stage not in Stage.values:
            errors[c.pk] = _("Unknown stage.")
            continue
        day_text = post.get(f"date-{c.pk}", "").strip()
        day = None
        if day_text:
            try:
                day = date.fromisoformat(day_text)
            except ValueError:
                errors[c.pk] = _("Not a date: %(value)s") % {"value": day_text}
                continue
            if problem := services.follow_up_date_problem(c, day):
                errors[c.pk] = problem
                continue
        elif stage in SIGNED and stage != c.stage:
            # A signing date of "today" would misdate a contract signed months ago.
            errors[c.pk] = _("Give the date it was signed.")
            continue
        answers[c.pk] = {
            "stage": stage,
            "amount": amount,
            "date": day,
            "note": post.get(f"note-{c.pk}", ""),
        }
    return answers, errors


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def task_answer(request, pk):
    task = get_object_or_404(
        FollowUpTask.objects.select_related("round__edition", "company").filter(
            round__edition__show__organisation_id=request.user.organisation_id
        ),
        pk=pk,
    )
    if not rounds.can_answer(request.user, task):
        raise PermissionDenied
    consultations = list(
        Consultation.objects.filter(edition=task.round.edition, company=task.company)
        .select_related("partner")
        .order_by("-amount", "pk")
    )
    errors = {}
    if request.method == "POST":
        answers, errors = _parse_answers(request.POST, consultations)
        if not errors:
            try:
                changes = rounds.answer_task(actor=request.user, task=task, answers=answers)
            except ValidationError as exc:
                errors[None] = " ".join(exc.messages)
            else:
                messages.success(
                    request, _("Thank you: %(n)s consultations updated.") % {"n": changes}
                )
                return redirect("follow-up-task", pk=task.pk)
    rows = [(c, errors.get(c.pk)) for c in consultations]
    return render(
        request,
        "consultations/task.html",
        {"task": task, "rows": rows, "stages": Stage.choices, "error": errors.get(None)},
    )


@require_safe
def sign_in(request, token):
    """The link in a follow-up email: signs the company member in, once."""
    try:
        user, task = rounds.user_for_link(token)
    except signing.BadSignature:
        messages.error(request, _("This link has expired or was already used; please log in."))
        return redirect("account_login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("follow-up-task", pk=task.pk)
