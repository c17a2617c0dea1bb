"""Scan ingest: idempotent per (device, nonce), per-item errors, show badges, leads."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied

from pavilion.core.models import AuditEntry
from pavilion.scanning import services
from pavilion.scanning.models import Badge, Lead, Scan
from pavilion.scanning.services import ScanItem

SHOW_DAY = datetime(2024, 1, 10, 19, 0, tzinfo=UTC)  # 11:00 in Las Vegas, a show day


def entrance(world):
    device, _key = services.register_scan_device(
        actor=world.operator, edition=world.edition, name="Entrance"
    )
    return device


@pytest.mark.django_db
def test_a_repeated_batch_gets_the_same_answers_and_writes_nothing(world):
    device = entrance(world)
    items = [ScanItem(f"n{i}", world.badge.code, SHOW_DAY) for i in range(3)]
    first = services.ingest_scans(device=device, items=items)
    rows, audits = Scan.objects.count(), AuditEntry.objects.count()
    again = services.ingest_scans(device=device, items=items)
    assert again == first
    assert [a["status"] for a in first] == ["ok", "ok", "ok"]
    assert Scan.objects.count() == rows
    assert AuditEntry.objects.count() == audits  # a retry writes nothing at all


@pytest.mark.django_db
def test_a_nonce_twice_in_one_batch_is_one_scan(world):
    device = entrance(world)
    before = Scan.objects.count()
    answers = services.ingest_scans(
        device=device,
        items=[ScanItem("same", world.badge.code, SHOW_DAY)] * 2,
    )
    assert answers[0] == answers[1]
    assert Scan.objects.count() == before + 1


@pytest.mark.django_db
def test_bad_items_are_refused_one_by_one_and_good_ones_kept(world):
    device = entrance(world)
    before = Scan.objects.count()
    answers = services.ingest_scans(
        device=device,
        items=[
            ScanItem("good", world.badge.code, SHOW_DAY),
            ScanItem("mistyped", "PVB1-no-such-badge", SHOW_DAY),
            ScanItem("late", world.badge.code, datetime(2024, 2, 1, 19, 0, tzinfo=UTC)),
            ScanItem("", world.badge.code, SHOW_DAY),
        ],
    )
    assert [(a["status"], a.get("code")) for a in answers] == [
        ("ok", None),
        ("error", "unknown_badge"),
        ("error", "outside_edition"),
        ("error", "invalid"),
    ]
    assert answers[2]["field"] == "scanned_at"
    assert Scan.objects.count() == before + 1


@pytest.mark.django_db
def test_the_show_day_is_the_show_time_zone_s(world):
    device = entrance(world)
    # 07:30 UTC on 9 Jan is still 8 Jan in Las Vegas: before the show.
    answer = services.ingest_scans(
        device=device,
        items=[ScanItem("early", world.badge.code, datetime(2024, 1, 9, 7, 30, tzinfo=UTC))],
    )
    assert answer[0]["code"] == "outside_edition"


@pytest.mark.django_db
def test_a_show_badge_is_stored_as_read_and_counted_once(world):
    device = entrance(world)
    code = "CES24;12345;SMITH^JOHN"
    answers = services.ingest_scans(
        device=device, items=[ScanItem("a", code, SHOW_DAY), ScanItem("b", code, SHOW_DAY)]
    )
    badge = Badge.objects.get(edition=world.edition, code=code)
    assert badge.external
    assert {a["badge_id"] for a in answers} == {badge.pk}


@pytest.mark.django_db
def test_a_booth_device_makes_one_lead_per_visitor(world):
    badge = Badge.objects.create(edition=world.edition, code="PVB1-x", name="Ann")
    answers = services.ingest_scans(
        device=world.scan_device,
        items=[ScanItem(f"booth{i}", badge.code, SHOW_DAY) for i in range(3)],
    )
    lead = Lead.objects.get(company=world.company, badge=badge)
    assert {a["lead_id"] for a in answers} == {lead.pk}
    assert lead.met_at == SHOW_DAY


@pytest.mark.django_db
def test_an_entrance_device_makes_no_lead(world):
    badge = Badge.objects.create(edition=world.edition, code="PVB1-y", name="Bo")
    answers = services.ingest_scans(
        device=entrance(world), items=[ScanItem("e", badge.code, SHOW_DAY)]
    )
    assert answers[0]["lead_id"] is None
    assert not Lead.objects.filter(badge=badge).exists()


@pytest.mark.django_db
def test_a_revoked_device_sends_nothing(world):
    device = entrance(world)
    services.revoke_scan_device(actor=world.operator, device=device)
    with pytest.raises(PermissionDenied):
        services.ingest_scans(device=device, items=[ScanItem("r", world.badge.code, SHOW_DAY)])


@pytest.mark.django_db
def test_only_its_company_s_exhibitor_or_an_operator_registers_a_booth_device(world, other_world):
    with pytest.raises(PermissionDenied):
        services.register_scan_device(
            actor=world.exhibitor, edition=world.edition, name="x", company=world.other_company
        )
    with pytest.raises(PermissionDenied):
        services.register_scan_device(actor=world.exhibitor, edition=world.edition, name="x")
    with pytest.raises(PermissionDenied):
        services.register_scan_device(
            actor=other_world.operator, edition=world.edition, name="x", company=world.company
        )
    device, key = services.register_scan_device(
        actor=world.exhibitor, edition=world.edition, name="Mine", company=world.company
    )
    assert services.device_for_key(key) == device
    assert key not in device.key_hash
