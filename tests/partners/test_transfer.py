"""Spreadsheet spec for buyers and investors with their contacts."""

import pytest
from django.utils import translation

from pavilion.core import transfer
from pavilion.partners.models import Contact, Partner
from tests import factories as f

HEADER = "name,country,kind,sectors,contact_name,contact_email\n"
GOOD = (
    HEADER
    + "Lakeshore Imports,United States,buyer,,Ann Lee,ann@lakeshore.example\n"
    + "Lakeshore Imports,US,buyer,,Bo Park,bo@lakeshore.example\n"
    + "Sakura Capital,jp,Venture capital,,,\n"
    + "Rhein Ventures,Germany,vc,,Jan Roth,\n"
)


def run(world, text, *, filename="partners.csv", dry_run=False):
    content = text.encode() if isinstance(text, str) else text
    return transfer.import_records(
        actor=world.operator, kind="partners", filename=filename, content=content, dry_run=dry_run
    )


def cells(result):
    return [(e.row, e.column) for e in result.errors]


def test_partners_with_several_contacts_and_country_names(world):
    result = run(world, GOOD)
    assert result.written, result.errors
    lakeshore = Partner.objects.get(organisation=world.organisation, name="Lakeshore Imports")
    assert lakeshore.country == "US"
    assert sorted(lakeshore.contacts.values_list("email", flat=True)) == [
        "ann@lakeshore.example",
        "bo@lakeshore.example",
    ]
    assert Partner.objects.get(name="Sakura Capital").kind == "vc"
    assert Partner.objects.get(name="Rhein Ventures").country == "DE"


def test_choices_in_english_or_korean_whatever_the_language(world):
    text = "name,country,kind\nA,KR,Venture capital\nB,미국,벤처캐피털\nC,Japan,CVC\n"
    with translation.override("ko"):
        result = run(world, text)
    assert result.written, result.errors
    kinds = dict(Partner.objects.filter(name__in="ABC").values_list("name", "kind"))
    assert kinds == {"A": "vc", "B": "vc", "C": "cvc"}
    assert Partner.objects.get(name="B").country == "US"


def test_the_same_file_twice_creates_no_duplicates(world):
    run(world, GOOD)
    counts = (Partner.objects.count(), Contact.objects.count())
    again = run(world, GOOD)
    assert again.written and [r.action for r in again.rows] == ["unchanged"] * 4
    assert (Partner.objects.count(), Contact.objects.count()) == counts


def test_contacts_are_found_again_by_email_or_by_name(world):
    run(world, GOOD)
    text = GOOD.replace("Ann Lee", "Ann Lee-Kim").replace("Jan Roth,", "Jan Roth,jan@rhein.example")
    result = run(world, text)
    assert [r.action for r in result.rows] == ["update", "unchanged", "unchanged", "update"]
    lakeshore = Partner.objects.get(name="Lakeshore Imports")
    assert lakeshore.contacts.get(email="ann@lakeshore.example").name == "Ann Lee-Kim"
    rhein = Partner.objects.get(name="Rhein Ventures")
    assert list(rhein.contacts.values_list("name", "email")) == [("Jan Roth", "jan@rhein.example")]


def test_a_changed_partner_column_updates(world):
    run(world, GOOD)
    result = run(world, GOOD.replace("Sakura Capital,jp,Venture capital", "Sakura Capital,JP,cvc"))
    assert [r.action for r in result.rows] == ["unchanged", "unchanged", "update", "unchanged"]
    assert Partner.objects.get(name="Sakura Capital").kind == "cvc"


def test_bad_rows_name_their_columns(world):
    text = (
        HEADER
        + "Lakeshore Imports,Atlantis,buyer,,Ann,ann@lakeshore.example\n"
        + "Sakura Capital,JP,angel,quantum-gravity,,not-an-email\n"
        + ",US,buyer,,,\n"
        + "Rhein Ventures,DE,vc,,Jan,jan@rhein\n"
    )
    result = run(world, text)
    assert cells(result) == [
        (2, "country"),
        (3, "kind"),
        (3, "sectors"),
        (3, "contact_email"),
        (3, "contact_name"),
        (4, "name"),
        (5, "contact_email"),
    ]
    assert Partner.objects.filter(name__in=["Lakeshore Imports", "Rhein Ventures"]).count() == 0


def test_rows_of_one_partner_must_agree(world):
    text = GOOD.replace("Lakeshore Imports,US,buyer", "Lakeshore Imports,US,distributor")
    result = run(world, text)
    assert cells(result) == [(3, "")] and "row 2" in result.errors[0].message
    twice = GOOD + "Sakura Capital,JP,vc,,,\n"
    assert cells(run(world, twice)) == [(6, "")]


def test_another_organisation_keeps_its_partner_of_the_same_name(world, other_world):
    text = f"name,country,kind\n{other_world.partner.name},US,buyer\n"
    assert run(world, text).count("create") == 1
    other_world.partner.refresh_from_db()
    assert other_world.partner.kind == "vc"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_reimports_unchanged(world, fmt):
    health = world.company.sectors.get()
    partner = f.partner(
        organisation=world.organisation, name="+Plus Trading", country="JP", website=""
    )
    partner.sectors.set([health])
    f.contact(partner=partner, name="=Eve", email="eve@plus.example", phone="+81 3 0000")
    f.contact(partner=partner, name="No Mail", email="")
    f.partner(organisation=world.organisation, name="Lonely", country="KR")
    _name, _type, content = transfer.export_records(actor=world.operator, kind="partners", fmt=fmt)
    counts = (Partner.objects.count(), Contact.objects.count())
    result = run(world, content, filename=f"partners.{fmt}")
    assert result.written, result.errors
    assert len(result.rows) == 4 and all(r.action == "unchanged" for r in result.rows)
    assert (Partner.objects.count(), Contact.objects.count()) == counts
    assert partner.contacts.get(email="eve@plus.example").phone == "+81 3 0000"
