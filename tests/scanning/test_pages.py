"""Scanning pages: device keys shown once, lists without N+1, badge sheets."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pavilion.scanning import services, views
from pavilion.scanning.models import Badge, Lead, ScanDevice, hash_device_key


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_device_key_is_shown_once_and_stored_hashed(world):
    client = _client(world.exhibitor)
    url = reverse("scan-devices", args=[world.edition.slug])
    page = client.post(url, {"name": "Booth phone 2"}).content.decode()
    device = ScanDevice.objects.get(name="Booth phone 2")
    assert device.company == world.company  # an exhibitor's phone is its booth's
    key = page.split('id="device-key-once">')[1].split("<")[0]
    assert device.key_hash == hash_device_key(key) and key not in device.key_hash
    assert key not in client.get(url).content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["lead-list", "badge-list", "scan-devices"])
def test_lists_cost_the_same_queries_for_one_or_three_rows(world, name):
    client = _client(world.operator)
    url = reverse(name, args=[world.edition.slug])
    one = _queries(client, url)
    for i in range(2):
        badge = Badge.objects.create(edition=world.edition, code=f"PVB1-q{i}", name=f"Q{i}")
        Lead.objects.create(
            edition=world.edition, company=world.company, badge=badge, met_at=world.lead.met_at
        )
        services.register_scan_device(actor=world.operator, edition=world.edition, name=f"D{i}")
    assert _queries(client, url) == one


@pytest.mark.django_db
def test_the_badge_sheet_prints_our_badges_only(world):
    services.ingest_scans(
        device=world.scan_device,
        items=[services.ScanItem("s", "SHOW-9", world.lead.met_at)],
    )
    page = _client(world.operator).get(reverse("badge-sheet", args=[world.edition.slug]))
    text = page.content.decode()
    assert world.badge.name in text and text.count('/qr.svg"') == 1


@pytest.mark.django_db
def test_the_badge_sheet_is_paginated_by_whole_a4_pages_and_keeps_the_filter(world):
    """It stopped at 800 badges ([:800]) with 1,038 to print: the rest come on
    the next sheets, linked from a header hidden in print."""
    ours = {"edition": world.edition, "external": False, "erased_at__isnull": True}
    before = Badge.objects.filter(**ours).count()
    Badge.objects.bulk_create(
        Badge(edition=world.edition, code=f"PVB1-z{i:04}", name=f"Zed {i:04}")
        for i in range(1038 - before)
    )
    assert Badge.objects.filter(**ours).count() == 1038
    assert views.SHEET_SIZE == 800 and views.SHEET_SIZE % views.BADGES_PER_PAGE == 0
    client = _client(world.operator)
    url = reverse("badge-sheet", args=[world.edition.slug])
    first = client.get(url).content.decode()
    header = first[first.index('id="badge-sheet-header"') :].split("</div>")[0]
    assert "Badges 1–800 of 1,038" in header
    assert f'href="{url}?page=2"' in header
    assert first.count('/qr.svg"') == 800 and first.count('class="sheet"') == 100
    second = client.get(url, {"page": "2"}).content.decode()
    assert "Badges 801–1,038 of 1,038" in second
    assert second.count('/qr.svg"') == 238  # the rest: every badge printed once
    printed = [re.findall(r"<strong>(.*?)</strong>", text) for text in (first, second)]
    names = list(Badge.objects.filter(**ours).order_by("name", "pk").values_list("name", flat=True))
    assert printed[0] + printed[1] == names  # every badge once, in order

    # The badges list passes its search; the sheets keep it.
    listing = client.get(reverse("badge-list", args=[world.edition.slug]), {"q": "Zed 0"})
    assert f'href="{url}?q=Zed%200"' in listing.content.decode()
    filtered = client.get(url, {"q": "Zed 0"}).content.decode()
    assert "Badges 1–800 of 1,000" in filtered
    assert f'href="{url}?q=Zed+0&amp;page=2"' in filtered
    rest = client.get(url, {"q": "Zed 0", "page": "2"}).content.decode()
    assert "Badges 801–1,000 of 1,000" in rest and rest.count('/qr.svg"') == 200


@pytest.mark.django_db
def test_erasing_asks_for_a_confirmation_and_returns_to_the_filtered_list(world):
    show_badge = Badge.objects.create(edition=world.edition, code="SHOW-1", external=True)
    client = Client()
    client.force_login(world.operator)
    listing = client.get(reverse("badge-list", args=[world.edition.slug]), {"q": "Visitor"})
    page = listing.content.decode()
    erase_url = reverse("badge-erase", args=[world.badge.pk])
    # No one-click erasure: a link to a confirmation page, carrying the search.
    assert f'action="{erase_url}"' not in page
    assert f"{erase_url}?q=Visitor&amp;page=1" in page
    listing = client.get(reverse("badge-list", args=[world.edition.slug]))
    # Nothing to erase on a show badge only read by the scanners: not offered.
    assert reverse("badge-erase", args=[show_badge.pk]) not in listing.content.decode()

    confirm = client.get(erase_url, {"q": "Visitor", "page": "1"})
    assert confirm.status_code == 200
    assert world.badge.email in confirm.content.decode()
    assert 'name="confirm"' in confirm.content.decode()
    # Without the box ticked, nothing is erased.
    response = client.post(erase_url, {"q": "Visitor", "page": "1"})
    assert response.status_code == 200
    assert "confirm-error" in response.content.decode()
    world.badge.refresh_from_db()
    assert world.badge.email and world.badge.erased_at is None

    response = client.post(erase_url, {"q": "Visitor", "page": "1", "confirm": "yes"})
    assert response.status_code == 302
    assert response["Location"] == reverse("badge-list", args=[world.edition.slug]) + (
        "?q=Visitor&page=1"
    )
    world.badge.refresh_from_db()
    assert (world.badge.name, world.badge.email, world.badge.erased_at is None) == ("", "", False)
    # Done once: nothing left to erase, so nothing happens the second time.
    response = client.post(erase_url, {"confirm": "yes"})
    assert response.status_code == 200
    assert "no personal data" in response.content.decode()


@pytest.mark.django_db
def test_a_badge_qr_image_is_the_codes_and_only_for_a_live_badge(world, client):
    """The badge sheet links one QR image per badge (issue #15: encoding 800 codes
    inline took seconds); the image carries the code, and nothing for an erased badge."""
    url = reverse("badge-qr", args=[world.badge.code])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert client.get(reverse("badge-qr", args=["PVB1-nothing"])).status_code == 404
    from django.utils import timezone

    world.badge.erased_at = timezone.now()
    world.badge.save()
    assert client.get(url).status_code == 404
