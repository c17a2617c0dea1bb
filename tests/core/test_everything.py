"""Everything of an organisation in one ZIP (core/everything.py): all of its own, nothing else."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from pavilion.accounts.models import PersonInvitation, Role
from pavilion.cli import main
from pavilion.companies.models import Company, JoinRequest
from pavilion.consultations.models import (
    FollowUp,
    FollowUpRound,
    FollowUpTask,
    SurveyResponse,
    Tally,
)
from pavilion.core import audit, everything
from pavilion.core.models import AuditEntry, ImportRun
from pavilion.funds.models import DeploymentPlan
from pavilion.meetings.models import (
    Meeting,
    MeetingRequest,
    MeetingRules,
    PreferredTime,
    Room,
    ScheduleRun,
    Slot,
    Table,
    Unavailability,
)
from pavilion.notifications.models import MutedKind, OutboxMessage
from pavilion.planning.models import CompanySignUp, ConflictOfInterest
from pavilion.reports.models import EditionPlan, ReportSnapshot
from tests import factories as f
from tests.conftest import build_world

MARKER = "leakville"  # in every text of the other organisation's records


def fill_every_kind(w) -> None:
    """The kinds build_world leaves empty, one record each, named after the organisation."""
    name = w.organisation.name
    now = timezone.now()
    audit.record(actor=w.operator, action="test.planted", organisation=w.organisation, note=name)
    ImportRun.objects.create(
        organisation=w.organisation,
        actor=w.operator,
        kind="companies",
        filename=f"{name}.csv",
        upload="0" * 32,
        state=ImportRun.State.DONE,
        result={"kind": "companies", "rows": [], "errors": [], "dry_run": True},
    )
    PersonInvitation.objects.create(
        organisation=w.organisation,
        email=f"invitee@{w.organisation.slug}.example",
        role="official",
        token_hash=f"token-hash-{w.organisation.slug}",
        expires_at=now + timedelta(days=7),
    )
    joiner = f.user(role=Role.EXHIBITOR, company=w.company, first_name=name)
    JoinRequest.objects.create(company=w.company, user=joiner)
    follow_up_round = FollowUpRound.objects.create(
        edition=w.edition, months_after=3, due_on=w.edition.end_date
    )
    FollowUp.objects.create(
        consultation=w.consultation,
        round=follow_up_round,
        date=date(2024, 2, 1),
        kind="call",
        stage_before="consulted",
        stage_after="follow_up",
        currency="USD",
        outcome=f"{name} follow-up",
    )
    FollowUpTask.objects.create(round=follow_up_round, company=w.company)
    Tally.objects.create(edition=w.edition, day=w.edition.start_date, place=f"{name} gate", count=7)
    SurveyResponse.objects.create(participation=w.participation, satisfaction=4)
    room = Room.objects.create(edition=w.edition, name=f"{name} lounge")
    table = Table.objects.create(room=room, number="1")
    start = datetime(2024, 1, 11, 18, 0, tzinfo=UTC)
    slot = Slot.objects.create(edition=w.edition, start=start, end=start + timedelta(minutes=30))
    later = start + timedelta(hours=2)
    Unavailability.objects.create(
        edition=w.edition, company=w.company, start=later, end=later + timedelta(hours=1)
    )
    PreferredTime.objects.create(
        edition=w.edition, partner=w.partner, start=start, end=start + timedelta(hours=1)
    )
    request = MeetingRequest.objects.create(edition=w.edition, company=w.company, partner=w.partner)
    Meeting.objects.create(
        edition=w.edition,
        request=request,
        company=w.company,
        partner=w.partner,
        slot=slot,
        table=table,
    )
    ScheduleRun.objects.create(edition=w.edition, state="draft")
    MeetingRules.objects.create(edition=w.edition)
    DeploymentPlan.objects.create(fund=w.fund, year=2025, amount=Decimal("1000000"))
    ReportSnapshot.objects.create(
        edition=w.edition, title=f"{name} frozen", figures={"by": name}, sha256="0" * 64
    )
    EditionPlan.objects.create(edition=w.edition)
    ConflictOfInterest.objects.create(application=w.application, reviewer=w.official)
    CompanySignUp.objects.create(
        cfp=w.cfp,
        applicant_name=f"{name} applicant",
        email=f"applicant@{w.organisation.slug}.example",
        password_hash="pbkdf2_sha256$SECRET-HASH",
        name_ko="새회사",
        name_en=f"{name} Newco",
        business_registration_number=f.make_brn(),
    )
    OutboxMessage.objects.create(
        organisation=w.organisation,
        recipient=w.exhibitor,
        to_email=w.exhibitor.email,
        kind="application_decided",
        language="en",
        subject=f"{name}: the result of your application",
        body=f"Hello from {name}",
    )
    MutedKind.objects.create(user=w.exhibitor, kind="application_decided")


def _pks() -> dict[str, set]:
    return {
        t.name: set(t.model._default_manager.values_list("pk", flat=True))
        for t in everything.tables()
    }


@pytest.fixture
def two_organisations(db):
    """Ours (Daejeon) and another (Leakville), each with records of every kind;
    the primary keys each one created, per table."""
    before = _pks()
    own = build_world("Daejeon")
    fill_every_kind(own)
    middle = _pks()
    other = build_world("Leakville")
    fill_every_kind(other)
    after = _pks()
    own_ids = {name: middle[name] - before[name] for name in before}
    other_ids = {name: after[name] - middle[name] for name in before}
    # Ours may read the funds too (the agency's data: operators need the permission).
    own.operator.user_permissions.add(Permission.objects.get(codename="view_fund"))
    own.operator = type(own.operator).objects.get(pk=own.operator.pk)  # a fresh permission cache
    return own, other, own_ids, other_ids


def _read(content: bytes) -> tuple[dict, dict[str, list[dict]], dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        manifest = json.loads(archive.read(everything.MANIFEST))
        texts = {n: archive.read(n).decode("utf-8-sig") for n in archive.namelist()}
    tables = {
        n[: -len(".csv")]: list(csv.DictReader(io.StringIO(t, newline="")))
        for n, t in texts.items()
        if n.endswith(".csv")
    }
    return manifest, tables, texts


def test_every_kind_of_our_organisation_and_nothing_of_another(two_organisations):
    own, _other, own_ids, other_ids = two_organisations
    buffer = io.BytesIO()
    everything.export_everything(actor=own.operator, file=buffer)
    manifest, tables, texts = _read(buffer.getvalue())

    names = {t.name for t in everything.tables()}
    # The record kinds the issue names are among them.
    assert {
        "meetings",
        "meeting_requests",
        "meeting_slots",
        "scans",
        "follow_ups",
        "applications",
        "reviews",
        "audit_trail",
    } <= names
    assert set(tables) == names
    assert {f["file"] for f in manifest["files"]} == {f"{n}.csv" for n in names}
    for entry in manifest["files"]:
        name = entry["file"][: -len(".csv")]
        ids = {int(row["id"]) for row in tables[name]}
        # Every kind is planted for both organisations, so every file has rows…
        assert own_ids[name], f"the test planted no {name}"
        assert other_ids[name] or name == "sectors", f"the test planted no other {name}"
        # …exactly ours, counted right, and none of the other organisation's.
        assert ids == own_ids[name], name
        assert entry["rows"] == len(tables[name]) == len(own_ids[name]), name
        assert not ids & other_ids[name], name
    for file, text in texts.items():
        assert MARKER not in text.lower(), f"{file} names the other organisation"
    assert "Daejeon" in texts["companies.csv"]
    assert manifest["organisation"]["slug"] == own.organisation.slug
    assert manifest["left_out"] == []


def test_the_funds_only_for_an_operator_who_may_read_them(two_organisations):
    own, *_ = two_organisations
    own.operator.user_permissions.clear()
    operator = type(own.operator).objects.get(pk=own.operator.pk)
    buffer = io.BytesIO()
    manifest = everything.export_everything(actor=operator, file=buffer)
    _manifest, tables, texts = _read(buffer.getvalue())
    funds = ["deployment_plans", "fund_commitments", "funds", "investments"]
    assert sorted(manifest["left_out"]) == [f"{name}.csv" for name in funds]
    assert not set(funds) & set(tables)
    assert own.investment.notes not in "".join(texts.values())
    assert "companies" in tables


def test_every_model_of_the_project_has_its_table():
    # A new model must say where its organisation is, or it silently stays behind.
    from django.apps import apps

    exported = {t.model for t in everything.tables()}
    ours = [m for m in apps.get_models() if m.__module__.startswith("pavilion.")]
    assert [m._meta.label for m in ours if m not in exported] == []


def test_secrets_stay_out_and_the_manifest_says_when_in_the_shows_zone(two_organisations):
    own, *_ = two_organisations
    buffer = io.BytesIO()
    manifest = everything.export_everything(actor=own.operator, file=buffer)
    _manifest, tables, texts = _read(buffer.getvalue())
    everything_text = "".join(texts.values())
    assert "SECRET-HASH" not in everything_text
    assert "token-hash-" not in everything_text
    assert "password" not in tables["users"][0]
    assert "key_hash" not in tables["api_tokens"][0]
    generated = datetime.fromisoformat(manifest["generated_at"])
    assert manifest["time_zone"] == own.edition.time_zone
    assert generated.utcoffset() == timezone.localtime(generated, own.edition.tzinfo).utcoffset()
    # Many-to-many fields as ids; times with their offset.
    (company,) = [row for row in tables["companies"] if int(row["id"]) == own.company.pk]
    assert company["sectors"] == ";".join(str(s.pk) for s in own.company.sectors.all())
    (consultation,) = tables["consultations"]
    occurred = datetime.fromisoformat(consultation["occurred_at"])
    assert occurred == own.consultation.occurred_at and occurred.utcoffset() is not None


def test_cells_that_look_like_formulas_are_quoted(two_organisations):
    own, *_ = two_organisations
    Company.objects.filter(pk=own.company.pk).update(internal_notes="=HYPERLINK(1)")
    buffer = io.BytesIO()
    everything.export_everything(actor=own.operator, file=buffer)
    _manifest, tables, _texts = _read(buffer.getvalue())
    (company,) = [row for row in tables["companies"] if int(row["id"]) == own.company.pk]
    assert company["internal_notes"] == "'=HYPERLINK(1)"


def test_only_operators_download_it_and_it_is_audited(two_organisations, client):
    own, *_ = two_organisations
    url = reverse("transfer-everything")
    client.force_login(own.official)
    assert url not in client.get(reverse("transfer-home")).content.decode()
    for role in ("official", "exhibitor", "partner_user", "agency_user"):
        with pytest.raises(PermissionDenied):
            everything.export_everything(actor=getattr(own, role), file=io.BytesIO())
        client.force_login(getattr(own, role))
        assert client.post(url).status_code == 403
    client.force_login(own.operator)
    assert client.get(url).status_code == 405  # a button, not a link
    page = client.get(reverse("transfer-home")).content.decode()
    assert url in page
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"{own.organisation.slug}-everything-" in response["Content-Disposition"]
    manifest, tables, _texts = _read(b"".join(response.streaming_content))
    assert {int(r["id"]) for r in tables["companies"]} == {own.company.pk, own.other_company.pk}
    entry = AuditEntry.objects.get(action="export.everything")
    assert entry.organisation == own.organisation and entry.actor == own.operator
    assert entry.data["rows"] == sum(f["rows"] for f in manifest["files"])


def test_the_command_line_writes_the_same_files(two_organisations, tmp_path, capsys):
    own, *_ = two_organisations
    target = tmp_path / "everything.zip"
    assert main(["export-all", "--organisation", own.organisation.slug, str(target)]) == 0
    manifest, tables, _texts = _read(target.read_bytes())
    assert set(tables) == {t.name for t in everything.tables()}
    assert manifest["organisation"]["slug"] == own.organisation.slug
    assert "Wrote" in capsys.readouterr().out
    assert AuditEntry.objects.filter(action="export.everything", actor=None).count() == 1
    missing = tmp_path / "nothing.zip"
    assert main(["export-all", "--organisation", "no-such-agency", str(missing)]) == 2
    assert not missing.exists()
