"""Issue #15: the scanner is honest on an unregistered phone, "Send now" answers,
the status never trails off, scan times read as the show's clock."""

import pytest

from pavilion.scanning.models import Scan
from tests.browser.test_scanner import _registered_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_unregistered_phone_is_told_before_and_after_a_scan(live_server, page):
    page.goto(f"{live_server.url}/scan/")
    assert page.is_visible("#device-help")
    assert "Scanning phones" in page.inner_text("#device-help")
    status = page.inner_text("#scanner-status")
    assert not status.strip().endswith("·")
    assert "not registered" in page.inner_text("#sync-state")
    page.fill("#manual-code", "PVB1-TEST")
    page.click("#manual-record")
    page.wait_for_selector("#last-scan[data-state=unregistered]")
    text = page.inner_text("#last-scan")
    assert "Recorded" not in text and "not sent" in text
    page.evaluate("document.getElementById('sync-state').textContent = ''")
    page.click("#sync-now")
    assert "not registered" in page.inner_text("#sync-state")
    assert Scan.objects.count() == 0


def test_send_now_says_what_it_did_and_times_are_the_shows(live_server, page):
    _operator, badges = _registered_phone(live_server, page, badges=1)
    page.fill("#manual-code", badges[0].code)
    page.click("#manual-record")
    page.wait_for_selector("#synced-count:text('1')")
    page.click("#sync-now")
    page.wait_for_function(
        # A function, not an expression: the page's CSP forbids eval of a string.
        "() => document.getElementById('sync-state').textContent.indexOf('Nothing to send') === 0"
    )
    assert page.inner_text("#scan-tz") == "(America/Los_Angeles)"
    shown = page.inner_text("#queue-list tr td")
    expected = page.evaluate(
        "iso => new Date(iso).toLocaleTimeString('en', {hour: '2-digit', minute: '2-digit',"
        " second: '2-digit', hour12: false, timeZone: 'America/Los_Angeles'})",
        Scan.objects.get().scanned_at.isoformat(),
    )
    assert shown == expected
