"""Finding our companies in a show's exhibitor list. Pure Python (no Django).

A business registration number (BRN) identifies a company for certain; names
are written many ways ("(주)대전로보틱스", "Daejeon Robotics Co., Ltd.",
"DAEJEON ROBOTICS INC"), so they are compared after removing legal forms,
punctuation, spaces and case.

- same BRN → matched;
- same normalised name (Korean or English) and no contradicting BRN → matched;
- same name but a different BRN, or a similar name (ratio ≥ SIMILAR) →
  uncertain: a person confirms or rejects it;
- otherwise → no match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

SIMILAR = 0.85

# Legal forms, removed wherever they stand (Korean and English spellings).
LEGAL_FORMS = [
    "주식회사",
    "유한회사",
    "(주)",
    "㈜",
    "(유)",
    "co., ltd.",
    "co.,ltd.",
    "co., ltd",
    "co.,ltd",
    "co ltd",
    "company limited",
    "corporation",
    "limited",
    "corp.",
    "corp",
    "inc.",
    "inc",
    "ltd.",
    "ltd",
    "llc",
    "gmbh",
    "co.",
]
_WORD_FORMS = sorted(LEGAL_FORMS, key=len, reverse=True)


def normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name or "").casefold()
    for form in _WORD_FORMS:
        if form.isascii() and form[0].isalpha():
            # English forms only as whole words ("income" keeps its "inc").
            text = re.sub(rf"(?<![a-z]){re.escape(form)}(?![a-z])", " ", text)
        else:
            text = text.replace(form, " ")
    return re.sub(r"[\W_]+", "", text)


def digits(brn: str) -> str:
    return re.sub(r"\D", "", brn or "")


@dataclass(frozen=True)
class Candidate:
    id: int
    names: tuple[str, ...]  # Korean and English
    brn: str


@dataclass(frozen=True)
class Match:
    company_id: int | None
    state: str  # "matched", "uncertain" or "none"
    score: float
    reason: str  # a code: brn, name, name_brn_differs, similar_name, none


NO_MATCH = Match(None, "none", 0.0, "none")


def match_exhibitor(name: str, brn: str, candidates: list[Candidate]) -> Match:
    """The best match for one exhibitor among our companies."""
    number = digits(brn)
    if number:
        for c in candidates:
            if digits(c.brn) == number:
                return Match(c.id, "matched", 1.0, "brn")
    key = normalise_name(name)
    if not key:
        return NO_MATCH
    best: Match = NO_MATCH
    for c in candidates:
        keys = [normalise_name(n) for n in c.names if n]
        if key in keys:
            if number and digits(c.brn) and digits(c.brn) != number:
                found = Match(c.id, "uncertain", 0.99, "name_brn_differs")
            else:
                return Match(c.id, "matched", 1.0, "name")
        else:
            ratio = max((SequenceMatcher(None, key, k).ratio() for k in keys if k), default=0.0)
            if ratio < SIMILAR:
                continue
            found = Match(c.id, "uncertain", round(ratio, 3), "similar_name")
        if found.score > best.score:
            best = found
    return best
