"""Demo badges, scanning devices, scans and booth leads for an edition.

Most visitors wear the show's own badge (stored as the scanner read it, no
name); about a third wear ours. Each badge passes the pavilion entrance on
one or more days; some stop at booths, where the company's phone makes a
lead. Returns how many distinct badges were scanned, so the caller can tally
the rest by hand. Everything is bulk-created: the demo loads in seconds.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta

from pavilion.demo import people
from pavilion.scanning.models import (
    Badge,
    BadgeKind,
    Interest,
    Lead,
    Scan,
    ScanDevice,
    ScanPlace,
    new_badge_code,
)

# Visitors' countries at a Las Vegas show, by weight.
COUNTRY_WEIGHTS = [
    ("US", 45),
    ("KR", 12),
    ("JP", 7),
    ("CN", 6),
    ("DE", 5),
    ("FR", 4),
    ("GB", 4),
    ("CA", 4),
    ("TW", 3),
    ("IN", 3),
    ("SG", 2),
    ("AE", 2),
    ("VN", 2),
]
KIND_WEIGHTS = [
    (BadgeKind.VISITOR, 55),
    (BadgeKind.BUYER, 28),
    (BadgeKind.INVESTOR, 10),
    (BadgeKind.PRESS, 7),
]
LEAD_NOTES = [
    "Wants samples shipped to the US office before March.",
    "Asked for the price list and MOQ.",
    "Interested in a pilot with two hospitals.",
    "Met the CEO; follow up after the show.",
    "Distributor for three states; send the deck.",
    "",
]


def _device(edition, name, place, company=None) -> ScanDevice:
    # Demo devices get a key nobody knows: register a real phone on the devices page.
    key = hashlib.sha256(f"demo:{edition.slug}:{name}".encode()).hexdigest()
    return ScanDevice(edition=edition, name=name, place=place, company=company, key_hash=key)


def _at(rng, edition, day) -> datetime:
    minute = rng.randint(0, 8 * 60)  # 10:00–18:00 on the floor
    local = datetime.combine(day, time(10, 0), tzinfo=edition.tzinfo) + timedelta(minutes=minute)
    return local


def load(rng, edition, *, companies, contacts, exhibitor_company, visitors: int) -> int:
    """Create about ``visitors`` scanned badges of ``edition``; return the distinct count."""
    countries, country_w = zip(*COUNTRY_WEIGHTS, strict=True)
    kinds, kind_w = zip(*KIND_WEIGHTS, strict=True)
    contact_pool = list(contacts)
    rng.shuffle(contact_pool)
    badges = []
    for i in range(visitors):
        country = rng.choices(countries, country_w)[0]
        kind = rng.choices(kinds, kind_w)[0]
        if rng.random() < 0.65:
            # The show's badge: its code as the scanner reads it, nobody's name yet.
            badges.append(
                Badge(
                    edition=edition,
                    code=f"CES{edition.year % 100}-{10_000_000 + i * 7919 % 9_000_000}",
                    external=True,
                    country=country,
                    kind=kind,
                )
            )
            continue
        contact = contact_pool.pop() if contact_pool and kind == BadgeKind.BUYER else None
        names = people.FIRST_NAMES.get(country) or people.FIRST_NAMES["US"]
        surnames = people.LAST_NAMES.get(country) or people.LAST_NAMES["US"]
        name = (
            contact.name
            if contact
            else people.person_name(rng.choice(names), rng.choice(surnames), country)
        )
        badges.append(
            Badge(
                edition=edition,
                code=new_badge_code(),
                name=name,
                company_name=contact.partner.name if contact else "",
                email=contact.email if contact else "",
                country=contact.partner.country if contact else country,
                kind=kind,
                contact=contact,
            )
        )
    badges = Badge.objects.bulk_create(badges)
    entrance = [_device(edition, f"Entrance {n}", ScanPlace.ENTRANCE) for n in (1, 2)]
    booth = [_device(edition, f"{c.name_en} booth", ScanPlace.BOOTH, company=c) for c in companies]
    devices = ScanDevice.objects.bulk_create(entrance + booth)
    entrance, booth = devices[:2], devices[2:]
    exhibitor_device = next(d for d in booth if d.company_id == exhibitor_company.pk)
    days = edition.days
    scans, leads = [], {}
    n = 0
    for badge in badges:
        # The first day is busiest; about one visitor in six comes back another day.
        first = rng.choices(range(len(days)), [27, 31, 26, 16][: len(days)])[0]
        visit_days = {first}
        if rng.random() < 0.17:
            visit_days.add(rng.randrange(len(days)))
        for d in sorted(visit_days):
            when = _at(rng, edition, days[d])
            n += 1
            scans.append((rng.choice(entrance), badge, when, n))
            stops = rng.choices([0, 1, 2, 3], [60, 25, 10, 5])[0]
            if badge.kind in (BadgeKind.BUYER, BadgeKind.INVESTOR) and rng.random() < 0.3:
                stops += 1
            for device in rng.sample(booth, stops):
                if rng.random() < 0.15:
                    device = exhibitor_device  # the demo exhibitor's busy award-winning booth
                at_booth = when + timedelta(minutes=rng.randint(5, 90))
                n += 1
                scans.append((device, badge, at_booth, n))
                leads.setdefault((device.company_id, badge.pk), (badge, at_booth))
    Scan.objects.bulk_create(
        Scan(
            device=device,
            edition=edition,
            badge=badge,
            nonce=f"demo-{number}",
            scanned_at=when,
        )
        for device, badge, when, number in scans
    )
    lead_rows = []
    for (company_id, _badge_id), (badge, met_at) in leads.items():
        rated = company_id == exhibitor_company.pk and rng.random() < 0.7
        lead_rows.append(
            Lead(
                edition=edition,
                company_id=company_id,
                badge=badge,
                met_at=met_at,
                rating=rng.randint(2, 5) if rated else None,
                interest=rng.choice(Interest.values) if rated else "",
                notes=rng.choice(LEAD_NOTES) if rated else "",
            )
        )
    Lead.objects.bulk_create(lead_rows)
    return len(badges)
