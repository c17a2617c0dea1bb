"""Recommendations rank by shared sectors and text, and say why."""

from pavilion.meetings import recommend
from tests import factories as f


def test_a_partner_gets_the_companies_of_its_sectors_first(world):
    health = world.company.sectors.get()
    world.company.description_en = "Point-of-care blood analysers for clinics"
    world.company.save()
    buyer = f.partner(
        organisation=world.organisation,
        name="Midwest Medical",
        interests="Distributors of blood analysers for clinics in the US",
    )
    buyer.sectors.set([health])
    suggestions = recommend.companies_for(buyer, world.edition)
    assert suggestions[0].target == world.company
    assert "Digital health" in suggestions[0].reason or "디지털" in suggestions[0].reason
    assert "looks for companies in" in suggestions[0].reason
    reverse = recommend.partners_for(world.company, world.edition)
    assert reverse[0].target == buyer


def test_tokens_drop_noise():
    assert recommend.tokens("Looking for Series A in quantum and bio!") == ["quantum", "bio"]


def test_recommendation_page_for_an_exhibitor(world, client):
    client.force_login(world.exhibitor)
    response = client.get(f"/editions/{world.edition.slug}/recommendations/")
    assert response.status_code == 200
