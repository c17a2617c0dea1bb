"""Shared fixtures: two organisations, each with an edition, a pavilion,
companies, partners and one user per role, so every permission test has data
that *could* leak."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from pavilion.accounts.models import ApiToken, Role
from pavilion.consultations.models import Consultation

from . import factories as f


@dataclass
class World:
    organisation: object
    show: object
    edition: object
    pavilion: object
    booth: object
    company: object
    participation: object
    award: object
    other_company: object
    partner: object
    contact: object
    operator: object
    official: object
    exhibitor: object
    partner_user: object
    token: object
    consultation: object


def build_world(name: str) -> World:
    org = f.organisation(name=f"{name} Agency", slug=f"{name.lower()}-agency")
    show = f.show(organisation=org, name="CES", slug=f"{name.lower()}-ces")
    edition = f.edition(show=show, slug=f"{name.lower()}-ces-2024", name="CES 2024")
    f.fx_rate(edition=edition, currency="USD", rate="1300")
    pav = f.pavilion(edition=edition, name=f"{name} Pavilion", slug="pavilion")
    booth = f.booth(pavilion=pav, number="A1")
    health = f.sector(
        slug=f"{name.lower()}-health", name_en="Digital health", name_ko="디지털 헬스"
    )
    company = f.company(organisation=org, name_en=f"{name} Robotics", sectors=[health])
    part = f.participation(company=company, edition=edition, pavilion=pav, booth=booth)
    award = f.award(participation=part)
    other_company = f.company(organisation=org, name_en=f"{name} Quantum")
    f.participation(company=other_company, edition=edition, pavilion=pav)
    partner = f.partner(organisation=org, name=f"{name} Ventures", kind="vc")
    contact = f.contact(partner=partner)
    consultation = Consultation.objects.create(
        edition=edition,
        company=company,
        partner=partner,
        contact=contact,
        kind="export",
        occurred_at=datetime(2024, 1, 10, 18, 0, tzinfo=UTC),
        amount=Decimal("250000"),
        currency="USD",
    )
    operator = f.user(role=Role.OPERATOR, organisation=org)
    token, _raw = ApiToken.issue(user=operator, name="Booth scanner")
    return World(
        organisation=org,
        show=show,
        edition=edition,
        pavilion=pav,
        booth=booth,
        company=company,
        participation=part,
        award=award,
        other_company=other_company,
        partner=partner,
        contact=contact,
        operator=operator,
        official=f.user(role=Role.OFFICIAL, organisation=org),
        exhibitor=f.user(role=Role.EXHIBITOR, company=company),
        partner_user=f.user(role=Role.PARTNER, partner=partner),
        token=token,
        consultation=consultation,
    )


@pytest.fixture
def world(db) -> World:
    """Our organisation's records and users."""
    return build_world("Daejeon")


@pytest.fixture
def other_world(db) -> World:
    """Another organisation's records: nothing of it may leak to `world`'s users."""
    return build_world("Busan")
