"""Consultation pages: times in the show's time zone, checked amounts and days,
and the list's filters read as labels (or refused)."""

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from pavilion.consultations import services
from pavilion.consultations.models import Consultation

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _form_data(page: str) -> dict:
    """The values the edit form was pre-filled with, as a browser would send them back."""
    data = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="submit"' not in tag:
            data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = body.strip()
    return data


def _send_log_form(client, world, *, occurred_at, amount):
    """Send the log form as an exhibitor's phone does, with this time and amount."""
    return client.post(
        reverse("consultation-log", args=[world.edition.slug]),
        {
            "company": world.company.pk,
            "partner": world.partner.pk,
            "kind": "export",
            "occurred_at": occurred_at,
            "amount": amount,
            "currency": "USD",
            "stage": "consulted",
            "source": "walk_in",
        },
    )


# -- 1. times in the show's time zone ------------------------------------------


def test_the_edit_form_saved_unchanged_keeps_the_instant(world):
    consultation = world.consultation  # 2024-01-10 18:00 UTC = 10:00 in Las Vegas
    client = _client(world.exhibitor)
    url = reverse("consultation-edit", args=[consultation.pk])
    page = client.get(url).content.decode()
    assert 'value="2024-01-10T10:00"' in page  # the show's wall-clock time
    data = _form_data(page)
    assert client.post(url, data).status_code == 302
    for _again in range(2):
        client.post(url, _form_data(client.get(url).content.decode()))
    consultation.refresh_from_db()
    assert consultation.occurred_at == datetime(2024, 1, 10, 18, 0, tzinfo=UTC)


def test_a_logged_time_is_stored_and_shown_in_show_time(world):
    client = _client(world.exhibitor)
    response = _send_log_form(client, world, occurred_at="2024-01-09T10:00", amount="1000")
    assert response.status_code == 302, response.content.decode()
    consultation = Consultation.objects.get(occurred_at__date="2024-01-09")
    assert consultation.occurred_at == datetime(2024, 1, 9, 18, 0, tzinfo=UTC)
    page = client.get(response["Location"]).content.decode()
    assert "Tue 9 Jan 2024 10:00 (America/Los_Angeles)" in page
    assert "6 p.m." not in page


def test_the_list_shows_show_time_and_a_day_filter_keeps_the_show_day(world):
    late = Consultation.objects.create(
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        kind="export",
        occurred_at=datetime(2024, 1, 13, 1, 45, tzinfo=UTC),  # 17:45 on the 12th, show time
        currency="USD",
    )
    client = _client(world.operator)
    url = reverse("consultation-list", args=[world.edition.slug])
    page = client.get(url, {"filter": "all", "day": "2024-01-12"}).content.decode()
    assert reverse("consultation-detail", args=[late.pk]) in page
    assert "Fri 12 Jan 2024 17:45" in page and "13 Jan" not in page
    assert "America/Los_Angeles" in page


def test_a_consultation_from_a_lead_shows_the_leads_time(world):
    from pavilion.scanning import services as scanning

    consultation = scanning.convert_lead(actor=world.exhibitor, lead=world.lead)
    client = _client(world.exhibitor)
    lead_page = client.get(reverse("lead-detail", args=[world.lead.pk])).content.decode()
    page = client.get(reverse("consultation-detail", args=[consultation.pk])).content.decode()
    assert "Wed 10 Jan 2024 10:00" in lead_page and "Wed 10 Jan 2024 10:00" in page


# -- 2. amounts and days are checked -------------------------------------------


def _log(world, **kw):
    # Not the world's consultation's time: the same key would be the same consultation.
    kw.setdefault("occurred_at", datetime(2024, 1, 10, 18, 5, tzinfo=UTC))
    kw.setdefault("amount", Decimal("1000"))
    return services.log_consultation(
        actor=world.operator,
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        kind="export",
        currency="USD",
        **kw,
    )


def test_the_largest_amount_is_stored_exactly_and_one_more_is_refused(world):
    from django.core.exceptions import ValidationError

    largest = _log(world, amount=services.MAX_AMOUNT)
    largest.refresh_from_db()
    assert largest.amount == services.MAX_AMOUNT
    before = Consultation.objects.count()
    for amount in (Decimal("99999999999999999"), services.MAX_AMOUNT + Decimal("0.01")):
        with pytest.raises(ValidationError) as error:
            _log(world, amount=amount)
        assert "too large" in error.value.message_dict["amount"][0]
    with pytest.raises(ValidationError) as error:
        _log(world, amount=Decimal("-5"))
    assert error.value.message_dict["amount"] == ["The amount cannot be negative."]
    assert Consultation.objects.count() == before


