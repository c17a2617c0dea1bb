"""The phone scanner keeps scans while offline and sends each once when back online."""

import re
from datetime import date, timedelta

import pytest

from pavilion.accounts.models import Role
from pavilion.scanning import services
from pavilion.scanning.models import Scan, ScanDevice
from tests import factories as f
from tests.browser.test_foundation import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _an_upload(response) -> bool:
    """A scan upload, not the key check: an empty batch the page also sends on
    load and when it comes back online, which may still be under way."""
    if not response.url.endswith("/api/v1/scans"):
        return False
    return bool((response.request.post_data_json or {}).get("scans"))


def _registered_phone(live_server, page, *, badges=1, today_is_a_show_day=True):
    """An operator, ``badges`` badges of an edition, and this page registered
    as the edition's entrance phone (the key travels in the link's fragment)."""
    org = f.organisation(name="Daejeon Center", slug="dcei")
    show = f.show(organisation=org, name="CES", slug="ces")
    today = date.today()
    # The show is on now, so scans made now are on one of its days (or 30 days off).
    first = today - timedelta(days=1) if today_is_a_show_day else today + timedelta(days=30)
    edition = f.edition(show=show, slug="ces-now", start_date=first, end_date=first + timedelta(2))
    operator = f.user(role=Role.OPERATOR, organisation=org, username="operator")
    issued = [
        services.issue_badge(actor=operator, edition=edition, name=f"Visitor {i}")
        for i in range(badges)
    ]
    login(page, live_server.url, operator.username)
    page.goto(f"{live_server.url}/editions/{edition.slug}/scan-devices/")
    page.fill("input[name=name]", "Entrance phone")
    page.click("button.primary")
    page.click("#device-link")
    page.wait_for_selector("#device-state[data-state=ready]")
    return operator, issued


def test_offline_scans_sync_once(live_server, page, screenshot):
    _operator, badges = _registered_phone(live_server, page, badges=3)
    page.evaluate("navigator.serviceWorker.ready")  # the page is kept for offline starts
    page.reload()  # so the worker controls the page and has seen its script

    page.context.set_offline(True)
    for badge in badges:
        page.fill("#manual-code", badge.code)
        page.click("#manual-record")
        page.wait_for_function(
            "n => document.querySelectorAll('#queue-list tr').length === n",
            arg=badges.index(badge) + 1,
        )
    page.wait_for_selector("#queue-count:text('3')")
    assert Scan.objects.count() == 0
    # With no network at all the page still opens (service worker) and keeps its queue.
    page.reload()
    page.wait_for_selector("#queue-count:text('3')")
    assert page.evaluate("navigator.onLine") is False
    screenshot("scanner-offline")

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#synced-count:text('3')")
    page.wait_for_selector("#queue-count:text('0')")
    assert Scan.objects.count() == 3
    assert Scan.objects.values("badge").distinct().count() == 3

    # Sending everything again (what a phone does when it is unsure) counts nothing twice.
    for _attempt in range(2):
        with page.expect_response(_an_upload) as response:
            page.click("#resend-all")
        assert response.value.json()["accepted"] == 3  # the server saw all three again
        page.wait_for_selector("#sync-state[data-state=idle]")
        page.reload()  # the queue survives a reload (IndexedDB)
        page.wait_for_selector("#synced-count:text('3')")
    assert Scan.objects.count() == 3
    screenshot("scanner-synced")


