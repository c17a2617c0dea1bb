"""The demo's buyers and investors (Partner) and their contacts: invented, from 12 countries.

Partners are generated (seeded) from the parts below, so the list reads like
a real edition's: mostly buyers and distributors, then investors, a few
corporates and public bodies, each with what they are looking for.
"""

from __future__ import annotations

import unicodedata

from pavilion.partners.models import Contact, Partner

COUNTRIES = [
    # code, how many partners, name in a sentence, cities, invented name stems
    (
        "US",
        34,
        "the United States",
        ["Los Angeles", "San Jose", "Boston", "Austin", "New York"],
        ["Bluequill", "Tallwater", "Brightfork", "Larkmoor", "Sagebrook", "Westhollow", "Elmstead"],
    ),
    ("JP", 16, "Japan", ["Tokyo", "Osaka", "Nagoya"], ["Kazeyama", "Hoshizora", "Midorino"]),
    ("DE", 14, "Germany", ["Munich", "Berlin", "Stuttgart"], ["Nordlicht", "Elbtal", "Moorfeld"]),
    ("FR", 12, "France", ["Paris", "Lyon", "Grenoble"], ["Clairval", "Belle-Rive", "Montaval"]),
    ("CN", 10, "China", ["Shenzhen", "Shanghai"], ["Xinghe", "Qingshan", "Jinlan"]),
    ("SG", 10, "Singapore", ["Singapore"], ["Straitsgate", "Kallang Bay", "Lion Quay"]),
    ("VN", 8, "Vietnam", ["Ho Chi Minh City", "Hanoi"], ["Sen Vang", "Song Hong"]),
    ("AE", 8, "the UAE", ["Dubai", "Abu Dhabi"], ["Saqr", "Wahat", "Dune Crest"]),
    ("GB", 10, "the United Kingdom", ["London", "Cambridge"], ["Thameside", "Pennine Ridge"]),
    ("KR", 14, "Korea", ["Seoul", "Daejeon", "Pangyo"], ["Hanbat", "Gyeryong", "Gapcheon"]),
    ("CA", 8, "Canada", ["Toronto", "Montreal"], ["Maple Hollow", "Muskoka Pine"]),
    ("IN", 6, "India", ["Bengaluru", "Pune"], ["Nilgiri", "Kaveri"]),
]

PARTNER_KINDS = [
    # kind, weight, name suffixes, description, "looking for" sentences
    (
        "buyer",
        30,
        ["Trading", "Imports", "Sourcing"],
        "Importer and reseller of technology products, based in {city}.",
        [
            "Looking for {sector} products to import and sell in {country}.",
            "Sourcing {sector} solutions for retail and B2B customers in {country}.",
        ],
    ),
    (
        "distributor",
        25,
        ["Distribution", "Channel Partners", "Tech Supply"],
        "Distributor to hospitals, utilities and system integrators, based in {city}.",
        [
            "Looking for exclusive distribution rights for {sector} products in {country}.",
            "Distributes {sector} products in {country}; looking for new lines.",
        ],
    ),
    (
        "vc",
        20,
        ["Ventures", "Capital", "Partners"],
        "Venture capital firm in {city} investing in deep-tech startups.",
        [
            "Seed to Series A in {sector} startups; tickets of USD 0.5–3 million.",
            "Series A and B in {sector} companies, co-investing with Korean funds.",
        ],
    ),
    (
        "cvc",
        10,
        ["Corporate Ventures", "Innovation Fund"],
        "Corporate venture arm of an industrial group headquartered in {city}.",
        [
            "Strategic investments in {sector} startups and pilots with our business units.",
            "Minority stakes in {sector} startups that can supply our factories.",
        ],
    ),
    (
        "corporate",
        10,
        ["Holdings", "Industries", "Electronics"],
        "Manufacturer with plants in Asia and Europe, headquartered in {city}.",
        [
            "{Sector} technology partnerships and licensing; open to acquiring small teams.",
            "Joint development of {sector} products for our next generation.",
        ],
    ),
    (
        "public",
        5,
        ["Innovation Agency", "Trade Office"],
        "Public agency that helps foreign startups set up, based in {city}.",
        [
            "Helping {sector} startups land in {country}: offices, grants and pilot sites.",
        ],
    ),
]

# How a sector reads inside a sentence or a company name.
SECTOR_WORDS = {
    # slug: (adjective, name word)
    "bio": ("biotech", "Bio"),
    "digital-health": ("digital health", "Health"),
    "quantum": ("quantum", "Quantum"),
    "space": ("space", "Space"),
    "defence": ("defence", "Defence"),
    "semiconductors": ("semiconductor", "Semi"),
    "ai": ("AI", "AI"),
    "robotics": ("robotics", "Robotics"),
    "mobility": ("mobility", "Mobility"),
    "smart-city": ("smart city", "City"),
    "energy": ("energy", "Energy"),
}

