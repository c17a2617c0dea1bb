"""Whom to meet: companies for a buyer or investor, and buyers and investors for a company.

A score from what each side says it wants and offers: shared sectors, the text
similarity (TF-IDF cosine) of what the partner looks for and what the company
does, the kind of partner the company looks for (sales or investment) against
the partner's kind, and the company's target markets against the partner's
country; with reasons in full sentences. A partner of a kind the company says
it does not look for is left out. No model is downloaded; the text part is a
few lines of Python.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from pavilion.companies.models import Company, ParticipationStatus, PartnerWish
from pavilion.partners.models import INVESTOR_KINDS, Partner, PartnerKind

STOPWORDS = {
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "by",
    "for",
    "from",
    "in",
    "into",
    "is",
    "it",
    "of",
    "on",
    "or",
    "our",
    "the",
    "their",
    "them",
    "they",
    "this",
    "to",
    "we",
    "with",
    "you",
    "your",
    "who",
    "what",
    "which",
    "will",
    "can",
    "looking",
    "look",
    "seed",
    "series",
    "tickets",
    "usd",
    "million",
}
SECTOR_POINTS = 3.0
TEXT_POINTS = 4.0
KIND_POINTS = 2.0  # the partner is the kind of partner the company looks for
COUNTRY_POINTS = 3.0  # the partner is in one of the company's target markets
MIN_TEXT_SCORE = 0.4  # a text-only match needs this much of TEXT_POINTS' cosine (≈0.1)

# Which partner kinds each wish of a company is met by.
SALES_KINDS = (PartnerKind.BUYER, PartnerKind.DISTRIBUTOR, PartnerKind.CORPORATE)
WISH_KINDS = {
    PartnerWish.SALES: SALES_KINDS,
    PartnerWish.INVESTMENT: INVESTOR_KINDS,
    PartnerWish.BOTH: (*SALES_KINDS, *INVESTOR_KINDS),
}


def tokens(text: str) -> list[str]:
    return [t for t in re.findall(r"[a-z0-9가-힣]{2,}", (text or "").lower()) if t not in STOPWORDS]


def _tfidf(docs: dict[object, list[str]]) -> dict[object, dict[str, float]]:
    df = Counter()
    for words in docs.values():
        df.update(set(words))
    n = len(docs) or 1
    vectors = {}
    for key, words in docs.items():
        counts = Counter(words)
        vec = {w: c * math.log((1 + n) / (1 + df[w])) for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors[key] = {w: v / norm for w, v in vec.items()}
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> tuple[float, list[str]]:
    shared = sorted(set(a) & set(b), key=lambda w: (-(a[w] * b[w]), w))  # ties: by word
    return sum(a[w] * b[w] for w in shared), shared[:3]


@dataclass
class Suggestion:
    target: object  # a Company or a Partner
    score: float
    reason: str


def _company_text(company) -> str:
    sectors = " ".join(s.name_en for s in company.sectors.all())
    return f"{company.description_en} {sectors}"


def _partner_text(partner) -> str:
    sectors = " ".join(s.name_en for s in partner.sectors.all())
    return f"{partner.interests} {partner.description} {sectors}"


def kind_fits(company, partner) -> bool | None:
    """Whether the partner is the kind the company looks for; None if it says nothing."""
    if not company.seeks:
        return None
    return partner.kind in WISH_KINDS.get(company.seeks, ())


def market_fits(company, partner) -> bool | None:
    """Whether the partner is in one of the company's target markets; None if it names none."""
    if not company.target_markets:
        return None
    return partner.country.code in {c.code for c in company.target_markets}


