"""Issue #15: every page of every role fits a 390 × 844 phone, and each role's main
journey works on a phone and on a desktop — no server error, no horizontal
scrolling, no English interface text left on a Korean page.

The demo is loaded for each test (one browser, one context per role) and emptied
after it with the rest of the database, so the other tests start from an empty
database as usual. The journeys' screenshots (test-artifacts/journeys/) are what
docs/screenshots/ holds copies of; its README says which is which.
"""

import os
import re
from collections import deque
from pathlib import Path

import pytest

from pavilion.demo.loader import DEMO_PASSWORD, load_demo
from tests.core.test_locale import PO, parse_po

pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ROLES = ("operator", "official", "exhibitor", "buyer", "agency")
SKIP = ("/static/", "/admin/", "/api/", "/accounts/logout/", "/i18n/", "/b/")
SHOTS = Path(os.environ.get("PAVILION_TEST_ARTIFACTS", "test-artifacts")) / "journeys"
DOWNLOAD = re.compile(r"\.(xlsx|csv|ics|pdf|json)$|/export/|\.(xlsx|csv|ics|pdf)\?")
# Names that stay as they are: the product's, and each language's own name on its switch.
OWN_NAMES = {"Pavilion", "English", "USD", "KRW", "EUR", "JPY"}  # and currency codes
FITS = "document.documentElement.scrollWidth <= window.innerWidth"

# Each role's main journey: the pages a first-time user of the role goes through.
JOURNEYS = {
    "operator": [
        "/",
        "/editions/ces-2024/report/",
        "/editions/ces-2024/consultations/",
        "/editions/ces-2025/floor-plan/",
        "/editions/ces-2025/meetings/",
        "/editions/ces-2025/requests/",
    ],
    "official": ["/", "/editions/ces-2024/report/", "/editions/ces-2024/stage/"],
    "exhibitor": [
        "/",
        "/editions/ces-2025/recommendations/",
        "/editions/ces-2025/requests/",
        "/editions/ces-2025/consultations/new/",
    ],
    "buyer": ["/", "/editions/ces-2025/recommendations/", "/editions/ces-2025/requests/"],
    "agency": ["/", "/funds/"],
}


@pytest.fixture
def demo(transactional_db):
    """The demo, for one test. A live-server test runs on ``transactional_db``, which
    empties every table after the test: a demo loaded once per module was gone for the
    second test, whose sign-ins were then refused (issue #15's "hang")."""
    load_demo()


def _sign_in(browser, base, role, viewport, language="en"):
    context = browser.new_context(viewport=viewport, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", role)
    page.fill("input[name=password]", DEMO_PASSWORD)
    # Signed in once the next page's answer arrives; its images may load later.
    with page.expect_navigation(wait_until="domcontentloaded", timeout=60_000):
        page.click("#login-submit")
    if "/accounts/login/" in page.url:
        refusal = page.locator("main").inner_text()[:300]
        pytest.fail(f"{role}: the sign-in was refused: {refusal}")
    if language != "en":
        if page.is_visible("#menu-toggle"):
            page.click("#menu-toggle")  # on a phone the language switch is in the menu
        page.locator(f"button[name=language][value={language}]").first.click()
        page.wait_for_load_state()
    return context, page


def _shape(url: str) -> str:
    """Pages that differ only by a record's id look alike: one of each is visited."""
    return re.sub(r"\d+", "N", url.split("?")[0])


@pytest.fixture(scope="module")
def english_interface():
    """English interface texts that have a Korean translation."""
    entries = parse_po(PO.read_text(encoding="utf-8"))
    return {
        e["msgid"]
        for e in entries
        if len(e["msgid"].strip()) >= 3
        and "%" not in e["msgid"]
        and "{" not in e["msgid"]
        and e["msgstr"].get(0)
        and e["msgstr"][0] != e["msgid"]
    }


def test_every_role_walks_its_journey_on_a_phone_and_a_desktop(
    demo, live_server, browser, english_interface
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for role, pages in JOURNEYS.items():
        for device, viewport, language in (
            ("phone", PHONE, "ko"),
            ("desktop", DESKTOP, "en"),
        ):
            context, page = _sign_in(browser, live_server.url, role, viewport, language)
            if device == "phone":
                # The menu folds on a phone and opens with its button.
                assert not page.is_visible("#main-nav"), f"{role}: the menu does not fold"
                page.click("#menu-toggle")
                assert page.is_visible("#main-nav")
            for step, url in enumerate(pages):
                response = page.goto(live_server.url + url)
                where = f"{role} {device} {url}"
                if response.status >= 400:
                    problems.append(f"{where}: status {response.status}")
                if not page.evaluate(FITS):
                    problems.append(f"{where}: wider than the screen")
                if device == "phone" and url.endswith("/recommendations/"):
                    # The reasons (several sentences) take the screen's width, not a column.
                    widths = page.eval_on_selector_all(
                        "#suggestions tbody td:nth-child(2)",
                        "cells => cells.map(c => c.getBoundingClientRect().width)",
                    )
                    if widths and min(widths) < 300:
                        problems.append(f"{where}: reasons squeezed to {min(widths):.0f} px")
                if language == "ko":
                    texts = page.eval_on_selector_all(
                        "main h1, main h2, main th, main label, main button, main legend, "
                        "main summary, .topbar a, .topbar button",
                        "els => els.map(e => e.innerText.trim())",
                    )
                    left = sorted({t for t in texts if t in english_interface} - OWN_NAMES)
                    if left:
                        problems.append(f"{where}: English interface text {left}")
                page.screenshot(path=str(SHOTS / f"{role}-{device}-{step}.png"))
            context.close()
    assert problems == [], "\n".join(problems)


def test_every_page_of_every_role_fits_a_phone(demo, live_server, browser):
    problems = []
    for role in ROLES:
        context, page = _sign_in(browser, live_server.url, role, PHONE)
        start = page.url.replace(live_server.url, "")
        queue, seen, shapes = deque([start]), {start}, set()
        while queue and len(shapes) < 150:
            url = queue.popleft()
            if _shape(url) in shapes:
                continue
            shapes.add(_shape(url))
            if DOWNLOAD.search(url):
                continue
            # The HTML, not its images (the badge sheet's 800 QR codes load after it).
            response = page.goto(live_server.url + url, wait_until="domcontentloaded")
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            if response.status >= 500:
                problems.append(f"{role} {url}: server error {response.status}")
            if not page.evaluate(FITS):
                width = page.evaluate("document.documentElement.scrollWidth")
                problems.append(f"{role} {url}: {width} px wide on a 390 px phone")
            for href in page.eval_on_selector_all(
                "a[href^='/']", "links => links.map(a => a.getAttribute('href'))"
            ):
                href = href.split("#")[0]
                if href and href not in seen and not href.startswith(SKIP):
                    seen.add(href)
                    queue.append(href)
        assert len(shapes) > 8, f"{role} reached only {sorted(shapes)}"
        context.close()
    assert problems == [], "\n".join(problems)
