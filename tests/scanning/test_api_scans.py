"""POST /api/v1/scans with a device key or a signed-in session."""

import json

import pytest
from django.test import Client

from pavilion.scanning import services
from pavilion.scanning.models import Badge, Scan, ScanDevice


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


def _phone():
    # Like a phone: no session cookie, and CSRF enforced as in production (the
    # test client skips the check by default, which hid the 403 csrf_failed).
    return Client(enforce_csrf_checks=True)


@pytest.mark.django_db
def test_a_wrong_or_revoked_key_is_unauthenticated(world):
    device, key = services.register_scan_device(
        actor=world.operator, edition=world.edition, name="Entrance"
    )
    body = {"scans": [_scan("1", world.badge.code)]}
    for wrong in (key + "x", "pvd_nothing", "pvl_not-a-device-key", "garbage"):
        response = _post(_phone(), body, wrong)
        assert response.status_code == 401, (wrong, response.content)
        assert response.json()["code"] == "invalid_device_key"
    assert _post(_phone(), body, key).status_code == 200  # cached now
    services.revoke_scan_device(actor=world.operator, device=device)
    response = _post(_phone(), body, key)
    assert response.status_code == 401
    assert response.json()["code"] == "device_revoked"
    assert "register" in response.json()["message"]


@pytest.mark.django_db
def test_a_bad_key_is_refused_even_with_a_signed_in_session(world):
    """The key decides: no fall back to the session when a key is sent."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.operator)
    body = {"device_id": world.scan_device.pk, "scans": [_scan("1", world.badge.code)]}
    response = _post(client, body, "pvd_wrong")
    assert (response.status_code, response.json()["code"]) == (401, "invalid_device_key")


@pytest.mark.django_db
def test_a_device_revoked_while_another_process_caches_its_key_stores_nothing(world):
    device, key = services.register_scan_device(
        actor=world.operator, edition=world.edition, name="Entrance"
    )
    body = {"scans": [_scan("1", world.badge.code)]}
    assert _post(_phone(), body, key).json()["accepted"] == 1  # the key is now cached
    # Revoked from another process: this one's cache does not hear of it.
    ScanDevice.objects.filter(pk=device.pk).update(revoked=True)
    assert services.device_for_key(key) is not None
    response = _post(_phone(), {"scans": [_scan("2", world.badge.code)]}, key)
    # The phone is told it was revoked (it stops sending), not a bare 403.
    assert response.status_code == 401, response.content
    assert response.json()["code"] == "device_revoked"
    assert Scan.objects.filter(device=device).count() == 1
    # Having learnt it, this process forgets the key: a retry is refused too.
    response = _post(_phone(), body, key)
    assert (response.status_code, response.json()["code"]) == (401, "device_revoked")
    assert services.device_for_key(key) is None


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
def test_a_bad_item_is_answered_alone_and_the_good_ones_kept(world):
    _device, key = services.register_scan_device(
        actor=world.operator, edition=world.edition, name="Entrance"
    )
    body = {
        "scans": [
            _scan("good", world.badge.code),
            _scan("bad-time", world.badge.code, "not a date"),
            {"nonce": "no-time", "code": world.badge.code},
            {"nonce": "naive", "code": world.badge.code, "scanned_at": "2024-01-10T18:00:00"},
            {"nonce": "no-code", "scanned_at": "2024-01-10T18:00:00Z"},
            _scan("empty", ""),
            _scan("spaces", "   "),
            _scan("long", "X" * 201),
            _scan("number", 12345),
            _scan("n" * 65, world.badge.code),
            {"code": world.badge.code, "scanned_at": "2024-01-10T18:00:00Z"},
            _scan("good-2", "SHOW-1", "2024-01-10T10:00:00-08:00"),
        ]
    }
    response = _post(_phone(), body, key)
    assert response.status_code == 200, response.content
    data = response.json()
    got = [(r["nonce"], r["status"], r.get("code"), r.get("field")) for r in data["results"]]
    assert got == [
        ("good", "ok", None, None),
        ("bad-time", "error", "invalid", "scanned_at"),
        ("no-time", "error", "invalid", "scanned_at"),
        ("naive", "error", "invalid", "scanned_at"),
        ("no-code", "error", "invalid", "code"),
        ("empty", "error", "invalid", "code"),
        ("spaces", "error", "invalid", "code"),
        ("long", "error", "invalid", "code"),
        ("number", "error", "invalid", "code"),
        ("n" * 65, "error", "invalid", "nonce"),
        ("", "error", "invalid", "nonce"),
        ("good-2", "ok", None, None),
    ]
    assert (data["accepted"], data["rejected"]) == (2, 10)
    assert all(r["message"] for r in data["results"][1:-1])
    assert set(Scan.objects.filter(nonce__startswith="good").values_list("nonce", flat=True)) == {
        "good",
        "good-2",
    }


@pytest.mark.django_db
def test_a_nonce_sent_again_with_another_code_is_refused(world):
    device, key = services.register_scan_device(
        actor=world.exhibitor, edition=world.edition, name="Booth", company=world.company
    )
    first = _post(_phone(), {"scans": [_scan("n1", world.badge.code)]}, key).json()["results"][0]
    assert first["status"] == "ok"
    body = {"scans": [_scan("n1", "SHOW-OTHER"), _scan("n1", world.badge.code)]}
    data = _post(_phone(), body, key).json()
    assert data["results"][0]["code"] == "nonce_reused"
    assert data["results"][0]["field"] == "nonce"
    assert data["results"][1] == first  # the identical retry: the original answer
    # Within one batch too: the first code of a new nonce wins.
    body = {"scans": [_scan("n2", world.badge.code), _scan("n2", "SHOW-OTHER")]}
    results = _post(_phone(), body, key).json()["results"]
    assert [r["status"] for r in results] == ["ok", "error"]
    assert results[1]["code"] == "nonce_reused"
    assert not Badge.objects.filter(code="SHOW-OTHER").exists()
    assert Scan.objects.filter(device=device).count() == 2


@pytest.mark.django_db
def test_a_batch_that_is_not_a_list_of_scans_is_refused_whole(world):
    client = Client()
    client.force_login(world.operator)
    body = {"device_id": world.scan_device.pk, "scans": "nope"}
    response = _post(client, body)
    assert response.status_code == 422
    assert "scans" in response.json()["fields"]


@pytest.mark.django_db
def test_an_empty_batch_checks_the_key_and_stores_nothing(world):
    """What the scanner page sends on load: a phone with nothing to send learns
    its device was revoked."""
    device, key = services.register_scan_device(
        actor=world.operator, edition=world.edition, name="Entrance"
    )
    scans = Scan.objects.count()
    response = _post(_phone(), {"scans": []}, key)
    assert response.status_code == 200
    assert response.json() == {
        "accepted": 0,
        "rejected": 0,
        "results": [],
        "time_zone": world.edition.time_zone,
    }
    services.revoke_scan_device(actor=world.operator, device=device)
    response = _post(_phone(), {"scans": []}, key)
    assert (response.status_code, response.json()["code"]) == (401, "device_revoked")
    response = _post(_phone(), {"scans": []}, "pvd_nothing")
    assert (response.status_code, response.json()["code"]) == (401, "invalid_device_key")
    assert Scan.objects.count() == scans


@pytest.mark.django_db
def test_a_refused_scan_s_reason_is_in_the_requests_language(world):
    """The scanner page sends its language (Accept-Language) with the key: a
    Korean page's refusals are in Korean."""
    _device, key = services.register_scan_device(
        actor=world.operator, edition=world.edition, name="Entrance"
    )
    body = {"scans": [_scan("1", world.badge.code, "2023-06-01T10:00:00Z")]}
    response = _phone().post(
        "/api/v1/scans",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    result = response.json()["results"][0]
    assert result["code"] == "outside_edition"
    assert result["message"] == "스캔 시각이 전시 기간에 속하지 않습니다."
    english = _post(_phone(), body, key).json()["results"][0]["message"]
    assert english == "The scan time is not on one of the show's days."
