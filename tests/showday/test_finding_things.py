"""Issue #15: each role reaches every page it may use by following links from
where it lands, and is never offered a link it may not follow."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pavilion.core.crawl import NOT_PAGES, walk
from tests.accounts.test_permission_matrix import routes_table, secret_world  # noqa: F401

# The API is not walked by links; everything else a person reaches is.
SKIP = (*NOT_PAGES, "/api/v1/")
# Pages a person reaches otherwise than by a link of the site.
NOT_LINKED = {
    "healthz": "load balancers",
    "favicon": "browsers",
    "scanner-sw": "the scanner page registers it",
    "follow-up-sign-in": "a link in an e-mail",
    "edition-report-json": "scripts",
    "badge-wallet": "the QR code on a badge",
    "badge-qr": "an image of the badge sheet",
    "login": "signed out only",
    "transfer-preview": "after an upload",
    "transfer-run": "after an upload",
    "report-snapshot": "listed once a report is frozen",
    "meeting-run-status": "polled by the schedule page",
    # Steps of signing in and out (allauth), reached from a form, an e-mail or a redirect.
    "account_logout": "the sign-out button (a form)",
    "account_confirm_email": "a link in an e-mail",
    "account_email_verification_sent": "after signing up",
    "account_inactive": "signing in to a deactivated account",
    "account_reauthenticate": "a sensitive step (turning on TOTP)",
    "account_reset_password_done": "after asking for a reset",
    "account_reset_password_from_key": "a link in an e-mail",
    "account_reset_password_from_key_done": "after setting the new password",
}

# Pages a role may open but has no use for: no link is owed to it.
NOT_OF_USE = {
    # The call and the scanner are the companies' and the organisers'.
    "partner_user": {"cfp", "scanner", "join-requests"},
    # Requests to join a company are for its members and the operators to decide.
    "official": {"join-requests"},
    # The investment agency works on its funds; the show's pages are the organisers'.
    "agency_user": {
        "agenda",
        "agenda-ics",
        "cfp",
        "consultation-list",
        "consultation-list-xlsx",
        "join-requests",
        "meeting-requests",
        "scanner",
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", ["operator", "official", "exhibitor", "partner_user", "agency_user"]
)
def test_every_page_of_the_role_is_reachable_from_its_landing_page(secret_world, role):  # noqa: F811
    world, _other = secret_world
    world.task.round.opened_at = timezone.now()  # an open round's task is the company's to answer
    world.task.round.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(getattr(world, role))
    statuses = walk(lambda url: client.get(url, follow=False), limit=500, skip=SKIP)
    reached = {urlsplit(url).path for url in statuses}
    missing = []
    for name, route in sorted(routes_table().items()):
        if route.get.get(role) != 200 or name in NOT_LINKED or name in NOT_OF_USE.get(role, ()):
            continue
        url = reverse(name, kwargs=route.args(world) if route.args else None)
        if url not in reached:
            missing.append(f"{name} {url}")
    assert missing == [], f"{role} cannot reach: " + ", ".join(missing)
    refused = {url: s for url, s in statuses.items() if s in (403, 404, 405) or s >= 500}
    assert refused == {}, f"{role} is offered links it may not follow"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["operator", "official"])
def test_staff_land_on_the_latest_edition_with_results_not_on_a_planning_one(world, role):
    from datetime import date

    from tests import factories as f

    f.edition(
        show=world.show,
        slug="ces-next",
        name="CES next",
        start_date=date(2099, 1, 7),
        end_date=date(2099, 1, 10),
    )
    client = Client()
    client.force_login(getattr(world, role))
    assert client.get("/")["Location"] == f"/editions/{world.edition.slug}/"
    world.edition.consultations.all().delete()
    assert client.get("/")["Location"] == "/editions/"
    dashboard = client.get(f"/editions/{world.edition.slug}/").content.decode()
    for name in (
        "cfp",
        "application-list",
        "floor-plan",
        "stage-agenda",
        "follow-up-rounds",
        "meeting-schedule",
    ):
        assert f'href="{reverse(name, kwargs={"slug": world.edition.slug})}"' in dashboard, name


@pytest.mark.django_db
def test_the_scanner_links_the_page_where_a_phone_is_registered(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.exhibitor)
    page = client.get(reverse("scanner")).content.decode()
    devices = reverse("scan-devices", args=[world.edition.slug])
    assert 'id="device-page-link"' in page and f'href="{devices}"' in page
    assert client.get(devices).status_code == 200
