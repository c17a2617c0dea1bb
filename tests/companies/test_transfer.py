"""Spreadsheet specs for companies, participations and awards."""

import pytest

from pavilion.companies.models import Award, Company, Participation
from pavilion.core import transfer
from tests import factories as f

VALID = ["220-81-62517", "1248100998", "1018215495"]
HEADER = "business_registration_number,name_ko,name_en,sectors,listing_status,website\n"


def run(world, kind, text, *, filename="file.csv", dry_run=False):
    content = text.encode() if isinstance(text, str) else text
    return transfer.import_records(
        actor=world.operator, kind=kind, filename=filename, content=content, dry_run=dry_run
    )


def export(world, kind, fmt, edition=None):
    return transfer.export_records(actor=world.operator, kind=kind, fmt=fmt, edition=edition)[2]


def cells(result):
    return [(e.row, e.column) for e in result.errors]


def companies_file(sectors=""):
    return (
        HEADER
        + f"{VALID[0]},한빛,Hanbit,{sectors},kosdaq,https://hanbit.example\n"
        + f"{VALID[1]},큐빗,Qubit,,,\n"
        + f"{VALID[2]},오르비스,Orbis,,unlisted,\n"
    )


# --- companies ---------------------------------------------------------------


def test_the_same_file_twice_creates_no_duplicates(world):
    first = run(world, "companies", companies_file())
    assert first.written and first.count("create") == 3
    count = Company.objects.count()
    second = run(world, "companies", companies_file())
    assert second.written and [r.action for r in second.rows] == ["unchanged"] * 3
    assert Company.objects.count() == count


def test_a_changed_field_updates(world):
    run(world, "companies", companies_file())
    result = run(world, "companies", companies_file().replace("Qubit", "Qubit Labs"))
    assert [r.action for r in result.rows] == ["unchanged", "update", "unchanged"]
    assert Company.objects.get(business_registration_number=VALID[1]).name_en == "Qubit Labs"


def test_numbers_are_matched_whatever_their_formatting(world):
    run(world, "companies", companies_file())
    text = companies_file().replace(VALID[0], VALID[0].replace("-", ""))
    assert run(world, "companies", text.replace("220", " 220")).count("unchanged") == 3


def test_sectors_by_code_or_english_or_korean_name(world):
    bio = f.sector(slug="bio", name_en="Biotech", name_ko="바이오")
    quantum = f.sector(slug="quantum", name_en="Quantum", name_ko="양자")
    result = run(world, "companies", companies_file("bio; 양자;BIOTECH"))
    assert result.written, result.errors
    hanbit = Company.objects.get(business_registration_number="2208162517")
    assert set(hanbit.sectors.all()) == {bio, quantum}
    again = run(world, "companies", companies_file("quantum;bio"))
    assert again.count("unchanged") == 3
    removed = run(world, "companies", companies_file("bio"))
    assert removed.count("update") == 1 and list(hanbit.sectors.all()) == [bio]


def test_unknown_sector_is_named(world):
    result = run(world, "companies", companies_file("bio;space-elevators"))
    assert cells(result) == [(2, "sectors")]
    assert "space-elevators" in result.errors[0].message


def test_bad_values_are_row_errors(world):
    text = HEADER + f"{VALID[0]},한빛,Hanbit,,nasdaq,not a url\n" + "12345,x,y,,,\n"
    result = run(world, "companies", text)
    assert cells(result) == [
        (2, "website"),
        (2, "listing_status"),
        (3, "business_registration_number"),
    ]


def test_a_number_twice_in_one_file_names_the_first_row(world):
    text = companies_file() + f"{VALID[0]},한빛,Hanbit again,,,\n"
    result = run(world, "companies", text)
    assert cells(result) == [(5, "")] and "row 2" in result.errors[0].message


def test_absent_columns_keep_their_values(world):
    run(world, "companies", companies_file())
    text = f"business_registration_number,name_ko,name_en\n{VALID[0]},한빛,Hanbit\n"
    assert run(world, "companies", text).count("unchanged") == 1
    hanbit = Company.objects.get(business_registration_number="2208162517")
    assert hanbit.listing_status == "kosdaq" and hanbit.website == "https://hanbit.example"


def test_companies_are_per_organisation(world, other_world):
    number = world.company.business_registration_number
    text = f"business_registration_number,name_ko,name_en\n{number},같은,Same number\n"
    assert run(other_world, "companies", text).count("create") == 1
    world.company.refresh_from_db()
    assert world.company.name_en == "Daejeon Robotics"


# --- participations ----------------------------------------------------------


