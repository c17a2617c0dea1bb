"""Reads about buyers and investors shared by pages and the API."""

from django.db.models import Count, Q, QuerySet

from pavilion.accounts import permissions
from pavilion.partners.models import INVESTOR_KINDS, Partner


def partner_directory(user, *, q="", kind="", country="", investors=False) -> QuerySet[Partner]:
    rows = (
        permissions.visible_partners(user)
        .prefetch_related("sectors")
        .annotate(contact_count=Count("contacts"))
    )
    if q:
        rows = rows.filter(
            Q(name__icontains=q) | Q(description__icontains=q) | Q(interests__icontains=q)
        )
    if kind:
        rows = rows.filter(kind=kind)
    if country:
        rows = rows.filter(country=country.upper())
    if investors:
        rows = rows.filter(kind__in=INVESTOR_KINDS)
    return rows.order_by("name")