FIRST_NAMES = {
    "US": ["Emily", "James", "Olivia", "Michael", "Sophia", "Daniel"],
    "JP": ["Haruto", "Yui", "Sota", "Aoi", "Ren"],
    "DE": ["Lukas", "Anna", "Felix", "Mia"],
    "FR": ["Camille", "Louis", "Chloé", "Hugo"],
    "CN": ["Wei", "Fang", "Jun", "Li"],
    "SG": ["Jia Hui", "Marcus", "Priya"],
    "VN": ["Minh", "Lan", "Tuan"],
    "AE": ["Omar", "Layla", "Khalid"],
    "GB": ["Oliver", "Amelia", "Harry"],
    "KR": ["민준", "서연", "지호", "하은"],
    "CA": ["Liam", "Chloe", "Noah"],
    "IN": ["Aarav", "Ananya", "Rohan"],
}
LAST_NAMES = {
    "US": ["Carter", "Nguyen", "Brooks", "Rivera", "Morgan"],
    "JP": ["Tanaka", "Suzuki", "Sato", "Ito"],
    "DE": ["Müller", "Schmidt", "Becker"],
    "FR": ["Martin", "Bernard", "Dubois"],
    "CN": ["Wang", "Chen", "Zhang"],
    "SG": ["Tan", "Lim", "Ng"],
    "VN": ["Tran", "Le", "Pham"],
    "AE": ["Al Mansouri", "Al Nuaimi"],
    "GB": ["Smith", "Taylor", "Evans"],
    "KR": ["김", "이", "박", "최"],
    "CA": ["Tremblay", "Roy", "Martin"],
    "IN": ["Sharma", "Patel", "Iyer"],
}
# Korean names are written family name first; their emails use these spellings.
ROMANISED = {
    "민준": "minjun",
    "서연": "seoyeon",
    "지호": "jiho",
    "하은": "haeun",
    "김": "kim",
    "이": "lee",
    "박": "park",
    "최": "choi",
}
TITLES = {
    "buyer": ["Head of Sourcing", "Category Manager", "Purchasing Director"],
    "distributor": ["Business Development Director", "Product Manager", "Managing Director"],
    "vc": ["Partner", "Principal", "Investment Manager"],
    "cvc": ["Investment Director", "Head of Open Innovation"],
    "corporate": ["Head of Open Innovation", "Technology Scout", "VP Strategy"],
    "public": ["Director, Investment Promotion", "Trade Commissioner"],
}


# Languages that write the family name first, without a space: "이지호", not "지호 이".
FAMILY_FIRST = {"KR"}


def person_name(given: str, family: str, country: str) -> str:
    """A person's full name the way their country writes it. Every demo name
    (contacts, badges) is made here, so a Korean name reads the same everywhere."""
    if country in FAMILY_FIRST:
        return f"{family}{given}"
    return f"{given} {family}"


def ascii_slug(text: str, sep: str = "-") -> str:
    """``Belle-Rive Ventures`` → ``belle-rive-ventures``; ``Müller`` → ``muller``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return sep.join("".join(c for c in w if c.isalnum()) for w in plain.lower().split())


def make_partners(rng, organisation, sectors) -> tuple[list[Partner], list[Contact]]:
    """About 150 partners with 1–2 contacts each. ``sectors`` maps slug → Sector."""
    weights = [kind[1] for kind in PARTNER_KINDS]
    slugs = list(sectors)
    partners, interests, names = [], [], set()
    for country, count, country_name, cities, stems in COUNTRIES:
        for i in range(count):
            kind, _weight, suffixes, description, wants = rng.choices(PARTNER_KINDS, weights)[0]
            stem = stems[i % len(stems)]
            name = f"{stem} {rng.choice(suffixes)}"
            sector = rng.choice(slugs)
            if name in names:
                name = f"{stem} {SECTOR_WORDS[sector][1]} {rng.choice(suffixes)}"
            while name in names:
                name += " Group"
            names.add(name)
            city = rng.choice(cities)
            partners.append(
                Partner(
                    organisation=organisation,
                    name=name,
                    country=country,
                    kind=kind,
                    website=f"https://{ascii_slug(name)}.example",
                    description=description.format(city=city),
                    interests=_sentence(rng.choice(wants), sector, country_name),
                )
            )
            # The sector its "looking for" sentence names, and no other: a random second
            # sector offered a digital-health buyer energy companies. The draw stays so
            # the rest of the demo (its reported figures) comes out the same.
            rng.choice([s for s in slugs if s != sector])
            interests.append([sectors[sector]])
    partners = Partner.objects.bulk_create(partners)
    through = Partner.sectors.through
    through.objects.bulk_create(
        through(partner_id=partner.pk, sector_id=sector.pk)
        for partner, chosen in zip(partners, interests, strict=True)
        for sector in chosen
    )
    contacts = []
    for partner in partners:
        country = getattr(partner.country, "code", partner.country)
        domain = ascii_slug(partner.name)
        people, wanted = set(), rng.choice([1, 1, 2])
        while len(people) < wanted:
            people.add((rng.choice(FIRST_NAMES[country]), rng.choice(LAST_NAMES[country])))
        for first, last in sorted(people):
            if country == "KR":
                local = f"{ROMANISED[first]}.{ROMANISED[last]}"
            else:
                local = f"{ascii_slug(first, '')}.{ascii_slug(last, '')}"
            contacts.append(
                Contact(
                    partner=partner,
                    name=person_name(first, last, country),
                    title=rng.choice(TITLES[partner.kind]),
                    email=f"{local}@{domain}.example",
                )
            )
    return partners, Contact.objects.bulk_create(contacts)


def _sentence(template: str, sector: str, country: str) -> str:
    word = SECTOR_WORDS[sector][0]
    return template.format(sector=word, Sector=word[0].upper() + word[1:], country=country)
