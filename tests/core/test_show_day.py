"""Show days written the way each language writes dates."""

from datetime import date, datetime

from django.utils import translation

from pavilion.core.templatetags.pavilion import show_day


def test_a_show_day_in_english_and_korean():
    day, at = date(2025, 1, 7), datetime(2025, 1, 7, 11, 0)
    with translation.override("en"):
        assert (show_day(day), show_day(at, "time")) == ("Tue 7 Jan 2025", "Tue 7 Jan 2025 11:00")
    with translation.override("ko"):
        # Month first, then the day and the weekday: not "화 7 1월".
        assert (show_day(day), show_day(at, "time")) == (
            "2025년 1월 7일 화요일",
            "2025년 1월 7일 화요일 11:00",
        )
    assert show_day(None) == ""