def participations_file(world, booth=""):
    brn = world.other_company.brn_display
    return (
        "business_registration_number,edition,status,booth,notes\n"
        f"{brn},{world.edition.slug},selected,{booth},first time\n"
    )


def test_participation_is_upserted_by_company_and_edition(world):
    result = run(world, "participations", participations_file(world, world.booth.number))
    assert [r.action for r in result.rows] == ["update"]
    part = Participation.objects.get(company=world.other_company, edition=world.edition)
    assert (part.status, part.booth, part.pavilion) == ("selected", world.booth, world.pavilion)
    again = run(world, "participations", participations_file(world, world.booth.number))
    assert [r.action for r in again.rows] == ["unchanged"]
    assert Participation.objects.filter(company=world.other_company).count() == 1


def test_participation_row_errors(world, other_world):
    text = (
        "business_registration_number,edition,status,booth\n"
        f"{world.company.brn_display},{world.edition.slug},sometimes,Z-9\n"
        f"{VALID[0]},{world.edition.slug},,\n"  # no such company
        f"{world.company.brn_display},{other_world.edition.slug},,\n"
        f"{world.company.brn_display},{world.edition.slug},,,\n"
    )
    result = run(world, "participations", text)
    assert cells(result) == [
        (2, "status"),
        (2, "booth"),
        (3, "business_registration_number"),
        (4, "edition"),
    ]
    assert result.errors[3].message == f"unknown edition {other_world.edition.slug}"
    assert "import the company first" in result.errors[2].message


def test_absent_participation_columns_keep_booth_and_status(world):
    text = (
        f"business_registration_number,edition\n{world.company.brn_display},{world.edition.slug}\n"
    )
    assert [r.action for r in run(world, "participations", text).rows] == ["unchanged"]
    world.participation.refresh_from_db()
    assert world.participation.booth == world.booth and world.participation.status == "confirmed"


def test_a_new_participation_is_confirmed_in_the_editions_only_pavilion(world):
    company = f.company(organisation=world.organisation)
    text = f"business_registration_number,edition\n{company.brn_display},{world.edition.slug}\n"
    assert run(world, "participations", text).count("create") == 1
    part = Participation.objects.get(company=company)
    assert (part.status, part.pavilion) == ("confirmed", world.pavilion)


# --- awards ------------------------------------------------------------------


def awards_file(world, kind="best"):
    brn = world.company.brn_display
    return (
        "business_registration_number,edition,category,product,kind\n"
        f"{brn},{world.edition.slug},Robotics,Helper Bot,{kind}\n"
        f"{brn},{world.edition.slug},{world.award.category},{world.award.product},\n"
    )


def test_awards_upsert_by_company_edition_category_and_product(world):
    result = run(world, "awards", awards_file(world))
    assert [r.action for r in result.rows] == ["create", "unchanged"]
    assert run(world, "awards", awards_file(world)).count("unchanged") == 2
    changed = run(world, "awards", awards_file(world, kind="honoree"))
    assert [r.action for r in changed.rows] == ["update", "unchanged"]
    assert Award.objects.filter(participation=world.participation).count() == 2


def test_award_needs_a_participation(world, other_world):
    company = f.company(organisation=world.organisation)
    text = (
        "business_registration_number,edition,category,product,kind\n"
        f"{company.brn_display},{world.edition.slug},Robotics,Bot,honoree\n"
        f"{world.company.brn_display},{other_world.edition.slug},Robotics,Bot,gold\n"
    )
    result = run(world, "awards", text)
    assert cells(result) == [(2, "edition"), (3, "edition"), (3, "kind")]


# --- round trips -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["companies", "participations", "awards"])
def test_an_export_reimports_unchanged(world, other_world, kind, fmt):
    f.award(participation=world.participation, product="-minus", category="@at")
    world.company.description_en = '=1+1, with "quotes", a\nnew line and 한국어'
    world.company.save()
    content = export(world, kind, fmt)
    counts = (Company.objects.count(), Participation.objects.count(), Award.objects.count())
    result = run(world, kind, content, filename=f"{kind}.{fmt}")
    assert result.written, result.errors
    assert result.rows and all(r.action == "unchanged" for r in result.rows)
    assert counts == (Company.objects.count(), Participation.objects.count(), Award.objects.count())


def test_an_edited_export_updates(world):
    content = export(world, "participations", "csv", edition=world.edition)
    edited = content.decode("utf-8-sig").replace(",confirmed,", ",withdrawn,", 1)
    result = run(world, "participations", edited)
    assert result.count("update") == 1 and result.count("unchanged") == 1
