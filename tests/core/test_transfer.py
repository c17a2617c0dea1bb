"""The import machinery: files, guards, all-or-nothing, escaping, the CLI and the pages."""

import csv
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from pavilion import cli
from pavilion.companies import brn
from pavilion.companies.models import Company
from pavilion.core import spreadsheets, transfer
from pavilion.core.models import AuditEntry
from tests import factories as f

VALID = ["220-81-62517", "1248100998", "1018215495"]
HEADER = "business_registration_number,name_ko,name_en,sectors,listing_status,contact_email\n"
GOOD = (
    HEADER
    + f"{VALID[0]},한빛,Hanbit,,kosdaq,a@hanbit.example\n"
    + f"{VALID[1]},큐빗,Qubit,,,\n"
    + f"{VALID[2]},오르비스,Orbis,,unlisted,\n"
)


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    # Uploads waiting for their confirm go to a folder of this test, not the developer's.
    settings.DATA_DIR = tmp_path


def run(actor, content, *, kind="companies", filename="file.csv", dry_run=False):
    return transfer.import_records(
        actor=actor, kind=kind, filename=filename, content=content, dry_run=dry_run
    )


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading files -----------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_csv_in_utf8_with_or_without_bom_and_cp949(world, encoding):
    result = run(world.operator, GOOD.encode(encoding))
    assert result.written, result.errors
    assert Company.objects.get(business_registration_number="2208162517").name_ko == "한빛"


def test_xlsx_with_korean_headers_numbers_and_empty_trailing_rows(world):
    rows = [["사업자등록번호", "기업명(국문)", "기업명(영문)", "설립연도"]]
    rows.append([2208162517, "한빛", "Hanbit", 2017])  # numbers, as Excel stores them
    rows += [[None, None, None, None]] * 5 + [["", "", "", ""]]
    result = run(world.operator, xlsx_bytes(rows), filename="companies.xlsx")
    assert result.written, result.errors
    assert [r.row for r in result.rows] == [2]
    assert Company.objects.get(business_registration_number="2208162517").founded_year == 2017


def test_semicolon_delimited_csv_and_sector_lists_in_a_comma_file():
    # The delimiter comes from the header, not from ';' inside the cells.
    _h, rows = spreadsheets.read_rows("a.csv", b"name,sectors\nA,bio;quantum\n", max_rows=10)
    assert rows == [(2, {"name": "A", "sectors": "bio;quantum"})]
    _h, rows = spreadsheets.read_rows("a.csv", b"name;sectors\nA;bio\n", max_rows=10)
    assert rows == [(2, {"name": "A", "sectors": "bio"})]


def test_extra_cells_are_kept_apart_and_empty_trailing_ones_ignored():
    content = b"name,sectors\nA,bio,\nB,bio,x,,\n"
    headers, rows = spreadsheets.read_rows("a.csv", content, max_rows=10)
    assert rows == [
        (2, {"name": "A", "sectors": "bio"}),
        (3, {"name": "B", "sectors": "bio", None: ["x"]}),
    ]
    assert spreadsheets.extra_cells(headers, rows[0][1]) is None
    assert spreadsheets.extra_cells(headers, rows[1][1]) == (3, 2)


@pytest.mark.parametrize("filename", ["file.csv", "file.xlsx"])
def test_a_row_with_more_cells_than_the_header_is_said_so(world, filename):
    """Any kind: the row is reported as such, not as its moved cells' column errors."""
    if filename.endswith(".csv"):
        content = (HEADER + f"{VALID[0]},한빛,Hanbit, Ltd.,,,a@hanbit.example\n").encode()
    else:
        content = xlsx_bytes(
            [
                HEADER.strip().split(","),
                [VALID[0], "한빛", "Hanbit", " Ltd.", "", "", "a@x.example"],
            ]
        )
    result = run(world.operator, content, filename=filename)
    assert [(e.row, e.column) for e in result.errors] == [(2, "")]
    assert str(result.errors[0]).startswith("row 2: the row has more cells (7) than the header (6)")
    assert not Company.objects.filter(business_registration_number="2208162517").exists()


