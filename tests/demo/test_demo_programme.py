"""The demo's programme: three shows' editions over two years, with targets and budgets."""

from datetime import date

from django.test import Client
from django.urls import reverse

from pavilion.accounts.models import User
from pavilion.demo.loader import load_demo
from pavilion.reports import programme
from pavilion.shows.models import Edition


def test_the_demo_programme_compares_three_shows(db):
    assert load_demo() is True
    held = Edition.objects.filter(year__lte=2024)  # CES 2025 plans; the next CES is to come
    assert set(held.values_list("show__slug", flat=True)) == {"ces", "mwc", "ifa"}
    assert set(held.values_list("year", flat=True)) == {2023, 2024}
    assert dict(held.values_list("slug", "time_zone"))["mwc-2024"] == "Europe/Madrid"
    org = User.objects.get(username="official").organisation_id
    data = programme.programme(org, programme.Period(date(2024, 1, 1), date(2024, 12, 31), 2024))
    columns = {c["slug"]: c for c in data["editions"]}
    assert list(columns) == ["ces-2024", "mwc-2024", "ifa-2024"]
    for column in columns.values():
        assert column["held"]
        assert column["values"]["consultations.count"] > 100
        assert column["budget"]["total"] is not None
        assert column["score"]["score"] is not None
        assert len(column["targets"]) >= 6
    total = sum(c["values"]["consultations.count"] for c in columns.values())
    assert data["totals"]["values"]["consultations.count"] == total
    client = Client()
    client.force_login(User.objects.get(username="official"))
    html = client.get(reverse("programme") + "?year=2024").content.decode()
    for name in ("CES 2024", "MWC 2024", "IFA 2024"):
        assert name in html
