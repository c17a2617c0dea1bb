"""Consultations over the API: the list's filters, who sees and changes what, follow-ups."""

import json
from decimal import Decimal

from pavilion.consultations.models import Consultation, FollowUp
from tests import factories as f
from tests.api import bearer, items, patch


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_the_list_filters_like_the_page_and_names_the_parties(world, other_world):
    url = f"/api/v1/editions/{world.edition.slug}/consultations"
    rows = items(bearer(world.official).get(url))
    assert [(r["id"], r["company"], r["partner"]) for r in rows] == [
        (world.consultation.pk, world.company.name_en, world.partner.name)
    ]
    assert items(bearer(world.official).get(url, {"filter": "contract"})) == []
    assert len(items(bearer(world.official).get(url, {"kind": "export"}))) == 1
    bad = bearer(world.official).get(url, {"stage": "nonsense"})
    assert bad.status_code == 422 and "stage" in bad.json()["fields"]
    # Another organisation's staff: the edition does not exist for them.
    assert bearer(other_world.operator).get(url).status_code == 404
    detail = f"/api/v1/consultations/{world.consultation.pk}"
    assert bearer(other_world.operator).get(detail).status_code == 404
    assert bearer(world.partner_user).get(detail).status_code == 200
    # A partner user sees only the consultations it took part in.
    other_partner = f.partner(organisation=world.organisation, name="Elsewhere")
    f_c = Consultation.objects.create(
        edition=world.edition,
        company=world.company,
        partner=other_partner,
        kind="export",
        occurred_at=world.consultation.occurred_at,
        currency="USD",
    )
    seen = {r["id"] for r in items(bearer(world.partner_user).get(url))}
    assert seen == {world.consultation.pk}
    assert bearer(world.partner_user).get(f"/api/v1/consultations/{f_c.pk}").status_code == 404


def test_an_exhibitor_logs_and_corrects_its_own_consultation(world):
    client = bearer(world.exhibitor)
    body = {
        "company_id": world.company.pk,
        "partner_id": world.partner.pk,
        "kind": "investment",
        "occurred_at": "2024-01-11T19:00:00Z",
        "currency": "USD",
        "amount": "1000",
    }
    created = _post(client, f"/api/v1/editions/{world.edition.slug}/consultations", body)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    # The same consultation again: the natural key refuses it, with a 422.
    again = _post(client, f"/api/v1/editions/{world.edition.slug}/consultations", body)
    assert again.status_code == 422
    fixed = patch(client, f"/api/v1/consultations/{pk}", {"amount": "2500", "notes": "fixed"})
    assert fixed.status_code == 200 and Decimal(fixed.json()["amount"]) == Decimal("2500")
    assert patch(client, f"/api/v1/consultations/{pk}", {"notes": None}).status_code == 422
    # Another company's consultation may not be logged by this exhibitor.
    theirs = {**body, "company_id": world.other_company.pk}
    url = f"/api/v1/editions/{world.edition.slug}/consultations"
    assert _post(client, url, theirs).status_code == 403
    assert _post(bearer(world.official), url, body).status_code == 403


def test_a_follow_up_keeps_its_real_date_and_moves_the_stage(world):
    url = f"/api/v1/consultations/{world.consultation.pk}/follow-ups"
    body = {"date": "2024-03-15", "kind": "contract_signed", "amount": "300000"}
    response = _post(bearer(world.operator), url, body)
    assert response.status_code == 201, response.content
    world.consultation.refresh_from_db()
    assert (str(world.consultation.contract_signed_on), world.consultation.stage) == (
        "2024-03-15",
        "contract",
    )
    listed = items(bearer(world.partner_user).get(url))
    assert [(r["date"], r["stage_after"]) for r in listed] == [("2024-03-15", "contract")]
    assert _post(bearer(world.partner_user), url, body).status_code == 403
    assert FollowUp.objects.count() == 1