def test_row_numbers_are_the_spreadsheets_even_after_blank_rows():
    content = b"name\nA\n\n,\nB\n"
    _h, rows = spreadsheets.read_rows("a.csv", content, max_rows=10)
    assert [number for number, _values in rows] == [2, 5]


@pytest.mark.parametrize(
    ("filename", "content", "words"),
    [
        ("x.pdf", b"%PDF", "unsupported"),
        ("x.csv", b"", "empty"),
        ("x.xlsx", b"not a zip", "xlsx"),
        ("x.csv", b"\xff\xfe\x00\x00\x81", "UTF-8"),
    ],
)
def test_unreadable_files_are_one_clear_error(world, filename, content, words):
    result = run(world.operator, content, filename=filename)
    assert [(e.row, e.column) for e in result.errors] == [(0, "")]
    assert words in result.errors[0].message


def test_files_over_the_size_limit_are_refused(world, settings):
    settings.PAVILION_IMPORT_MAX_BYTES = 100
    result = run(world.operator, GOOD.encode())
    assert not result.ok and "larger than the import limit" in result.errors[0].message
    assert "100 B" in result.errors[0].message


def test_files_over_the_row_limit_are_refused(world, settings):
    settings.PAVILION_IMPORT_MAX_ROWS = 2
    before = Company.objects.count()
    result = run(world.operator, GOOD.encode())
    assert [str(e) for e in result.errors] == ["too many rows: at most 2 per file"]
    assert Company.objects.count() == before
    settings.PAVILION_IMPORT_MAX_ROWS = 3
    assert run(world.operator, GOOD.encode()).written


def test_missing_and_repeated_columns_are_reported_on_row_1(world):
    result = run(world.operator, b"name_en\nHanbit\n")
    assert {(e.row, e.column) for e in result.errors} == {
        (1, "business_registration_number"),
        (1, "name_ko"),
    }
    both = "business_registration_number,name_ko,기업명(국문),name_en\n1,a,b,c\n".encode()
    result = run(world.operator, both)
    assert [(e.row, e.column) for e in result.errors] == [(1, "name_ko")]


# --- all or nothing, dry run -------------------------------------------------


def test_one_bad_row_among_good_ones_writes_nothing_and_names_row_and_column(world):
    before = Company.objects.count()
    content = GOOD.replace(VALID[1], "124-81-00999")  # wrong check digit, row 3
    result = run(world.operator, content.encode())
    assert not result.ok and not result.written
    assert [(e.row, e.column) for e in result.errors] == [(3, "business_registration_number")]
    assert "check digit" in result.errors[0].message
    assert str(result.errors[0]).startswith("row 3, column business_registration_number: ")
    assert Company.objects.count() == before
    assert not AuditEntry.objects.filter(action="import.companies").exists()


def test_errors_name_the_column_as_the_file_wrote_it_in_the_reader_s_language(world):
    korean_header = "사업자등록번호,기업명(국문),name_en\n"
    content = (korean_header + "124-81-00999,한빛,Hanbit\n").encode()
    with translation.override("ko"):
        result = run(world.operator, content)
        assert [(e.row, e.column) for e in result.errors] == [(2, "사업자등록번호")]
        expected = translation.gettext(
            "check digit does not match: not a valid business registration number"
        )
        assert result.errors[0].message == f"124-81-00999: {expected}"
        assert "check digit" not in result.errors[0].message  # said in Korean


def test_every_bad_row_is_reported(world):
    content = HEADER + "123,,Bad,,,\n" + f"{VALID[0]},한빛,Hanbit,,,\n" + "9,x,y,,often,x@\n"
    result = run(world.operator, content.encode())
    assert {(e.row, e.column) for e in result.errors} == {
        (2, "business_registration_number"),
        (2, "name_ko"),
        (4, "business_registration_number"),
        (4, "listing_status"),
        (4, "contact_email"),
    }


