from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from pavilion.accounts import permissions
from pavilion.companies import queries, services
from pavilion.companies.forms import CompanyProfileForm
from pavilion.companies.models import Award, ParticipationStatus
from pavilion.core.forms import FAILED, save_through
from pavilion.shows.queries import current_edition


@require_safe
@login_required
def catalogue(request):
    """Searchable company catalogue of one edition, for every signed-in role."""
    editions = permissions.visible_editions(request.user)
    slug = request.GET.get("edition")
    edition = get_object_or_404(editions, slug=slug) if slug else current_edition(request.user)
    filters = queries.CatalogueFilter.from_query(request.GET)
    rows = queries.catalogue(request.user, edition, filters) if edition else []
    context = {
        "edition": edition,
        "editions": editions.order_by("-start_date"),
        "filters": filters,
        "rows": rows,
        "sectors": queries.sectors_in_edition(edition) if edition else [],
        "statuses": ParticipationStatus.choices,
        "is_staff": permissions.is_staff_reader(request.user),
    }
    template = "companies/_results.html" if request.htmx else "companies/catalogue.html"
    return render(request, template, context)


@require_safe
@login_required
def company_detail(request, pk):
    company = get_object_or_404(
        permissions.visible_companies(request.user).prefetch_related("sectors"), pk=pk
    )
    participations = (
        permissions.visible_participations(request.user)
        .filter(company=company)
        .select_related("edition", "pavilion", "booth")
        .prefetch_related(Prefetch("awards", queryset=Award.objects.order_by("category")))
        .order_by("-edition__start_date")
    )
    context = {
        "company": company,
        "participations": participations,
        "show_private": permissions.can_view_company_private(request.user, company),
        "show_internal": permissions.is_staff_reader(request.user),
        "can_edit": permissions.can_edit_company(request.user, company),
        "follow_up_tasks": (
            company.follow_up_tasks.filter(round__opened_at__isnull=False)
            .select_related("round__edition")
            .order_by("-round__due_on")
            if permissions.can_edit_company(request.user, company)
            else []
        ),
        # The agency sees every investment in the company, its members their own.
        "investments": permissions.visible_investments(request.user)
        .filter(company=company)
        .select_related("fund")
        .order_by("-invested_on"),
    }
    return render(request, "companies/detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def company_edit(request, pk):
    company = get_object_or_404(permissions.visible_companies(request.user), pk=pk)
    if not permissions.can_edit_company(request.user, company):
        raise PermissionDenied
    operator = permissions.can_edit_company_internal_notes(request.user, company)
    form = CompanyProfileForm(request.POST or None, instance=company, operator=operator)
    if request.method == "POST" and form.is_valid():
        data = form.profile_data()
        saved = save_through(
            form,
            lambda: services.update_company_profile(actor=request.user, company=company, data=data),
        )
        if saved is not FAILED:
            messages.success(request, _("The company profile was saved."))
            return redirect("company-detail", pk=company.pk)
    return render(request, "companies/edit.html", {"company": company, "form": form})
