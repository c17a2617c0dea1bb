"""Pages every site has: a health check for load balancers, the favicon."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
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