def test_a_revoked_phone_says_so_stops_sending_and_keeps_its_queue(live_server, page):
    operator, badges = _registered_phone(live_server, page, badges=2)

    # A code of only spaces records nothing, and says so (not the last "Recorded").
    page.fill("#manual-code", badges[0].code)
    page.click("#manual-record")
    page.wait_for_selector("#synced-count:text('1')")
    page.fill("#manual-code", "   ")
    page.click("#manual-record")
    page.wait_for_selector("#last-scan[data-state=empty]")
    assert "Recorded" not in page.inner_text("#last-scan")
    assert page.inner_text("#queue-count") == "0"

    services.revoke_scan_device(actor=operator, device=ScanDevice.objects.get())
    page.fill("#manual-code", badges[1].code)
    page.click("#manual-record")
    page.wait_for_selector("#device-state[data-state=revoked]")
    assert "no longer registered" in page.inner_text("#device-state")
    page.wait_for_selector("#sync-state[data-state=stopped]")
    # The scan waits on the phone, visible; nothing is sent any more, even after a reload.
    page.wait_for_selector("#queue-count:text('1')")
    assert badges[1].code in page.inner_text("#queue-list")
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "/api/v1/scans" in r.url else None)
    page.click("#sync-now")
    page.click("#resend-all")
    page.reload()
    page.wait_for_selector("#device-state[data-state=revoked]")
    page.wait_for_selector("#queue-count:text('1')")
    page.wait_for_timeout(500)
    assert sent == []
    assert Scan.objects.count() == 1
    assert page.is_visible("#device-form")  # a new key may be entered


def _pdf_pages(pdf: bytes) -> int:
    # pypdf is not installed: count the page objects ("/Type /Page", not "/Pages").
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_the_badge_sheet_prints_eight_badges_per_a4_page(live_server, page):
    org = f.organisation(name="Daejeon Center", slug="dcei")
    show = f.show(organisation=org, name="CES", slug="ces")
    edition = f.edition(show=show, slug="ces-2024")
    operator = f.user(role=Role.OPERATOR, organisation=org, username="operator")
    for i in range(16):
        # Long names and companies must not stretch a badge past its row.
        services.issue_badge(
            actor=operator,
            edition=edition,
            name=f"Visitor {i:02d} Alexandria Konstantinopoulou-Vanderbilt",
            company_name="Belle-Rive Capital Partners International Holdings" * 2,
            country="KR",
        )
    login(page, live_server.url, operator.username)
    page.goto(f"{live_server.url}/editions/{edition.slug}/badges/sheet/")
    assert page.is_visible(".noprint")
    assert _pdf_pages(page.pdf(format="A4", prefer_css_page_size=True)) == 2
    page.emulate_media(media="print")
    assert not page.is_visible(".noprint")  # "16 badges · CES 2024" is not printed
    # One block of eight badges per printed page.
    blocks = page.eval_on_selector_all(".sheet", "els => els.map(e => e.children.length)")
    assert blocks == [8, 8]

    issued = services.issue_badge(actor=operator, edition=edition, name="Seventeenth")
    assert issued.pk
    page.goto(f"{live_server.url}/editions/{edition.slug}/badges/sheet/")
    assert _pdf_pages(page.pdf(format="A4", prefer_css_page_size=True)) == 3


def test_a_revoked_phone_with_nothing_to_send_learns_it_on_load(live_server, page):
    """It said "This phone is registered" until a scan was sent."""
    operator, _badges = _registered_phone(live_server, page)
    page.reload()
    page.wait_for_selector("#sync-state[data-state=idle]")
    assert page.get_attribute("#device-state", "data-state") == "ready"  # the key is good
    services.revoke_scan_device(actor=operator, device=ScanDevice.objects.get())
    page.reload()
    page.wait_for_selector("#device-state[data-state=revoked]")
    assert "no longer registered" in page.inner_text("#device-state")
    assert page.inner_text("#queue-count") == "0"
    assert page.is_visible("#device-form")


def test_a_korean_scanner_page_gives_refusals_in_korean(live_server, page):
    """The browser speaks English; the site was switched to Korean. The API is
    called without cookies, so the page sends its language."""
    _operator, (badge,) = _registered_phone(live_server, page, today_is_a_show_day=False)
    page.goto(f"{live_server.url}/scan/")
    page.click("button[lang=ko]")
    page.wait_for_selector("html[lang=ko]")
    page.fill("#manual-code", badge.code)
    page.click("#manual-record")
    page.wait_for_selector("#rejected-count:text('1')")
    row = page.inner_text("#queue-list tr[data-state=rejected]")
    assert "스캔 시각이 전시 기간에 속하지 않습니다." in row
    assert "show's days" not in row
