"""POST /api/v1/scans with a device key or a signed-in session."""

import json

import pytest
from django.test import Client

from pavilion.scanning import services
from pavilion.scanning.models import Scan, ScanDevice


def _post(client, body, key=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.post(
        "/api/v1/scans", data=json.dumps(body), content_type="application/json", **headers
    )


def _scan(nonce, code, when="2024-01-10T18:00:00Z"):
    return {"nonce": nonce, "code": code, "scanned_at": when}


@pytest.mark.django_db
def test_a_device_key_posts_a_batch_and_a_retry_answers_the_same(world):
    _device, key = services.register_scan_device(
        actor=world.operator, edition=world.edition, name="Entrance"
    )
    body = {"scans": [_scan("1", world.badge.code), _scan("2", "PVB1-nope"), _scan("3", "SHOW-77")]}
    first = _post(Client(), body, key)
    assert first.status_code == 200
    rows = Scan.objects.count()
    again = _post(Client(), body, key)
    assert again.json() == first.json()
    assert Scan.objects.count() == rows
    data = first.json()
    assert (data["accepted"], data["rejected"]) == (2, 1)
    assert data["results"][1]["code"] == "unknown_badge"


@pytest.mark.django_db
def test_a_wrong_or_revoked_key_is_unauthenticated(world):
    device, key = services.register_scan_device(
        actor=world.operator, edition=world.edition, name="Entrance"
    )
    body = {"scans": [_scan("1", world.badge.code)]}
    assert _post(Client(), body, key + "x").status_code == 401
    services.revoke_scan_device(actor=world.operator, device=device)
    response = _post(Client(), body, key)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.django_db
def test_a_device_revoked_while_another_process_caches_its_key_stores_nothing(world):
    device, key = services.register_scan_device(
        actor=world.operator, edition=world.edition, name="Entrance"
    )
    body = {"scans": [_scan("1", world.badge.code)]}
    assert _post(Client(), body, key).json()["accepted"] == 1  # the key is now cached
    # Revoked from another process: this one's cache does not hear of it.
    ScanDevice.objects.filter(pk=device.pk).update(revoked=True)
    assert services.device_for_key(key) is not None
    response = _post(Client(), {"scans": [_scan("2", world.badge.code)]}, key)
    assert response.status_code == 403, response.content
    assert Scan.objects.filter(device=device).count() == 1
    # Having learnt it, this process forgets the key: a retry is unauthenticated.
    assert _post(Client(), body, key).status_code == 401


@pytest.mark.django_db
def test_a_session_may_only_post_for_its_own_devices(world, other_world):
    client = Client()
    client.force_login(world.exhibitor)
    body = {"device_id": other_world.scan_device.pk, "scans": [_scan("1", world.badge.code)]}
    assert _post(client, body).status_code == 404
    body["device_id"] = world.scan_device.pk
    assert _post(client, body).json()["accepted"] == 1
    client.force_login(world.official)
    assert _post(client, body).status_code == 404


@pytest.mark.django_db
def test_a_bad_batch_names_the_item_and_field(world):
    client = Client()
    client.force_login(world.operator)
    body = {"device_id": world.scan_device.pk, "scans": [{"nonce": "1", "code": "x"}]}
    response = _post(client, body)
    assert response.status_code == 422
    assert "scans.0.scanned_at" in response.json()["fields"]
