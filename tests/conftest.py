"""Shared fixtures: two organisations, each with an edition, a pavilion,
companies, partners and one user per role, so every permission test has data
that *could* leak."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from pavilion.accounts.models import ApiToken, Role
from pavilion.consultations.models import Consultation
from pavilion.funds.models import Commitment, Fund, Investment
from pavilion.scanning.models import Badge, Lead, Scan, ScanDevice

from . import factories as f


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a request with
    Accept-Language: ko leaves Korean active in the thread, and messages are
    translated when they are shown."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@dataclass
class World:
    organisation: object
    show: object
    edition: object
    pavilion: object
    booth: object
    company: object
    participation: object
    award: object
    other_company: object
    partner: object
    contact: object
    operator: object
    official: object
    exhibitor: object
    partner_user: object
    token: object
    consultation: object
    agency_user: object
    fund: object
    commitment: object
    investment: object
    # scanning (issue #5): the company's booth phone, a visitor's badge and its lead
    scan_device: object = None
    badge: object = None
    lead: object = None
    # planning the next edition (issue #6)
    cfp: object = None
    criterion: object = None
    application: object = None
    review: object = None
    stage: object = None
    pitch: object = None
    exhibitor_entry: object = None
    invitation: object = None


def build_planning(w: World) -> None:
    """A call with one criterion, the company's submitted application scored by the
    operator, a stage with the company's pitch, an exhibitor-list entry and an
    invitation: records of issue #6 that must not leak either."""
    from datetime import timedelta

    from django.utils import timezone

    from pavilion.planning.models import (
        Application,
        CallForParticipation,
        Criterion,
        ExhibitorListEntry,
        Invitation,
        Review,
        Score,
    )
    from pavilion.stage.models import PitchSession, Stage

    now = timezone.now()
    w.cfp = CallForParticipation.objects.create(
        edition=w.edition,
        pavilion=w.pavilion,
        title=f"{w.organisation.name} call",
        opens_at=now - timedelta(days=1),
        deadline=now + timedelta(days=30),
        capacity=2,
    )
    w.cfp.reviewers.add(w.official)
    w.criterion = Criterion.objects.create(cfp=w.cfp, name_en="Innovation", weight=2)
    w.application = Application.objects.create(
        cfp=w.cfp,
        company=w.company,
        product=f"{w.company.name_en} arm",
        seeks_buyers=True,
        state="submitted",
        submitted_at=now,
    )
    w.review = Review.objects.create(
        application=w.application, reviewer=w.operator, comment="REVIEW-COMMENT"
    )
    Score.objects.create(review=w.review, criterion=w.criterion, value=4)
    w.stage = Stage.objects.create(edition=w.edition, name="Main stage")
    # Late on the show's third day (America/Los_Angeles), clear of the meeting tests' slots.
    w.pitch = PitchSession.objects.create(
        stage=w.stage,
        company=w.company,
        title="Robots for care homes",
        start=datetime(2024, 1, 12, 6, 0, tzinfo=UTC),
        end=datetime(2024, 1, 12, 6, 15, tzinfo=UTC),
    )
    w.exhibitor_entry = ExhibitorListEntry.objects.create(
        edition=w.edition,
        name=w.other_company.name_en,
        booth_label="LVCC 1234",
        company=w.other_company,
        match_state="matched",
    )
    w.invitation = Invitation.objects.create(
        edition=w.edition, pavilion=w.pavilion, company=w.company, entry=w.exhibitor_entry
    )