def _reason(shared_sectors, shared_words, partner, company) -> str:
    """Full sentences naming what each side said: the sectors they share, the words
    of the partner's interests found in the company's description (never a cut text),
    the kind of partner the company looks for, the markets it targets."""
    parts = []
    if shared_sectors:
        parts.append(
            _("%(partner)s looks for companies in %(sectors)s, and %(company)s works in it.")
            % {
                "partner": partner.name,
                "company": company.name,
                "sectors": ", ".join(shared_sectors),
            }
        )
    if shared_words:
        parts.append(
            _("Their stated interests and the company's description share: %(words)s.")
            % {"words": ", ".join(shared_words)}
        )
    if kind_fits(company, partner):
        names = {"company": company.name, "partner": partner.name}
        if partner.kind in INVESTOR_KINDS:
            parts.append(
                _("%(company)s is looking for investors, and %(partner)s invests.") % names
            )
        else:
            parts.append(
                _("%(company)s is looking for sales partners, and %(partner)s buys or distributes.")
                % names
            )
    if market_fits(company, partner):
        parts.append(
            _("%(partner)s is based in a market %(company)s aims at: %(country)s.")
            % {"partner": partner.name, "company": company.name, "country": partner.country.name}
        )
    return " ".join(parts)


def _score(company, partner, vectors):
    company_sectors = {s.pk: s.name for s in company.sectors.all()}
    wanted = {s.pk for s in partner.sectors.all()}
    shared = [name for pk, name in company_sectors.items() if pk in wanted]
    text, words = _cosine(vectors[("c", company.pk)], vectors[("p", partner.pk)])
    said = SECTOR_POINTS * len(shared) + TEXT_POINTS * text  # what it does and wants
    score = said + KIND_POINTS * bool(kind_fits(company, partner))
    score += COUNTRY_POINTS * bool(market_fits(company, partner))
    return score, said, shared, words


def _candidates(edition):
    companies = list(
        Company.objects.filter(
            participations__edition=edition,
            participations__status__in=[
                ParticipationStatus.SELECTED,
                ParticipationStatus.CONFIRMED,
            ],
        )
        .distinct()
        .prefetch_related("sectors")
    )
    partners = list(
        Partner.objects.filter(organisation_id=edition.show.organisation_id).prefetch_related(
            "sectors"
        )
    )
    docs = {("c", c.pk): tokens(_company_text(c)) for c in companies}
    docs.update({("p", p.pk): tokens(_partner_text(p)) for p in partners})
    return companies, partners, _tfidf(docs)


def _rank(edition, *, company=None, partner=None, limit: int) -> list[Suggestion]:
    """Rank the other side for one company or one partner (exactly one is given)."""
    companies, partners, vectors = _candidates(edition)
    if company is not None:
        key, pool, others = ("c", company.pk), companies, partners
    else:
        key, pool, others = ("p", partner.pk), partners, companies
    if key not in vectors:
        return []
    me = next(x for x in pool if x.pk == key[1])  # with its sectors prefetched
    asked = _already_in_touch(edition, company=company, partner=partner)
    suggestions = []
    for other in others:
        if other.pk in asked:
            continue
        pair = (me, other) if company is not None else (other, me)
        if kind_fits(*pair) is False:
            continue  # the company said it looks for another kind of partner
        score, said, shared, words = _score(*pair, vectors)
        # A shared sector, or a real overlap of words: kind and country alone (or
        # anything else) are not worth a meeting.
        if shared or said >= MIN_TEXT_SCORE:
            suggestions.append(Suggestion(other, score, _reason(shared, words, pair[1], pair[0])))
    # Ties in a stable, language-independent order (a company's English name).
    suggestions.sort(key=lambda s: (-s.score, getattr(s.target, "name_en", s.target.name)))
    return suggestions[:limit]


def _already_in_touch(edition, *, company=None, partner=None) -> set[int]:
    """The other side's ids already asked, met or consulted at this edition."""
    from pavilion.consultations.models import Consultation
    from pavilion.meetings.models import Meeting, MeetingRequest

    if company is not None:
        mine, theirs = {"company": company}, "partner_id"
    else:
        mine, theirs = {"partner": partner}, "company_id"
    found = set()
    for model in (MeetingRequest, Meeting, Consultation):
        found.update(model.objects.filter(edition=edition, **mine).values_list(theirs, flat=True))
    return found


def companies_for(partner, edition, *, limit: int = 10) -> list[Suggestion]:
    return _rank(edition, partner=partner, limit=limit)


def partners_for(company, edition, *, limit: int = 10) -> list[Suggestion]:
    return _rank(edition, company=company, limit=limit)
