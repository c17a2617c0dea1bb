"""Limit/offset pagination with a ceiling, serialising only the page it returns.

Every list endpoint answers ``{"items": [...], "count": n}``. The endpoint
returns a queryset; only the requested slice is fetched, and ``serialize``
(when given) turns each record into its schema's dict for the caller — so
per-user masking of private fields never loads more rows than the page.
"""

from collections.abc import Callable
from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 50
# A ceiling so one request cannot ask for the whole database.
MAX_LIMIT = 200
MAX_OFFSET = 2**62


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="at most 200")
        # Bounded so offset + limit fits the databases' 64-bit OFFSET: a bigger
        # number is a 422 naming `offset`, not an overflow in the database.
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, *, serialize: Callable[[Any, Any], Any] | None = None, **kwargs):
        self.serialize = serialize
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        if self.serialize is not None:
            page["items"] = [self.serialize(request.auth, row) for row in page["items"]]
        return page
