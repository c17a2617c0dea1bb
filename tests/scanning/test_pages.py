"""Scanning pages: device keys shown once, lists without N+1, badge sheets."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pavilion.scanning import services
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
    assert world.badge.name in text and text.count("<svg") == 1
