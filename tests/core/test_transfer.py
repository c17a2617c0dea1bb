"""Spreadsheet import and export: all or nothing, every bad row named, no duplicates."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from pavilion import cli
from pavilion.companies.models import Company, Participation
from pavilion.core import transfer
from pavilion.partners.models import Contact, Partner
from tests import factories as f

VALID = ["220-81-62517", "1248100998", "1018215495"]
HEADER = "business_registration_number,name_ko,name_en,sectors,listing_status,contact_email\n"


def csv_bytes(text: str, encoding="utf-8") -> bytes:
    return text.encode(encoding)


def run(world, kind, content, *, filename="file.csv", dry_run=False):
    return transfer.import_records(
        actor=world.operator, kind=kind, filename=filename, content=content, dry_run=dry_run
    )


def good_companies(sector_slug):
    return csv_bytes(
        HEADER
        + f"{VALID[0]},한빛,Hanbit,{sector_slug},kosdaq,a@hanbit.example\n"
        + f"{VALID[1]},큐빗,Qubit,,,\n"
        + f"{VALID[2]},오르비스,Orbis,,unlisted,\n"
    )


def test_one_bad_row_writes_nothing_and_is_named(world):
    before = Company.objects.count()
    content = csv_bytes(
        HEADER
        + f"{VALID[0]},한빛,Hanbit,,,\n"
        + "220-81-62518,나쁜,Bad,,,\n"  # wrong check digit
        + f"{VALID[2]},오르비스,Orbis,,,\n"
    )
    result = run(world, "companies", content)
    assert not result.ok and not result.written
    assert [(e.row, e.column) for e in result.errors] == [(3, "business_registration_number")]
    assert "check digit" in result.errors[0].message
    assert Company.objects.count() == before


def test_every_bad_row_and_cell_is_reported(world):
    content = csv_bytes(
        HEADER
        + "123,,Bad one,nonsense,sometimes,not-an-email\n"
        + f"{VALID[0]},한빛,,,,\n"
        + f"{VALID[0]},한빛,Hanbit,,,\n"
    )
    result = run(world, "companies", content)
    cells = {(e.row, e.column) for e in result.errors}
    assert {
        (2, "business_registration_number"),
        (2, "name_ko"),
        (2, "sectors"),
        (2, "listing_status"),
        (3, "name_en"),
    } <= cells
    # Row 4 repeats row 3's number: a duplicate within the file, named as such.
    assert (
        any(e.row == 4 and "row 3" in e.message for e in result.errors) or (3, "name_en") in cells
    )


def test_the_same_file_twice_creates_no_duplicates(world):
    sector = world.company.sectors.get()
    first = run(world, "companies", good_companies(sector.slug))
    assert first.written and first.count("create") == 3
    count = Company.objects.count()
    second = run(world, "companies", good_companies(sector.slug))
    assert second.written and second.count("unchanged") == 3
    assert Company.objects.count() == count
    hanbit = Company.objects.get(business_registration_number="2208162517")
    assert list(hanbit.sectors.all()) == [sector]
    assert hanbit.listing_status == "kosdaq"


def test_reimport_updates_a_changed_field(world):
    run(world, "companies", good_companies(""))
    changed = good_companies("").replace(b"Qubit", b"Qubit Labs")
    result = run(world, "companies", changed)
    assert result.count("update") == 1 and result.count("unchanged") == 2
    assert Company.objects.get(business_registration_number=VALID[1]).name_en == "Qubit Labs"


def test_dry_run_previews_and_writes_nothing(world):
    before = Company.objects.count()
    result = run(world, "companies", good_companies(""), dry_run=True)
    assert result.ok and not result.written and result.count("create") == 3
    assert Company.objects.count() == before


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp949"])
def test_korean_csv_encodings(world, encoding):
    result = run(world, "companies", good_companies("").decode().encode(encoding))
    assert result.written
    assert Company.objects.filter(name_ko="한빛").exists()


def test_korean_headers_and_xlsx(world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["사업자등록번호", "기업명(국문)", "기업명(영문)", "설립연도"])
    sheet.append([2208162517, "한빛", "Hanbit", 2017])  # a number, as Excel stores it
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(world, "companies", buffer.getvalue(), filename="companies.xlsx")
    assert result.written, result.errors
    assert Company.objects.get(business_registration_number="2208162517").founded_year == 2017


def test_missing_required_column_is_reported_once(world):
    result = run(world, "companies", csv_bytes("name_en\nHanbit\n"))
    assert {(e.row, e.column) for e in result.errors} == {
        (1, "business_registration_number"),
        (1, "name_ko"),
    }


def test_participation_in_another_organisations_edition_is_refused(world, other_world):
    content = csv_bytes(
        "business_registration_number,edition,booth\n"
        f"{world.other_company.brn_display},{other_world.edition.slug},\n"
    )
    result = run(world, "participations", content)
    assert [(e.row, e.column) for e in result.errors] == [(2, "edition")]


def test_participation_booth_must_be_in_the_pavilion(world):
    content = csv_bytes(
        "business_registration_number,edition,booth,status\n"
        f"{world.other_company.brn_display},{world.edition.slug},Z-999,confirmed\n"
    )
    result = run(world, "participations", content)
    assert [(e.row, e.column) for e in result.errors] == [(2, "booth")]
    ok = content.replace(b"Z-999", world.booth.number.encode())
    assert run(world, "participations", ok).written
    assert Participation.objects.get(company=world.other_company).booth == world.booth


def test_partners_with_contacts_and_country_names(world):
    content = csv_bytes(
        "name,country,kind,contact_name,contact_email\n"
        "Lakeshore Imports,United States,buyer,Ann Lee,ann@lakeshore.example\n"
        "Sakura Capital,JP,Venture capital,,\n"
    )
    assert run(world, "partners", content).written
    lakeshore = Partner.objects.get(name="Lakeshore Imports")
    assert lakeshore.country == "US" and lakeshore.contacts.get().email == "ann@lakeshore.example"
    assert Partner.objects.get(name="Sakura Capital").kind == "vc"
    again = run(world, "partners", content)
    assert again.count("unchanged") == 2
    assert Contact.objects.filter(partner=lakeshore).count() == 1


def test_exports_escape_formulas_and_round_trip(world):
    world.company.name_en = '=HYPERLINK("http://evil.example")'
    world.company.region = "+82 region"
    world.company.save()
    _name, _type, content = transfer.export_records(
        actor=world.operator, kind="companies", fmt="csv"
    )
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil.example")' in cells and "'+82 region" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)

    _name, _type, xlsx = transfer.export_records(actor=world.operator, kind="companies", fmt="xlsx")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert '\'=HYPERLINK("http://evil.example")' in values
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)

    # The export re-imports as unchanged, formula text included.
    for fmt, data in (("csv", content), ("xlsx", xlsx)):
        result = run(world, "companies", data, filename=f"companies.{fmt}")
        assert result.ok and result.count("unchanged") == 2, result.errors
    world.company.refresh_from_db()
    assert world.company.name_en == '=HYPERLINK("http://evil.example")'


@pytest.mark.parametrize("role", ["official", "exhibitor", "partner_user"])
def test_only_operators_import(world, role):
    with pytest.raises(PermissionDenied):
        transfer.import_records(
            actor=getattr(world, role),
            kind="companies",
            filename="x.csv",
            content=b"",
            dry_run=True,
        )


def test_export_holds_only_the_organisations_records(world, other_world):
    _n, _t, content = transfer.export_records(actor=world.operator, kind="partners", fmt="csv")
    text = content.decode("utf-8-sig")
    assert world.partner.name in text and other_world.partner.name not in text


def test_cli_dry_run_and_import(world, tmp_path, capsys):
    path = tmp_path / "companies.csv"
    path.write_bytes(good_companies(""))
    before = Company.objects.count()
    code = cli.main(
        ["import", "companies", str(path), "--dry-run", "--as", world.operator.username]
    )
    assert code == 0 and Company.objects.count() == before
    assert "Dry run" in capsys.readouterr().out
    assert cli.main(["import", "companies", str(path), "--as", world.operator.username]) == 0
    assert Company.objects.count() == before + 3
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(HEADER + "1,x,y,,,\n"))
    assert cli.main(["import", "companies", str(bad), "--as", world.operator.username]) == 1
    assert "row 2, column business_registration_number" in capsys.readouterr().err


def test_upload_preview_and_confirm_pages(world, client):
    client.force_login(world.operator)
    upload = io.BytesIO(good_companies(""))
    upload.name = "companies.csv"
    response = client.post(reverse("transfer-home"), {"kind": "companies", "file": upload})
    assert response.status_code == 302
    preview = client.get(reverse("transfer-preview"))
    assert preview.status_code == 200 and b"Hanbit" in preview.content
    before = Company.objects.count()
    assert client.post(reverse("transfer-confirm")).status_code == 302
    assert Company.objects.count() == before + 3


def test_preview_page_lists_bad_rows(world, client):
    client.force_login(world.operator)
    upload = io.BytesIO(csv_bytes(HEADER + "1,x,y,,,\n"))
    upload.name = "companies.csv"
    client.post(reverse("transfer-home"), {"kind": "companies", "file": upload})
    preview = client.get(reverse("transfer-preview"))
    assert (
        b"business_registration_number" in preview.content and b"import-errors" in preview.content
    )


def test_factories_make_valid_numbers():
    assert len({f.make_brn() for _ in range(50)}) == 50


def test_docs_list_every_column_with_its_korean_header():
    from pathlib import Path

    docs = (Path(__file__).parents[2] / "docs" / "imports.md").read_text()
    for spec in transfer.kinds():
        assert f"## {spec.kind}" in docs
        for column in spec.columns:
            assert f"| {column.name} | {column.korean} |" in docs, column.name
