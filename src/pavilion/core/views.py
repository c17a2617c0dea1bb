from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_safe

from pavilion.accounts import permissions
from pavilion.shows.queries import landing_edition


@require_safe
def home(request):
    """Send each role to the page it works from. An anonymous visitor sees the
    most recent edition whose public page is on (else the sign-in page)."""
    if not request.user.is_authenticated:
        return _anonymous_home(request)
    return _signed_in_home(request)


def _anonymous_home(request):
    from pavilion.public.queries import latest_public_edition
    from pavilion.public.views import render_edition_page

    edition = latest_public_edition()
    if edition is None:
        return redirect_to_login(request.get_full_path())
    return render_edition_page(request, edition)


@login_required
def _signed_in_home(request):
    user = request.user
    if permissions.is_staff_reader(user):
        edition = landing_edition(user)
        if edition is not None:
            return redirect("edition-dashboard", slug=edition.slug)
        return redirect("edition-list")
    if user.is_exhibitor:
        return redirect("company-detail", pk=user.company_id)
    if user.is_agency:
        return redirect("fund-list")
    return redirect("company-catalogue")


@require_GET
def healthz(request):
    """For load balancers: the app answers and its database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_safe
def favicon(request):
    """Browsers and bookmarks that ask for /favicon.ico get the icon the pages name."""
    return redirect(static("pavilion/favicon.svg"), permanent=True)


# Error pages are pages of the site (menu, language), but they never echo the
# address asked for: it may name another organisation's edition.
def _error_page(request, template: str, status: int):
    return render(request, template, {"return_to": "/"}, status=status)


def bad_request(request, exception):
    return _error_page(request, "400.html", 400)


def permission_denied(request, exception):
    return _error_page(request, "403.html", 403)


def page_not_found(request, exception):
    return _error_page(request, "404.html", 404)
