from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from pavilion.accounts import permissions
from pavilion.shows import queries


@require_safe
@login_required
def edition_list(request):
    if not permissions.is_staff_reader(request.user):
        raise PermissionDenied
    editions = permissions.visible_editions(request.user).order_by("-start_date")
    return render(request, "shows/edition_list.html", {"editions": editions})


@require_safe
@login_required
def edition_dashboard(request, slug):
    edition = get_object_or_404(permissions.visible_editions(request.user), slug=slug)
    if not permissions.can_view_edition_dashboard(request.user, edition):
        raise PermissionDenied
    context = {
        "edition": edition,
        "overview": queries.edition_overview(edition),
        "fx_rates": edition.fx_rates.all(),
        "can_manage": permissions.can_manage_edition(request.user, edition),
    }
    return render(request, "shows/dashboard.html", context)
