"""Issue #15: recommendations follow what each side says it wants. On the demo,
the top five companies offered each buyer or investor are measured against the
sectors it states (precision goal ≥ 0.8), and every reason is whole sentences."""

import pytest

from pavilion.companies.models import Sector
from pavilion.demo.loader import load_demo
from pavilion.demo.people import SECTOR_WORDS
from pavilion.meetings import recommend
from pavilion.partners.models import Partner
from pavilion.shows.models import Edition

GOAL = 0.8


@pytest.mark.django_db
def test_top_five_precision_against_stated_interests_on_the_demo():
    load_demo()
    edition = Edition.objects.get(slug="ces-2025")
    relevant = offered = 0
    sectors = list(Sector.objects.all())
    for partner in Partner.objects.prefetch_related("sectors"):
        # What it says it looks for, in its own words ("Looking for digital health …").
        text = partner.interests.lower()
        wanted = {s.pk for s in sectors if SECTOR_WORDS[s.slug][0].lower() in text}
        assert wanted, f"{partner} states no interest"
        # and the sectors it is filed under say the same
        assert {s.pk for s in partner.sectors.all()} <= wanted, partner
        for suggestion in recommend.companies_for(partner, edition, limit=5):
            offered += 1
            shared = wanted & {s.pk for s in suggestion.target.sectors.all()}
            relevant += bool(shared)
            reason = suggestion.reason
            assert reason.endswith("."), reason  # a full sentence, never cut mid-word
            assert "(both in" not in reason
    precision = relevant / offered
    print(f"top-5 precision {precision:.3f} over {offered} suggestions")
    assert offered > 100
    assert precision >= GOAL
