"""Reads of scans shared by the visitors page, the report and the API."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django_countries import countries

from pavilion.consultations.models import Tally
from pavilion.scanning.models import Badge, BadgeKind, Scan, ScanPlace


def search_badges(rows, q: str):
    """The badges list's search, which the badge sheet takes over: a name or
    company containing ``q``, or exactly its code."""
    return rows.filter(Q(name__icontains=q) | Q(company_name__icontains=q) | Q(code=q))


def scanned_badges(edition):
    """Badges scanned at least once at the edition: each one visitor, however often seen."""
    return Badge.objects.filter(edition=edition, scans__isnull=False).distinct()


def scanned_visitor_count(edition) -> int:
    return Scan.objects.filter(edition=edition).aggregate(n=Count("badge", distinct=True))["n"]


def visitor_stats(edition) -> dict:
    """Distinct visitors per edition and per show day (in the show's time zone),
    repeat visitors, and the breakdowns by country, kind and place."""
    scans = Scan.objects.filter(edition=edition)
    day = TruncDate("scanned_at", tzinfo=edition.tzinfo)
    per_day = list(
        scans.annotate(day=day)
        .values("day")
        .annotate(visitors=Count("badge", distinct=True), scans=Count("id"))
        .order_by("day")
    )
    days_per_badge = (
        scans.annotate(day=day).values("badge").annotate(days=Count("day", distinct=True))
    )
    repeat = days_per_badge.filter(days__gt=1).count()
    total = scanned_visitor_count(edition)
    by_country = [
        {
            "key": row["badge__country"],
            "label": countries.name(row["badge__country"]) or "—",
            "visitors": row["n"],
        }
        for row in scans.values("badge__country")
        .annotate(n=Count("badge", distinct=True))
        .order_by("-n", "badge__country")
    ]
    kinds = dict(BadgeKind.choices)
    by_kind = [
        {
            "key": row["badge__kind"],
            "label": kinds.get(row["badge__kind"], row["badge__kind"]),
            "visitors": row["n"],
        }
        for row in scans.values("badge__kind")
        .annotate(n=Count("badge", distinct=True))
        .order_by("-n", "badge__kind")
    ]
    places = dict(ScanPlace.choices)
    by_place = [
        {
            "key": row["device__place"],
            "label": places.get(row["device__place"]),
            "visitors": row["n"],
            "scans": row["scans"],
        }
        for row in scans.values("device__place")
        .annotate(n=Count("badge", distinct=True), scans=Count("id"))
        .order_by("device__place")
    ]
    show_badges = scans.filter(badge__external=True).aggregate(n=Count("badge", distinct=True))
    tallied = Tally.objects.filter(edition=edition).aggregate(n=Sum("count"))["n"] or 0
    return {
        "scanned": total,
        "tallied": tallied,
        "total": total + tallied,
        "scans": scans.count(),
        "show_badges": show_badges["n"],
        "repeat": repeat,
        "per_day": per_day,
        "by_country": by_country,
        "by_kind": by_kind,
        "by_place": by_place,
    }
