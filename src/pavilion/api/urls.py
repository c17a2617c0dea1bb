from ninja import NinjaAPI

from pavilion.api import errors, meetings
from pavilion.api.auth import AUTH
from pavilion.api.routers import router

api = NinjaAPI(
    title="Pavilion API",
    version="1",
    description="Editions, companies, buyers and investors of a city's trade-show pavilion. "
    "Authenticate with `Authorization: Bearer <token>` (create one at /accounts/tokens/).",
    auth=AUTH,
    urls_namespace="api",
)
errors.install(api)
api.add_router("/", router)
api.add_router("/", meetings.router)
