"""Inputs the fuzzer found answering 500: each is a 422 in the API's one error shape."""

import json
import re

import pytest

from pavilion.api.urls import api
from tests.api import bearer, patch

HUGE = 9223372036854775808  # 2**63: one past the largest 64-bit integer


def _invalid(response, field):
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid" and field in body["fields"], body
    return body


def _paginated_lists():
    for path, methods in api.get_openapi_schema()["paths"].items():
        operation = methods.get("get")
        if operation and any(p["name"] == "offset" for p in operation.get("parameters", [])):
            yield path


def test_a_huge_offset_on_every_paginated_list(world):
    from tests.api.test_api_permission_matrix import PATH_PARAMS, _meetings

    _meetings(world)
    paths = list(_paginated_lists())
    assert len(paths) >= 15, paths
    client = bearer(world.operator)
    for path in paths:
        for name in re.findall(r"{(\w+)}", path):
            path = path.replace("{" + name + "}", str(PATH_PARAMS[name](world)))
        _invalid(client.get(path, {"offset": HUGE}), "offset")
        _invalid(client.get(path, {"offset": 0, "limit": HUGE}), "limit")
        assert client.get(path, {"offset": 2**31}).status_code in (200, 404)


@pytest.mark.parametrize(
    "field", ["ceo_name", "website", "region", "description_en", "contact_email", "name_en"]
)
def test_null_for_a_company_text_field(world, field):
    before = getattr(world.company, field)
    client = bearer(world.operator)
    _invalid(patch(client, f"/api/v1/companies/{world.company.pk}", {field: None}), field)
    world.company.refresh_from_db()
    assert getattr(world.company, field) == before


@pytest.mark.parametrize("field", ["website", "description", "interests", "name"])
def test_null_for_a_partner_text_field(world, field):
    client = bearer(world.operator)
    _invalid(patch(client, f"/api/v1/partners/{world.partner.pk}", {field: None}), field)


def test_null_for_an_investment_note(world):
    client = bearer(world.agency_user)
    url = f"/api/v1/investments/{world.investment.pk}"
    _invalid(patch(client, url, {"notes": None}), "notes")
    _invalid(patch(client, url, {"qualifies_locally": None}), "qualifies_locally")


def test_an_id_beyond_64_bits_in_a_body(world):
    body = {
        "company_id": world.company.pk,
        "invested_on": "2024-05-01",
        "round": "seed",
        "instrument": "safe",
        "amount": "1000",
        "currency": "KRW",
        "consultation_ids": [HUGE],
    }
    response = bearer(world.agency_user).post(
        f"/api/v1/funds/{world.fund.slug}/investments",
        data=json.dumps(body),
        content_type="application/json",
    )
    _invalid(response, "consultation_ids.0")
