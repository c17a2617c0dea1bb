"""The pavilion's floor plan: placing booths, assigning companies, drawing it as SVG.

Checks: a booth lies inside the pavilion and overlaps no other booth; one
company per booth unless the booth may be shared; the booth is at least as
large as the area the company asked for in its application.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import escape  # quotes too: the values go into attributes
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.accounts import permissions
from pavilion.companies.models import Award, Participation, ParticipationStatus
from pavilion.core import audit
from pavilion.meetings.services import BookingConflict
from pavilion.planning.models import Application, ApplicationState
from pavilion.shows.models import Booth


class BoothConflict(BookingConflict):
    """An assignment that would break the floor plan. ``code`` is for machines."""

    MESSAGES = {
        "booth_taken": gettext_lazy(
            "Another company already has this booth, and it may not be shared."
        ),
        "booth_too_small": gettext_lazy(
            "The booth is smaller than the area the company asked for."
        ),
        "booths_overlap": gettext_lazy("The booth would overlap another booth."),
        "outside_pavilion": gettext_lazy("The booth would lie outside the pavilion."),
        "conflict": gettext_lazy("The booth cannot be assigned."),
    }


LIVE_PARTICIPATION = (
    ParticipationStatus.APPLIED,
    ParticipationStatus.SELECTED,
    ParticipationStatus.CONFIRMED,
)


@dataclass(frozen=True)
class Rect:
    x: Decimal
    y: Decimal
    w: Decimal
    d: Decimal

    def overlaps(self, other: Rect) -> bool:
        # Touching edges are fine: booths stand side by side.
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.d
            and other.y < self.y + self.d
        )


def _rect(booth) -> Rect:
    return Rect(
        Decimal(booth.x_m), Decimal(booth.y_m), Decimal(booth.width_m), Decimal(booth.depth_m)
    )


def check_placement(booth, others) -> None:
    """Raise BoothConflict when the booth leaves the pavilion or overlaps another."""
    pavilion = booth.pavilion
    r = _rect(booth)
    if r.x < 0 or r.y < 0 or r.w <= 0 or r.d <= 0:
        raise BoothConflict("outside_pavilion")
    if pavilion.width_m is not None and r.x + r.w > pavilion.width_m:
        raise BoothConflict("outside_pavilion")
    if pavilion.depth_m is not None and r.y + r.d > pavilion.depth_m:
        raise BoothConflict("outside_pavilion")
    if any(r.overlaps(_rect(o)) for o in others if o.pk != booth.pk):
        raise BoothConflict("booths_overlap")


def size_errors(*, width_m, depth_m) -> dict[str, list[str]]:
    """A booth needs a width and a depth above zero: the errors, by field."""
    errors = {}
    if width_m is not None and Decimal(str(width_m)) <= 0:
        errors["width_m"] = [_("Give a width above 0 m.")]
    if depth_m is not None and Decimal(str(depth_m)) <= 0:
        errors["depth_m"] = [_("Give a depth above 0 m.")]
    return errors


@transaction.atomic
def place_booth(*, actor, booth, x_m, y_m, width_m, depth_m, shared=None) -> Booth:
    """Move or resize a booth on the plan. Side effects: save, audit.

    A width or depth of zero or less is a ValidationError on that field; a booth
    outside the pavilion or on another is a BoothConflict."""
    if not permissions.can_manage_edition(actor, booth.pavilion.edition):
        raise PermissionDenied
    errors = size_errors(width_m=width_m, depth_m=depth_m)
    if errors:
        raise ValidationError(errors)
    booth.x_m, booth.y_m = Decimal(str(x_m)), Decimal(str(y_m))
    booth.width_m, booth.depth_m = Decimal(str(width_m)), Decimal(str(depth_m))
    if shared is not None:
        booth.shared = shared
    others = Booth.objects.select_for_update().filter(pavilion=booth.pavilion)
    check_placement(booth, list(others))
    booth.save()
    audit.record(
        actor=actor,
        action="floorplan.booth_placed",
        obj=booth,
        organisation=booth.pavilion.edition.show.organisation,
    )
    return booth


def area_needed(participation) -> Decimal | None:
    application = (
        Application.objects.filter(
            cfp__edition=participation.edition,
            company=participation.company,
            state=ApplicationState.SUBMITTED,
        )
        .exclude(booth_area_m2=None)
        .first()
    )
    return application.booth_area_m2 if application else None


@transaction.atomic
def assign_booth(*, actor, participation, booth) -> Participation:
    """Give a participation a booth (or none). Side effects: save, audit.

    The booth row is locked so two operators dropping companies on the same
    booth at once cannot both succeed.
    """
    edition = participation.edition
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    if booth is not None:
        booth = Booth.objects.select_for_update().select_related("pavilion").get(pk=booth.pk)
        if booth.pavilion.edition_id != edition.pk:
            raise ValidationError({"booth": _("The booth belongs to another edition.")})
        if participation.status not in LIVE_PARTICIPATION:
            raise ValidationError({"participation": _("A withdrawn company gets no booth.")})
        taken = (
            Participation.objects.filter(booth=booth, status__in=LIVE_PARTICIPATION)
            .exclude(pk=participation.pk)
            .exists()
        )
        if taken and not booth.shared:
            raise BoothConflict("booth_taken")
        needed = area_needed(participation)
        if needed is not None and booth.width_m * booth.depth_m < needed:
            raise BoothConflict("booth_too_small")
        participation.pavilion = booth.pavilion
    participation.booth = booth
    participation.save(update_fields=["booth", "pavilion", "updated_at"])
    audit.record(
        actor=actor,
        action="floorplan.booth_assigned",
        obj=participation,
        organisation=edition.show.organisation,
        booth=booth.pk if booth else None,
    )
    return participation


# --- drawing ------------------------------------------------------------------------

SCALE = 40  # SVG units per metre


def plan_of(pavilion, participations) -> list[dict]:
    """The booths of a pavilion with the companies the viewer may see on them."""
    by_booth: dict[int, list] = {}
    for p in participations:
        if p.booth_id:
            by_booth.setdefault(p.booth_id, []).append(p)
    awarded = set(
        Award.objects.filter(
            participation__in=[p for ps in by_booth.values() for p in ps]
        ).values_list("participation_id", flat=True)
    )
    return [
        {
            "booth": booth,
            "companies": [
                {"name": p.company.name, "id": p.company_id, "award": p.pk in awarded}
                for p in by_booth.get(booth.pk, [])
            ],
        }
        for booth in pavilion.booths.all()
    ]


def render_svg(pavilion, plan: list[dict], *, free_label: str, award_label: str) -> str:
    """The floor plan as an SVG document (server-rendered: prints, no script needed)."""
    width = float(pavilion.width_m or 0) or max(
        (float(b["booth"].x_m + b["booth"].width_m) for b in plan), default=10
    )
    depth = float(pavilion.depth_m or 0) or max(
        (float(b["booth"].y_m + b["booth"].depth_m) for b in plan), default=10
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-4 -4 {width * SCALE + 8:.0f} '
        f'{depth * SCALE + 8:.0f}" class="floorplan" role="img" '
        f'aria-label="{escape(pavilion.display_name)}">',
        f'<rect class="pavilion-outline" x="0" y="0" width="{width * SCALE:.0f}" '
        f'height="{depth * SCALE:.0f}"/>',
    ]
    for item in plan:
        b = item["booth"]
        x, y = float(b.x_m) * SCALE, float(b.y_m) * SCALE
        w, d = float(b.width_m) * SCALE, float(b.depth_m) * SCALE
        free = not item["companies"]
        css = "booth free" if free else "booth taken"
        parts.append(
            f'<g class="{css}" data-booth="{b.pk}" id="booth-{escape(b.number)}">'
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{d:.0f}"/>'
            f'<text class="booth-number" x="{x + 6:.0f}" y="{y + 16:.0f}">{escape(b.number)}</text>'
        )
        lines = (
            [free_label]
            if free
            else [("★ " if c["award"] else "") + c["name"] for c in item["companies"]]
        )
        # Long names are shortened to fit the booth; the tooltip has them in full.
        fits = max(4, int((w - 8) / 7))
        tooltip = [b.number, *lines]
        if any(c["award"] for c in item["companies"]) and award_label:
            tooltip.append(f"★ {award_label}")
        parts.append(f"<title>{escape(' · '.join(tooltip))}</title>")
        for i, full in enumerate(lines):
            line = full if len(full) <= fits else full[: fits - 1] + "…"
            parts.append(
                f'<text class="booth-company" x="{x + 6:.0f}" y="{y + 36 + 16 * i:.0f}">'
                f"{escape(line)}</text>"
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