def build_world(name: str) -> World:
    org = f.organisation(name=f"{name} Agency", slug=f"{name.lower()}-agency")
    show = f.show(organisation=org, name="CES", slug=f"{name.lower()}-ces")
    edition = f.edition(show=show, slug=f"{name.lower()}-ces-2024", name="CES 2024")
    f.fx_rate(edition=edition, currency="USD", rate="1300")
    pav = f.pavilion(edition=edition, name=f"{name} Pavilion", slug="pavilion")
    booth = f.booth(pavilion=pav, number="A1")
    health = f.sector(
        slug=f"{name.lower()}-health", name_en="Digital health", name_ko="디지털 헬스"
    )
    company = f.company(organisation=org, name_en=f"{name} Robotics", sectors=[health])
    part = f.participation(company=company, edition=edition, pavilion=pav, booth=booth)
    award = f.award(participation=part)
    other_company = f.company(organisation=org, name_en=f"{name} Quantum")
    f.participation(company=other_company, edition=edition, pavilion=pav)
    partner = f.partner(organisation=org, name=f"{name} Ventures", kind="vc")
    contact = f.contact(partner=partner)
    consultation = Consultation.objects.create(
        edition=edition,
        company=company,
        partner=partner,
        contact=contact,
        kind="export",
        occurred_at=datetime(2024, 1, 10, 18, 0, tzinfo=UTC),
        amount=Decimal("250000"),
        currency="USD",
    )
    operator = f.user(role=Role.OPERATOR, organisation=org)
    token, _raw = ApiToken.issue(user=operator, name="Booth scanner")
    fund = Fund.objects.create(
        organisation=org,
        name=f"{name} Startup Fund I",
        slug=f"{name.lower()}-fund-1",
        currency="KRW",
        target_size=Decimal("300000000000"),
        vintage=2024,
    )
    commitment = Commitment.objects.create(
        fund=fund,
        limited_partner=f"{name} City",
        is_city=True,
        amount=Decimal("50000000000"),
        currency="KRW",
        committed_on=date(2024, 3, 1),
    )
    investment = Investment.objects.create(
        fund=fund,
        company=company,
        invested_on=date(2024, 4, 12),
        round="series_a",
        instrument="equity",
        amount=Decimal("3000000000"),
        currency="KRW",
        notes=f"{name} agency note: board seat negotiated",
    )
    scan_device, badge, lead = _scanning(edition, company, contact, operator)
    world = World(
        organisation=org,
        show=show,
        edition=edition,
        pavilion=pav,
        booth=booth,
        company=company,
        participation=part,
        award=award,
        other_company=other_company,
        partner=partner,
        contact=contact,
        operator=operator,
        official=f.user(role=Role.OFFICIAL, organisation=org),
        exhibitor=f.user(role=Role.EXHIBITOR, company=company),
        partner_user=f.user(role=Role.PARTNER, partner=partner),
        token=token,
        consultation=consultation,
        agency_user=f.user(role=Role.AGENCY, organisation=org),
        fund=fund,
        commitment=commitment,
        investment=investment,
        scan_device=scan_device,
        badge=badge,
        lead=lead,
    )
    build_planning(world)
    return world


def _scanning(edition, company, contact, operator):
    device, _key = (
        ScanDevice.objects.create(
            edition=edition,
            name="Booth phone",
            place="booth",
            company=company,
            key_hash=f"world-{edition.slug}",
            created_by=operator,
        ),
        None,
    )
    badge = Badge.objects.create(
        edition=edition,
        code=f"PVB1-world-{edition.slug}",
        name=f"Visitor of {edition.slug}",
        email=f"visitor@{edition.slug}.example",
        country="US",
        kind="buyer",
        contact=contact,
    )
    scan = Scan.objects.create(
        device=device,
        edition=edition,
        badge=badge,
        nonce="world",
        scanned_at=datetime(2024, 1, 10, 18, 0, tzinfo=UTC),
    )
    lead = Lead.objects.create(
        edition=edition, company=company, badge=badge, met_at=scan.scanned_at
    )
    return device, badge, lead


@pytest.fixture
def world(db) -> World:
    """Our organisation's records and users."""
    return build_world("Daejeon")


@pytest.fixture
def other_world(db) -> World:
    """Another organisation's records: nothing of it may leak to `world`'s users."""
    return build_world("Busan")


@pytest.fixture
def mail_server(settings):
    """A real SMTP server (aiosmtpd) on a free loopback port, and Django's SMTP
    backend pointed at it for this test. Mail goes: ``send_email`` → outbox row →
    after commit, the send task → SMTP → here.

    - ``mail_server.messages``: what arrived, as parsed ``email.message.EmailMessage``
      (``m["To"]``, ``m["Subject"]``, ``m.get_body(("plain",)).get_content()``,
      ``m.iter_attachments()``); ``mail_server.to(address)`` filters by recipient.
    - ``mail_server.wait_for(n=1, timeout=10)``: waits until n arrived (needed with a
      live server, whose request thread sends), returns them all.
    - ``mail_server.clear()``; ``mail_server.stop()`` / ``.start()``: a server that is
      down refuses connections, on the same port, so a retry can then succeed.
    - ``mail_server.send_queued()``: sends every queued message that is due now, as
      the worker's periodic sweep would.
    - Links in e-mails start with ``https://pavilion.test`` (``PAVILION_SITE_URL``); a
      browser test that follows one sets ``settings.PAVILION_SITE_URL = live_server.url``.

    Transactions: the test settings run tasks at once (ImmediateBackend), but a ``db``
    test runs inside a transaction that never commits, so ``on_commit`` callbacks —
    where sending is queued — wait. Wrap the action in
    ``with django_capture_on_commit_callbacks(execute=True): ...`` (pytest-django), or
    call ``mail_server.send_queued()`` afterwards. Browser tests (live server,
    transactional) commit for real and need neither: use ``wait_for``.
    """
    from .smtp import MailServer

    server = MailServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "Pavilion <pavilion@pavilion.test>"
    settings.PAVILION_SITE_URL = "https://pavilion.test"
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Sign-in throttle counters (allauth keeps them in the cache) start at zero in
    each test: one test's wrong passwords must not lock the next test out."""
    from django.core.cache import cache

    cache.clear()
    yield
