"""Pages every site has: a health check for load balancers, the favicon."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_safe


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
