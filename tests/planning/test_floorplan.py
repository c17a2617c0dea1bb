"""Booth placement and assignment: no double booking, sizes that fit, a plan that draws."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.companies.models import Participation
from pavilion.planning import floorplan
from pavilion.planning.floorplan import BoothConflict
from tests import factories as f


@pytest.fixture
def plan(world):
    world.pavilion.width_m, world.pavilion.depth_m = Decimal(12), Decimal(6)
    world.pavilion.save()
    world.booth.x_m, world.booth.y_m = Decimal(0), Decimal(0)
    world.booth.save()
    b2 = f.booth(pavilion=world.pavilion, number="A2", x_m=3, y_m=0)
    other_part = Participation.objects.get(company=world.other_company, edition=world.edition)
    return world, b2, other_part


def test_one_company_per_booth_unless_shared(plan):
    world, _b2, other_part = plan
    with pytest.raises(BoothConflict) as exc:
        floorplan.assign_booth(actor=world.operator, participation=other_part, booth=world.booth)
    assert exc.value.code == "booth_taken"
    other_part.refresh_from_db()
    assert other_part.booth is None
    world.booth.shared = True
    world.booth.save()
    floorplan.assign_booth(actor=world.operator, participation=other_part, booth=world.booth)
    assert set(world.booth.participations.values_list("company_id", flat=True)) == {
        world.company.pk,
        world.other_company.pk,
    }


def test_a_withdrawn_company_frees_its_booth(plan):
    world, _b2, other_part = plan
    world.participation.status = "withdrawn"
    world.participation.save()
    floorplan.assign_booth(actor=world.operator, participation=other_part, booth=world.booth)
    assert other_part.booth == world.booth


def test_the_booth_must_fit_the_area_asked_for(plan):
    world, b2, _other = plan
    world.application.booth_area_m2 = Decimal(10)  # a 3 × 3 booth is 9 m²
    world.application.save()
    with pytest.raises(BoothConflict) as exc:
        floorplan.assign_booth(actor=world.operator, participation=world.participation, booth=b2)
    assert exc.value.code == "booth_too_small"
    floorplan.place_booth(actor=world.operator, booth=b2, x_m=3, y_m=0, width_m=4, depth_m=3)
    floorplan.assign_booth(actor=world.operator, participation=world.participation, booth=b2)
    assert Participation.objects.get(pk=world.participation.pk).booth == b2


def test_booths_stay_inside_the_pavilion_and_apart(plan):
    world, b2, _other = plan
    with pytest.raises(BoothConflict) as exc:
        floorplan.place_booth(actor=world.operator, booth=b2, x_m=2, y_m=0, width_m=3, depth_m=3)
    assert exc.value.code == "booths_overlap"
    with pytest.raises(BoothConflict) as exc:
        floorplan.place_booth(actor=world.operator, booth=b2, x_m=10, y_m=0, width_m=3, depth_m=3)
    assert exc.value.code == "outside_pavilion"
    b2.refresh_from_db()
    assert b2.x_m == 3
    # Side by side is fine.
    floorplan.place_booth(actor=world.operator, booth=b2, x_m=3, y_m=3, width_m=3, depth_m=3)


def test_only_operators_assign_and_only_within_the_edition(plan, other_world):
    world, b2, other_part = plan
    with pytest.raises(PermissionDenied):
        floorplan.assign_booth(actor=world.official, participation=other_part, booth=b2)
    with pytest.raises(ValidationError):
        floorplan.assign_booth(
            actor=world.operator, participation=other_part, booth=other_world.booth
        )


def test_the_plan_shows_companies_awards_and_free_booths(plan):
    world, _b2, _other = plan
    parts = Participation.objects.filter(edition=world.edition).select_related("company")
    svg = floorplan.render_svg(
        world.pavilion,
        floorplan.plan_of(world.pavilion, parts),
        free_label="FREE",
        award_label="Award",
    )
    assert svg.startswith("<svg")
    assert f"★ {world.company.name_en}" in svg  # the world's company has an award
    assert "A2" in svg and "FREE" in svg