def test_dry_run_previews_exactly_and_writes_nothing(world):
    before = Company.objects.count()
    result = run(world.operator, GOOD.encode(), dry_run=True)
    assert result.ok and not result.written
    assert [(r.row, r.action) for r in result.rows] == [(2, "create"), (3, "create"), (4, "create")]
    assert Company.objects.count() == before
    assert not AuditEntry.objects.filter(action="import.companies").exists()


def test_a_real_import_writes_one_audit_entry(world):
    run(world.operator, GOOD.encode())
    entry = AuditEntry.objects.get(action="import.companies")
    assert entry.actor == world.operator and entry.organisation == world.organisation
    assert entry.data["created"] == 3


@pytest.mark.parametrize("role", ["official", "exhibitor", "partner_user"])
def test_only_operators_import(world, role):
    with pytest.raises(PermissionDenied):
        run(getattr(world, role), GOOD.encode(), dry_run=True)


@pytest.mark.parametrize("role", ["exhibitor", "partner_user"])
def test_only_staff_export(world, role):
    with pytest.raises(PermissionDenied):
        transfer.export_records(actor=getattr(world, role), kind="companies", fmt="csv")


def test_export_of_another_organisations_edition_is_refused(world, other_world):
    with pytest.raises(PermissionDenied):
        transfer.export_records(
            actor=world.official, kind="participations", fmt="csv", edition=other_world.edition
        )


# --- escaping ----------------------------------------------------------------

DANGEROUS = ['=HYPERLINK("http://evil.example")', "+82 10", "-2+3", "@SUM(A1)", "'=1"]


