"""The /api/v1/ API: one router per domain, one auth, one error shape."""

from csp.decorators import csp_exempt
from ninja import NinjaAPI

from pavilion.api import (
    accounts,
    companies,
    consultations,
    errors,
    funds,
    meetings,
    partners,
    planning,
    reports,
    scans,
    shows,
)
from pavilion.api.auth import AUTH

api = NinjaAPI(
    title="Pavilion API",
    version="1",
    description="Editions, companies, buyers and investors of a city's trade-show pavilion. "
    "Authenticate with `Authorization: Bearer <token>` (create one at /accounts/tokens/), "
    "or from the app's own pages with the session and its CSRF token. Lists answer "
    '`{"items": [...], "count": n}` and take `limit` (at most 200) and `offset`. Errors '
    'answer `{"code", "message", "fields"}`; `code` is stable for machines.',
    auth=AUTH,
    urls_namespace="api",
    # The interactive docs load Swagger UI with an inline script: the only page
    # outside the Content-Security-Policy (it shows no records).
    docs_decorator=csp_exempt(),
)
errors.install(api)
# Scans first: ninja's routes are matched in order, and scan uploads are the
# busiest requests during the show.
for module in (
    scans,
    accounts,
    shows,
    companies,
    partners,
    meetings,
    consultations,
    funds,
    planning,
    reports,
):
    api.add_router("/", module.router)
