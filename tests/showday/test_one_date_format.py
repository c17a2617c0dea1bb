"""Issue #15: one date and time format per language, always in the show's time zone
for show times, by one mechanism (core.datetimes and its template filters)."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import pavilion

SRC = Path(pavilion.__file__).parent
EN_WHEN = re.compile(
    r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}( \d{2}:\d{2})?\b"
)
OTHER_FORMATS = [
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b"),  # 01/12/2024
    re.compile(r"\b\d{1,2}:\d{2} ?[ap]\.m\.|\b\d{1,2} ?[ap]\.m\."),  # 6:43 p.m.
    re.compile(r"\b[A-Z][a-z]{2}\. \d{1,2}, \d{4}"),  # Jan. 9, 2024
]


def test_one_mechanism_no_override_no_timezone_tag_no_date_filter():
    found = []
    for path in SRC.rglob("*.py"):
        if path.name == "datetimes.py":
            continue
        if "timezone.override(" in path.read_text(encoding="utf-8"):
            found.append(str(path))
    for path in (SRC / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\{% *timezone |\|date:|\|time:", text):
            found.append(str(path))
    assert found == []


def _client(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_show_times_read_in_the_shows_zone_in_one_format_per_language(world):
    # The world's consultation is at 18:00 UTC on 10 January: 10:00 in Las Vegas.
    url = reverse("consultation-detail", args=[world.consultation.pk])
    page = _client(world.operator).get(url).content.decode()
    assert "Wed 10 Jan 2024 10:00 (America/Los_Angeles)" in page
    korean = _client(world.operator, "ko").get(url).content.decode()
    assert "2024년 1월 10일 수요일 10:00" in korean
    pages = [
        url,
        reverse("consultation-list", args=[world.edition.slug]),
        reverse("lead-detail", args=[world.lead.pk]),
        reverse("cfp", args=[world.edition.slug]),
        reverse("edition-dashboard", args=[world.edition.slug]),
        reverse("edition-list"),
        reverse("stage-agenda", args=[world.edition.slug]),
        reverse("api-tokens"),
    ]
    for target in pages:
        text = _client(world.operator).get(target).content.decode()
        assert EN_WHEN.search(text), target
        for other in OTHER_FORMATS:
            assert not other.search(text), (target, other.search(text).group(0))