def test_writers_quote_every_formula_prefix():
    texts = ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "'=1", "plain", "a=b"]
    expected = ["'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "''=1", "plain", "a=b"]
    content = spreadsheets.write_csv(["h"] * len(texts), [texts, [-1, 2.5, None]])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[1] == expected
    assert rows[2] == ["-1", "2.5", ""]  # numbers are numbers, not formulas
    sheet = load_workbook(io.BytesIO(spreadsheets.write_xlsx(["h"], [texts], title="t"))).active
    # (XML turns a carriage return into a line feed; the quote stays in front.)
    assert [c.value for c in sheet[2]] == [e.replace("\r", "\n") for e in expected]


@given(st.text(max_size=20))
def test_escaping_round_trips_any_text(text):
    escaped = spreadsheets.escape_cell(text)
    assert not escaped.startswith(spreadsheets.FORMULA_PREFIXES)
    assert spreadsheets.unescape_cell(escaped) == text


def test_csv_and_xlsx_exports_escape_formulas(world):
    for i, text in enumerate(DANGEROUS):
        f.company(organisation=world.organisation, name_en=text, region=text, name_ko=f"위험 {i}")
    _n, _t, content = transfer.export_records(actor=world.operator, kind="companies", fmt="csv")
    cells = [c for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for c in row]
    assert "'" + DANGEROUS[0] in cells and "'" + DANGEROUS[3] in cells and "''=1" in cells
    assert not any(c.startswith(spreadsheets.FORMULA_PREFIXES) for c in cells)

    _n, _t, xlsx = transfer.export_records(actor=world.operator, kind="companies", fmt="xlsx")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    values = [c.value for c in cells if isinstance(c.value, str)]
    assert "'" + DANGEROUS[0] in values
    assert not any(v.startswith(spreadsheets.FORMULA_PREFIXES) for v in values)

    # And both files re-import as they are, formula text included.
    for fmt, data in (("csv", content), ("xlsx", xlsx)):
        result = run(world.operator, data, filename=f"companies.{fmt}")
        assert result.ok and result.count("unchanged") == len(result.rows), result.errors
    assert set(DANGEROUS) <= set(Company.objects.values_list("name_en", flat=True))


# --- the command line --------------------------------------------------------


def test_cli_dry_run_writes_nothing_then_imports(world, tmp_path, capsys):
    path = tmp_path / "companies.csv"
    path.write_bytes(GOOD.encode())
    before = Company.objects.count()
    as_operator = ["--as", world.operator.username]
    assert cli.main(["import", "companies", str(path), "--dry-run", *as_operator]) == 0
    out = capsys.readouterr().out
    assert Company.objects.count() == before
    assert "Dry run: nothing was written" in out and "Hanbit" in out and "create" in out
    assert cli.main(["import", "companies", str(path), *as_operator]) == 0
    assert Company.objects.count() == before + 3
    assert cli.main(["import", "companies", str(path), *as_operator]) == 0
    assert "3 unchanged" in capsys.readouterr().out


def test_cli_reports_bad_rows_with_exit_code_1(world, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes((HEADER + "1,x,y,,,\n").encode())
    assert cli.main(["import", "companies", str(bad), "--as", world.operator.username]) == 1
    err = capsys.readouterr().err
    assert "nothing was written" in err and "row 2, column business_registration_number" in err


def test_cli_usage_problems_exit_with_2(world, other_world, tmp_path, capsys):
    path = tmp_path / "companies.csv"
    path.write_bytes(GOOD.encode())
    # Two organisations, two operators: who acts must be said.
    assert cli.main(["import", "companies", str(path)]) == 2
    assert cli.main(["import", "companies", str(path), "--as", "nobody"]) == 2
    assert cli.main(["import", "companies", str(path), "--as", world.official.username]) == 2
    assert cli.main(["import", "companies", str(tmp_path / "no.csv"), "--as", "nobody"]) == 2
    other = ["--as", world.operator.username, "--edition", other_world.edition.slug]
    assert cli.main(["export", "participations", str(tmp_path / "p.csv"), *other]) == 2
    assert cli.main(["export", "companies", str(tmp_path / "p.pdf"), *other[:2]]) == 2
    assert "unknown edition" in capsys.readouterr().err


def test_cli_defaults_to_the_only_operator_and_exports(world, tmp_path):
    target = tmp_path / "participations.xlsx"
    args = ["export", "participations", str(target), "--edition", world.edition.slug]
    assert cli.main(args) == 0
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("business_registration_number", "edition")
    assert len(rows) == 3  # the header and world's two participations


# --- the pages ---------------------------------------------------------------


@pytest.fixture(autouse=True)
def worker_runs_at_once(monkeypatch):
    """Imports run in the background after their request commits; the test
    database never commits, so run the queued task at once (the tasks backend
    of the tests is immediate)."""
    from pavilion.core import import_runs

    monkeypatch.setattr(import_runs.transaction, "on_commit", lambda call, **kw: call())


def upload(client, content, *, kind="companies", name="companies.csv"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("transfer-home"), {"kind": kind, "file": file})


def test_upload_preview_and_confirm(world, client, settings):
    client.force_login(world.operator)
    assert upload(client, GOOD.encode()).status_code == 302
    before = Company.objects.count()
    preview = client.get(reverse("transfer-preview"))
    assert preview.status_code == 200 and b"Hanbit" in preview.content
    assert b"confirm-import" in preview.content
    assert Company.objects.count() == before  # the preview wrote nothing
    pending = Path(settings.DATA_DIR) / "imports" / client.session["pending_import"]["token"]
    assert pending.read_bytes() == GOOD.encode()
    response = client.post(reverse("transfer-confirm"))
    assert response.status_code == 302 and Company.objects.count() == before + 3
    assert not pending.exists()
    done = client.get(response["Location"])
    assert b"Imported 3 rows: 3 created, 0 updated, 0 unchanged." in done.content
    # Nothing waits any more: a second confirm imports nothing again.
    assert client.post(reverse("transfer-confirm")).status_code == 302
    assert Company.objects.count() == before + 3


def test_the_confirm_validates_again(world, client):
    client.force_login(world.operator)
    sector = f.sector(slug="bio")
    upload(client, GOOD.replace(",,kosdaq,", ",bio,kosdaq,").encode())
    preview = client.get(reverse("transfer-preview"))
    assert b"confirm-import" in preview.content
    sector.delete()  # between the preview and the confirm
    before = Company.objects.count()
    response = client.post(reverse("transfer-confirm"), follow=True)
    assert response.status_code == 200 and b"import-errors" in response.content
    assert b"unknown sector: bio" in response.content
    assert Company.objects.count() == before


def test_preview_lists_every_bad_row(world, client):
    client.force_login(world.operator)
    upload(client, (HEADER + "1,x,y,,,\n2,x,y,,,\n").encode())
    preview = client.get(reverse("transfer-preview"))
    assert preview.status_code == 200 and b"import-errors" in preview.content
    assert preview.content.count(b"business_registration_number") >= 2
    assert b"confirm-import" not in preview.content


def test_another_organisations_edition_is_an_unknown_edition_in_the_preview(
    world, other_world, client
):
    client.force_login(world.operator)
    content = f"business_registration_number,edition\n{VALID[0]},{other_world.edition.slug}\n"
    upload(client, content.encode(), kind="participations", name="p.csv")
    preview = client.get(reverse("transfer-preview"))
    assert b"unknown edition " + other_world.edition.slug.encode() in preview.content


@pytest.mark.parametrize("role", ["official", "exhibitor", "partner_user"])
def test_only_operators_upload_preview_or_confirm(world, client, role):
    client.force_login(getattr(world, role))
    before = Company.objects.count()
    assert upload(client, GOOD.encode()).status_code == 403
    assert client.get(reverse("transfer-preview")).status_code == 403
    assert client.post(reverse("transfer-confirm")).status_code == 403
    assert Company.objects.count() == before


def test_exports_for_staff_only(world, other_world, client):
    url = reverse("transfer-export", args=["partners", "csv"])
    assert client.get(url).status_code == 302  # to the login page
    for role in ("exhibitor", "partner_user"):
        client.force_login(getattr(world, role))
        assert client.get(url).status_code == 403
        assert client.get(reverse("transfer-home")).status_code == 403
    client.force_login(world.official)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert world.partner.name in text and other_world.partner.name not in text
    assert client.get(url, {"edition": other_world.edition.slug}).status_code == 404
    assert client.get(reverse("transfer-export", args=["nothing", "csv"])).status_code == 404
    xlsx = client.get(reverse("transfer-export", args=["awards", "xlsx"]))
    assert xlsx.status_code == 200 and "awards.xlsx" in xlsx["Content-Disposition"]


def test_docs_list_every_column_with_its_korean_header():
    docs = (Path(__file__).parents[2] / "docs" / "imports.md").read_text()
    for spec in transfer.kinds():
        assert f"## {spec.kind}" in docs
        for column in spec.columns:
            assert f"| {column.name} | {column.korean} |" in docs, column.name


# --- background runs -----------------------------------------------------------


def test_a_long_import_reports_its_progress(world):
    rows = "".join(
        f"{brn.make_valid(f'{300000000 + i:09d}')},회사{i},Company {i},,,\n" for i in range(250)
    )
    seen = []
    result = transfer.import_records(
        actor=world.operator,
        kind="companies",
        filename="c.csv",
        content=(HEADER + rows).encode(),
        dry_run=True,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert result.ok and len(result.rows) == 250
    assert seen == [(100, 250), (200, 250)]


def test_a_queued_run_shows_that_it_waits_and_a_failed_run_that_nothing_was_written(
    world, client, monkeypatch
):
    from pavilion.core import import_runs
    from pavilion.core.models import ImportRun

    client.force_login(world.operator)
    monkeypatch.setattr(import_runs.transaction, "on_commit", lambda call, **kw: None)
    upload(client, GOOD.encode())
    waiting = client.get(reverse("transfer-preview"))
    assert b"Waiting for the worker" in waiting.content
    assert b'http-equiv="refresh"' in waiting.content

    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(import_runs.transfer, "import_records", broken)
    run = ImportRun.objects.get()
    before = Company.objects.count()
    import_runs.execute_import(run)
    run.refresh_from_db()
    assert run.state == ImportRun.State.FAILED
    failed = client.get(reverse("transfer-run", args=[run.pk]))
    assert b"import-failed" in failed.content and b"disk on fire" not in failed.content
    assert Company.objects.count() == before
    # Another organisation's operator cannot see the run.
    outsider = f.user(role="operator", organisation=f.organisation())
    client.force_login(outsider)
    assert client.get(reverse("transfer-run", args=[run.pk])).status_code == 404
