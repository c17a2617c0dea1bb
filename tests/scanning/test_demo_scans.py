"""The demo edition's visitors come from badge scans plus hand tallies."""

import pytest
from django.test import Client
from django.urls import reverse

from pavilion.accounts.models import User
from pavilion.demo.loader import load_demo
from pavilion.reports import kpis
from pavilion.scanning.models import Badge, Lead, Scan
from pavilion.shows.models import Edition


@pytest.fixture
def demo(db):
    assert load_demo() is True
    return Edition.objects.get(slug="ces-2024")


def test_the_demo_visitor_figure_comes_from_scans_and_tallies(demo):
    figures = kpis.other_figures(demo)
    scanned, tallied = figures["visitors_scanned"].count, figures["visitors_tallied"].count
    assert scanned == Scan.objects.filter(edition=demo).values("badge").distinct().count()
    assert scanned > 0 and tallied > 0
    assert figures["visitors"].count == scanned + tallied
    # Repeat visits and booth stops make more scans than visitors.
    assert Scan.objects.filter(edition=demo).count() > scanned
    assert Badge.objects.filter(edition=demo, external=True).exists()


def test_the_demo_exhibitor_has_leads_of_its_own_only(demo):
    exhibitor = User.objects.get(username="exhibitor")
    client = Client()
    client.force_login(exhibitor)
    page = client.get(reverse("lead-list", args=[demo.slug]))
    own = Lead.objects.filter(company_id=exhibitor.company_id)
    assert own.exists() and Lead.objects.exclude(company_id=exhibitor.company_id).exists()
    assert page.context["page"].paginator.count == own.count()


def test_korean_visitors_names_read_family_name_first_everywhere(demo):
    """Badges not linked to a contact read "최하은" like the contacts, not "하은 최"."""
    korean = Badge.objects.filter(edition=demo, country="KR").exclude(name="")
    assert korean.filter(contact__isnull=True).exists()
    assert korean.filter(contact__isnull=False).exists()
    for badge in korean:
        assert " " not in badge.name, badge.name
        assert badge.name[0] in "김이박최", badge.name
