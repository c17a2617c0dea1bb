import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from pavilion.accounts import permissions
from pavilion.companies.models import Company
from pavilion.consultations import queries, services
from pavilion.consultations.forms import ConsultationForm, FollowUpForm, partner_choices
from pavilion.core.forms import FAILED, save_through


def _edition(request, slug):
    return get_object_or_404(permissions.visible_editions(request.user), slug=slug)


@require_safe
@login_required
def consultation_list(request, slug):
    """The records behind a report figure (same filter names as the report).

    A filter the list does not know answers 400 with the reason, rather than
    quietly showing every record under a "filtered" heading.
    """
    edition = _edition(request, slug)
    try:
        filters = queries.list_filters(edition, request.GET)
        order = queries.list_order(request.GET.get("sort"))
    except ValidationError as exc:
        problems = [message for messages in exc.message_dict.values() for message in messages]
        context = {"edition": edition, "problems": problems}
        return render(request, "consultations/list.html", context, status=400)
    rows = queries.consultation_list(request.user, edition, filters, order=order)
    # Each amount in the reporting currency and USD, and the total row: the
    # figure this list was opened from (the same named filter).
    converted, total = queries.converted_amounts(edition, rows)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    lines = [(c, *converted.get(c.pk, (None, None))) for c in page]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "consultations/list.html",
        {
            "edition": edition,
            "page": page,
            "lines": lines,
            "total": page.paginator.count,
            "converted_total": total,
            "params": params.urlencode(),
            "filters": filters,
            "choices": queries.filter_choices(request.user, edition),
            "selected": {f.param: str(request.GET.get(f.param, "")) for f in filters},
            "sort": order,
            "sorts": queries.SORTS,
            "can_log": request.user.is_exhibitor or permissions.is_operator(request.user),
        },
    )


def _form_scope(user, edition):
    org = edition.show.organisation_id
    if permissions.can_manage_organisation(user, org):
        companies = Company.objects.filter(
            organisation_id=org, participations__edition=edition
        ).distinct()
    elif user.is_exhibitor:
        companies = Company.objects.filter(pk=user.company_id, organisation_id=org)
    else:
        raise PermissionDenied
    return companies.order_by("name_en"), partner_choices(org)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def consultation_log(request, slug):
    edition = _edition(request, slug)
    # Times are typed and shown in the show's own time zone.
    return _log(request, edition)


def _log(request, edition):
    companies, partners = _form_scope(request.user, edition)
    form = ConsultationForm(
        request.POST or None,
        initial={"partner": request.GET.get("partner")},
        edition=edition,
        companies=companies,
        partners=partners,
        reload_url=request.path,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        consultation = save_through(
            form,
            lambda: services.log_consultation(actor=request.user, edition=edition, **data),
        )
        if consultation is not FAILED:
            messages.success(request, _("The consultation was logged."))
            if "another" in request.POST:
                return redirect("consultation-log", slug=edition.slug)
            return redirect("consultation-detail", pk=consultation.pk)
    # A closed edition is said before anything is typed; the service refuses it anyway.
    closed = services.closed_edition_problem(request.user, edition)
    return render(
        request, "consultations/log.html", {"edition": edition, "form": form, "closed": closed}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def consultation_detail(request, pk):
    consultation = get_object_or_404(
        queries.visible_consultations(request.user).select_related(
            "edition", "company", "partner", "contact"
        ),
        pk=pk,
    )
    return _detail(request, consultation)


def _detail(request, consultation):
    can_change = services.can_change_consultation(request.user, consultation)
    form = FollowUpForm(request.POST or None) if can_change else None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            added = save_through(
                form,
                lambda: services.add_follow_up(
                    actor=request.user,
                    consultation=consultation,
                    date=data["date"],
                    kind=data["kind"],
                    outcome=data["outcome"],
                    stage=data["stage"] or None,
                    amount=data["amount"],
                    next_step=data["next_step"],
                ),
            )
            if added is not FAILED:
                messages.success(request, _("The follow-up was added."))
                return redirect("consultation-detail", pk=consultation.pk)
    return render(
        request,
        "consultations/detail.html",
        {
            "consultation": consultation,
            "edition": consultation.edition,
            "follow_ups": consultation.follow_ups.select_related("created_by", "round"),
            "form": form,
            "can_change": can_change,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def consultation_edit(request, pk):
    consultation = get_object_or_404(queries.visible_consultations(request.user), pk=pk)
    if not services.can_change_consultation(request.user, consultation):
        raise PermissionDenied
    # Times are typed and shown in the show's own time zone.
    return _edit(request, consultation)


def _edit(request, consultation):
    edition = consultation.edition
    companies, partners = _form_scope(request.user, edition)
    form = ConsultationForm(
        request.POST or None,
        # The form writes into its instance while validating; the service
        # compares against the untouched record for the audit trail.
        instance=copy.copy(consultation),
        initial={"partner": request.GET.get("partner") or consultation.partner_id},
        edition=edition,
        companies=companies,
        partners=partners,
        reload_url=request.path,
    )
    for name in ("company", "stage"):
        form.fields[name].disabled = True  # the company is fixed; the stage moves by follow-ups
    if request.method == "POST" and form.is_valid():
        changes = {k: form.cleaned_data[k] for k in services.CORRECTABLE}
        corrected = save_through(
            form,
            lambda: services.correct_consultation(
                actor=request.user, consultation=consultation, **changes
            ),
        )
        if corrected is not FAILED:
            messages.success(request, _("The consultation was corrected."))
            return redirect("consultation-detail", pk=consultation.pk)
    return render(
        request,
        "consultations/log.html",
        {
            "edition": edition,
            "form": form,
            "consultation": consultation,
            "closed": services.closed_edition_problem(request.user, edition),
        },
    )