def test_a_day_outside_the_show_is_refused_everywhere(world):
    from django.core.exceptions import ValidationError

    before = Consultation.objects.count()
    with pytest.raises(ValidationError) as error:
        _log(world, occurred_at=datetime(2030, 1, 1, 18, 0, tzinfo=UTC))
    assert "2030-01-01 is not a day of CES 2024" in error.value.message_dict["occurred_at"][0]
    # 02:00 UTC on the 13th is still the 12th in Las Vegas: the last show day
    _log(world, occurred_at=datetime(2024, 1, 13, 2, 0, tzinfo=UTC))
    # 07:00 UTC on the 13th is 23:00 on the 12th … 09:00 UTC is the 13th: refused
    with pytest.raises(ValidationError):
        _log(world, occurred_at=datetime(2024, 1, 13, 9, 0, tzinfo=UTC))
    with pytest.raises(ValidationError) as error:
        services.correct_consultation(
            actor=world.operator,
            consultation=world.consultation,
            occurred_at=datetime(2030, 1, 1, 18, 0, tzinfo=UTC),
        )
    assert "occurred_at" in error.value.message_dict
    world.consultation.refresh_from_db()
    assert world.consultation.occurred_at.year == 2024
    assert Consultation.objects.count() == before + 1


def test_the_form_names_the_amount_and_the_date(world):
    client = _client(world.exhibitor)
    before = Consultation.objects.count()
    page = _send_log_form(client, world, occurred_at="2030-01-01T10:00", amount="99999999999999999")
    page = page.content.decode()
    assert Consultation.objects.count() == before
    assert "The amount is too large: at most 9,999,999,999,999.99." in page
    assert "2030-01-01 is not a day of CES 2024" in page
    # More digits than the field holds ("1e20") says the same, not the field's digit count.
    for amount in ("1e20", "123456789012345678901"):
        page = _send_log_form(
            client, world, occurred_at="2024-01-10T10:00", amount=amount
        ).content.decode()
        assert "The amount is too large: at most 9,999,999,999,999.99." in page, amount
        assert "digits in total" not in page
    assert Consultation.objects.count() == before


def test_a_follow_up_amount_is_checked_too(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.add_follow_up(
            actor=world.operator,
            consultation=world.consultation,
            date=datetime(2024, 2, 1).date(),
            kind="call",
            amount=Decimal("99999999999999999"),
        )
    assert "amount" in error.value.message_dict
    assert not world.consultation.follow_ups.exists()


def test_an_import_names_the_row_and_column_of_a_bad_amount_or_day(world):
    from pavilion.core import transfer

    header = (
        "edition,business_registration_number,partner_name,partner_country,"
        "occurred_at,kind,amount,currency\n"
    )
    row = f"{world.edition.slug},{world.company.brn_display},{world.partner.name},US,"
    text = (
        header
        + row
        + "2024-01-10 14:30,export,100,USD\n"
        + row
        + "2030-01-01 10:00,export,100,USD\n"
        + row
        + "2024-01-11 10:00,export,99999999999999999,USD\n"
        + row
        + "2024-01-11 11:00,export,-3,USD\n"
    )
    before = Consultation.objects.count()
    result = transfer.import_records(
        actor=world.operator,
        kind="consultations",
        filename="c.csv",
        content=text.encode(),
        dry_run=False,
    )
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "occurred_at"),
        (4, "amount"),
        (5, "amount"),
    }
    assert Consultation.objects.count() == before


# -- 3. the list's filters -------------------------------------------------------


def test_filters_read_as_labels(world):
    client = _client(world.operator)
    url = reverse("consultation-list", args=[world.edition.slug])
    page = client.get(
        url, {"filter": "all", "day": "2024-01-10", "partner_kind": "vc", "kind": "export"}
    ).content.decode()
    chips = page.split('id="active-filters"')[1].split("</p>")[0]
    assert "Figure: All consultations" in chips
    assert "Day: Wed 10 Jan 2024" in chips
    assert "Kind: Export / purchase" in chips
    assert "Partner kind:" in chips and "partner_kind" not in chips
    assert " = " not in chips
    assert reverse("consultation-detail", args=[world.consultation.pk]) in page


@pytest.mark.parametrize(
    "params, named",
    [
        ({"filter": "bogus"}, "bogus is not a valid value for Figure"),
        ({"day": "2024-13-45"}, "2024-13-45 is not a valid value for Day"),
        ({"kind": "barter"}, "barter is not a valid value for Kind"),
        ({"company": "abc"}, "abc is not a valid value for Company"),
        ({"colour": "red"}, "colour is not a filter of this list"),
    ],
)
def test_an_invalid_filter_is_answered_not_ignored(world, params, named):
    client = _client(world.operator)
    response = client.get(reverse("consultation-list", args=[world.edition.slug]), params)
    assert response.status_code == 400
    page = response.content.decode()
    assert named in page
    assert reverse("consultation-detail", args=[world.consultation.pk]) not in page


def test_another_organisations_company_is_not_a_filter(world, other_world):
    client = _client(world.operator)
    response = client.get(
        reverse("consultation-list", args=[world.edition.slug]),
        {"company": other_world.company.pk},
    )
    assert response.status_code == 400
