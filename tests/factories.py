"""Test factories: plain functions with keyword arguments and no surprises."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from pavilion.accounts.models import Organisation, Role, User
from pavilion.companies import brn
from pavilion.companies.models import Award, Company, Participation, Sector
from pavilion.partners.models import Contact, Partner
from pavilion.shows.models import Booth, Edition, FxRate, Pavilion, Show

_seq = itertools.count(1)
PASSWORD = "test-pass-123"


def n() -> int:
    return next(_seq)


def make_brn() -> str:
    return brn.make_valid(f"{100000000 + n() * 7919:09d}"[-9:])


def organisation(**kw) -> Organisation:
    i = n()
    kw.setdefault("name", f"Agency {i}")
    kw.setdefault("slug", f"agency-{i}")
    return Organisation.objects.create(**kw)


def show(*, organisation, **kw) -> Show:
    i = n()
    kw.setdefault("name", f"Show {i}")
    kw.setdefault("slug", f"show-{i}")
    return Show.objects.create(organisation=organisation, **kw)


def edition(*, show, **kw) -> Edition:
    i = n()
    kw.setdefault("name", f"{show.name} 2024")
    kw.setdefault("slug", f"edition-{i}")
    kw.setdefault("year", 2024)
    kw.setdefault("start_date", date(2024, 1, 9))
    kw.setdefault("end_date", date(2024, 1, 12))
    kw.setdefault("time_zone", "America/Los_Angeles")
    return Edition.objects.create(show=show, **kw)


def fx_rate(*, edition, currency="USD", rate="1300", **kw) -> FxRate:
    kw.setdefault("fixed_on", edition.start_date)
    return FxRate.objects.create(edition=edition, currency=currency, rate=Decimal(rate), **kw)


def pavilion(*, edition, **kw) -> Pavilion:
    i = n()
    kw.setdefault("name", f"Pavilion {i}")
    kw.setdefault("slug", f"pavilion-{i}")
    return Pavilion.objects.create(edition=edition, **kw)


def booth(*, pavilion, **kw) -> Booth:
    kw.setdefault("number", f"B{n()}")
    return Booth.objects.create(pavilion=pavilion, **kw)


def sector(**kw) -> Sector:
    i = n()
    kw.setdefault("slug", f"sector-{i}")
    kw.setdefault("name_en", f"Sector {i}")
    kw.setdefault("name_ko", f"분야 {i}")
    return Sector.objects.create(**kw)


def company(*, organisation, sectors=(), **kw) -> Company:
    i = n()
    kw.setdefault("name_en", f"Company {i}")
    kw.setdefault("name_ko", f"회사 {i}")
    kw.setdefault("business_registration_number", make_brn())
    obj = Company.objects.create(organisation=organisation, **kw)
    if sectors:
        obj.sectors.set(sectors)
    return obj


def participation(*, company, edition, status="confirmed", **kw) -> Participation:
    return Participation.objects.create(company=company, edition=edition, status=status, **kw)


def award(*, participation, **kw) -> Award:
    kw.setdefault("category", "Digital Health")
    kw.setdefault("product", f"Product {n()}")
    return Award.objects.create(participation=participation, **kw)


def partner(*, organisation, **kw) -> Partner:
    i = n()
    kw.setdefault("name", f"Partner {i}")
    kw.setdefault("country", "US")
    kw.setdefault("kind", "buyer")
    return Partner.objects.create(organisation=organisation, **kw)


def contact(*, partner, **kw) -> Contact:
    i = n()
    kw.setdefault("name", f"Contact {i}")
    kw.setdefault("email", f"contact{i}@example.com")
    return Contact.objects.create(partner=partner, **kw)


def user(*, role=Role.OPERATOR, organisation=None, company=None, partner=None, **kw) -> User:
    i = n()
    kw.setdefault("username", f"{role}-{i}")
    kw.setdefault("email", f"{role}{i}@example.com")
    u = User(role=role, organisation=organisation, company=company, partner=partner, **kw)
    u.set_password(PASSWORD)
    u.full_clean(exclude=["password"])
    u.save()
    return u
