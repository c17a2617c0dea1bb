"""Spreadsheet spec for badges: the show's attendee or lead export (see docs/imports.md).

Natural key: edition + badge code. A row with the show's badge code creates
that show badge, or enriches the one the scanners already met (they store
codes as read, with no name); a row without a code is one of our visitors
and gets a badge of ours (matched again by email on a re-import).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from pavilion.accounts import permissions
from pavilion.companies.transfer import read_edition
from pavilion.core.transfer import Column, Context, Spec, check_duplicate, register, upsert
from pavilion.core.transfer_fields import RowReader
from pavilion.scanning.models import Badge, BadgeKind, new_badge_code

COLUMNS = [
    Column("edition", "전시회", required=True),
    Column("badge_code", "배지코드"),
    Column("name", "성명", required=True),
    Column("company", "소속"),
    Column("email", "이메일"),
    Column("country", "국가"),
    Column("kind", "구분"),
]


def import_badge(ctx: Context, values: dict, row: int):
    reader = RowReader(values)
    edition = read_edition(ctx, reader)
    code = reader.text("badge_code", max_length=200)
    name = reader.text("name", required=True, max_length=200)
    company = reader.text("company", max_length=200)
    email = reader.email("email")
    country = reader.text("country").upper()
    if country and country not in dict(countries):
        reader.problem(
            "country", _("%(value)s is not a country code (US, KR…)") % {"value": country}
        )
    kind = reader.choice("kind", BadgeKind.choices, default=BadgeKind.VISITOR)
    reader.raise_if_problems()
    fields = {
        "name": name,
        "company_name": company,
        "email": email,
        "country": country,
        "kind": kind,
    }
    if code:
        check_duplicate(ctx, ("badge", edition.pk, code), row)
        lookup = {"edition": edition, "code": code}
        defaults = {"external": not code.startswith("PVB1-")}
    elif email:
        check_duplicate(ctx, ("badge-email", edition.pk, email.lower()), row)
        existing = Badge.objects.filter(
            edition=edition, email__iexact=email, external=False
        ).first()
        lookup = {"edition": edition, "code": existing.code if existing else new_badge_code()}
        defaults = {}
    else:
        lookup = {"edition": edition, "code": new_badge_code()}
        defaults = {}
    badge, action = upsert(
        Badge,
        lookup,
        fields,
        defaults=defaults,
        columns={"company_name": "company", "code": "badge_code"},
        given=ctx.columns,
    )
    return badge.name or badge.code, action


def may_export_badges(actor, edition) -> bool:
    """Visitors' personal data: whoever may open the edition's badges page
    (operators); for every edition at once, an operator of the organisation."""
    if edition is not None:
        return permissions.can_manage_badges(actor, edition)
    return permissions.can_manage_organisation(actor, permissions.organisation_id_of(actor))


def export_badges(ctx: Context, edition):
    # Through visible_badges as well: never a badge the actor may not read.
    rows = (
        permissions.visible_badges(ctx.actor)
        .filter(edition__show__organisation_id=ctx.organisation_id, erased_at__isnull=True)
        .select_related("edition")
    )
    if edition is not None:
        rows = rows.filter(edition=edition)
    for b in rows.order_by("edition__start_date", "pk"):
        yield [
            b.edition.slug,
            b.code,
            b.name,
            b.company_name,
            b.email,
            b.country.code or "",
            b.kind,
        ]


register(
    Spec(
        "badges",
        gettext_lazy("Badges"),
        COLUMNS,
        import_badge,
        export_badges,
        may_export=may_export_badges,
    )
)
