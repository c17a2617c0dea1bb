from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from pavilion.accounts import permissions
from pavilion.core.forms import FAILED, save_through
from pavilion.partners import queries, services
from pavilion.partners.forms import PartnerProfileForm
from pavilion.partners.models import PartnerKind


@require_safe
@login_required
def partner_list(request):
    if not (permissions.is_staff_reader(request.user) or request.user.is_exhibitor):
        raise PermissionDenied
    params = {
        "q": request.GET.get("q", "").strip()[:100],
        "kind": request.GET.get("kind", ""),
        "country": request.GET.get("country", "").strip()[:2],
        "investors": request.GET.get("investors") in {"1", "on"},
    }
    rows = queries.partner_directory(request.user, **params)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {"page": page, "params": params, "kinds": PartnerKind.choices}
    template = "partners/_results.html" if request.htmx else "partners/list.html"
    return render(request, template, context)


@require_safe
@login_required
def partner_detail(request, pk):
    partner = get_object_or_404(
        permissions.visible_partners(request.user).prefetch_related("sectors"), pk=pk
    )
    show_private = permissions.can_view_partner_private(request.user, partner)
    context = {
        "partner": partner,
        "contacts": partner.contacts.all() if show_private else [],
        "show_private": show_private,
        "show_internal": permissions.is_staff_reader(request.user),
        "can_edit": permissions.can_edit_partner(request.user, partner),
    }
    return render(request, "partners/detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def partner_edit(request, pk):
    partner = get_object_or_404(permissions.visible_partners(request.user), pk=pk)
    if not permissions.can_edit_partner(request.user, partner):
        raise PermissionDenied
    operator = permissions.can_manage_organisation(request.user, partner.organisation_id)
    form = PartnerProfileForm(request.POST or None, instance=partner, operator=operator)
    if request.method == "POST" and form.is_valid():
        data = form.profile_data()
        saved = save_through(
            form,
            lambda: services.update_partner_profile(actor=request.user, partner=partner, data=data),
        )
        if saved is not FAILED:
            messages.success(request, _("The profile was saved."))
            return redirect("partner-detail", pk=partner.pk)
    return render(request, "partners/edit.html", {"partner": partner, "form": form})
