"""Pages of issue #6: who sees applications and scores, the plan, the stage ICS; the API too."""

import json

import pytest
from django.test import Client
from icalendar import Calendar

from pavilion.accounts.models import Role
from pavilion.planning import services
from tests import factories as f


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_conflicted_reviewer_gets_404_and_the_ranking_hides_the_company(world):
    services.mark_conflict(
        actor=world.operator, application=world.application, reviewer=world.official
    )
    official = client_for(world.official)
    assert official.get(f"/applications/{world.application.pk}/").status_code == 404
    ranking = official.get(f"/editions/{world.edition.slug}/call/applications/")
    assert ranking.status_code == 200
    assert world.company.name_en not in ranking.content.decode()
    api = official.get(f"/api/v1/applications/{world.application.pk}")
    assert api.status_code == 404
    assert official.get(f"/api/v1/editions/{world.edition.slug}/ranking").json() == []


@pytest.mark.django_db
def test_a_company_sees_its_application_but_no_review_nor_decision(world):
    world.application.decision = "rejected"
    world.application.save()
    exhibitor = client_for(world.exhibitor)
    page = exhibitor.get(f"/applications/{world.application.pk}/").content.decode()
    assert world.application.product in page
    assert world.review.comment not in page
    assert "Not selected" not in page  # not sent yet
    reviews = exhibitor.get(f"/api/v1/applications/{world.application.pk}/reviews")
    assert reviews.json() == []
    detail = exhibitor.get(f"/api/v1/applications/{world.application.pk}").json()
    assert detail["decision"] is None
    other_member = f.user(role=Role.EXHIBITOR, company=world.other_company)
    assert client_for(other_member).get(f"/applications/{world.application.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_api_refuses_a_second_pitch_on_the_stage_with_409(world):
    response = client_for(world.operator).post(
        f"/api/v1/editions/{world.edition.slug}/pitch-sessions",
        data=json.dumps(
            {
                "stage_id": world.stage.pk,
                "company_id": world.other_company.pk,
                "title": "Clash",
                "start": world.pitch.start.isoformat(),
                "end": world.pitch.end.isoformat(),
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "stage_taken"


@pytest.mark.django_db
def test_the_api_refuses_a_taken_booth_with_409(world):
    other_part = world.other_company.participations.get()
    response = client_for(world.operator).post(
        f"/api/v1/editions/{world.edition.slug}/booth-assignments",
        data=json.dumps({"participation_id": other_part.pk, "booth_id": world.booth.pk}),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "booth_taken"


@pytest.mark.django_db
def test_the_stage_agenda_ics_is_in_the_shows_time_zone(world):
    response = client_for(world.partner_user).get(f"/editions/{world.edition.slug}/stage.ics")
    cal = Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [f"{world.company.name_en}: {world.pitch.title}"]
    assert events[0]["dtstart"].dt.tzinfo.key == world.edition.time_zone
    assert [str(t["tzid"]) for t in cal.walk("VTIMEZONE")] == [world.edition.time_zone]


@pytest.mark.django_db
def test_the_floor_plan_shows_names_to_buyers_but_never_registration_numbers(world):
    page = client_for(world.partner_user).get(f"/editions/{world.edition.slug}/floor-plan/")
    text = page.content.decode()
    assert world.company.name_en in text
    assert world.company.brn_display not in text
    assert world.company.business_registration_number not in text


@pytest.mark.django_db
def test_the_operator_places_booths_on_the_plan_and_overlaps_are_refused(world):
    booth2 = f.booth(pavilion=world.pavilion, number="A2", x_m=6, y_m=0)
    operator = client_for(world.operator)
    url = f"/editions/{world.edition.slug}/floor-plan/"
    data = {
        "place": "1",
        "booth": booth2.pk,
        "x_m": "1",
        "y_m": "0",
        "width_m": "3",
        "depth_m": "3",
    }
    page = operator.post(url, data, follow=True).content.decode()
    assert "The booth would overlap another booth." in page
    booth2.refresh_from_db()
    assert booth2.x_m == 6
    response = operator.patch(
        f"/api/v1/booths/{booth2.pk}",
        data=json.dumps({"x_m": "3", "y_m": "0", "width_m": "4", "depth_m": "3", "shared": True}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["shared"] is True
    booth2.refresh_from_db()
    assert (booth2.x_m, booth2.width_m) == (3, 4)
    official = client_for(world.official).patch(
        f"/api/v1/booths/{booth2.pk}",
        data=json.dumps({"x_m": "9", "y_m": "0", "width_m": "3", "depth_m": "3"}),
        content_type="application/json",
    )
    assert official.status_code == 403


@pytest.mark.django_db
def test_the_operator_invites_an_official_to_review(world):
    official = f.user(role=Role.OFFICIAL, organisation=world.organisation)
    client_for(world.operator).post(
        f"/editions/{world.edition.slug}/call/", {"reviewer": official.pk}
    )
    assert world.cfp.reviewers.filter(pk=official.pk).exists()
    assert client_for(official).get(f"/applications/{world.application.pk}/").status_code == 200
    assert (
        client_for(world.official)
        .post(f"/editions/{world.edition.slug}/call/", {"reviewer": official.pk})
        .status_code
        == 403
    )


@pytest.mark.django_db
def test_the_pitching_company_logs_a_consultation_from_its_pitch(world):
    url = f"/editions/{world.edition.slug}/stage/"
    data = {"consultation": world.pitch.pk, "partner": world.partner.pk, "kind": "investment"}
    response = client_for(world.exhibitor).post(url, data)
    assert response.status_code == 302
    consultation = world.pitch.consultations.get()
    assert (consultation.source, consultation.kind) == ("pitch", "investment")
    other_member = f.user(role=Role.EXHIBITOR, company=world.other_company)
    client_for(other_member).post(url, data)
    assert world.pitch.consultations.count() == 1  # not another company's pitch


@pytest.mark.django_db
def test_the_calls_dates_are_entered_in_the_shows_time_zone(world):
    data = {
        "title": "Call",
        "pavilion": world.pavilion.pk,
        "opens_at": "2023-10-01T09:00",
        "deadline": "2023-11-01T17:00",
        "capacity": "5",
    }
    response = client_for(world.operator).post(f"/editions/{world.edition.slug}/call/", data)
    assert response.status_code == 302
    world.cfp.refresh_from_db()
    local = world.cfp.deadline.astimezone(world.edition.tzinfo)
    assert (local.hour, local.minute) == (17, 0)
    assert world.cfp.deadline.utcoffset().total_seconds() == 0  # stored in UTC
    assert world.cfp.deadline.hour != 17  # Las Vegas is not UTC


@pytest.mark.django_db
def test_a_deadline_not_after_the_opening_is_an_error_on_the_deadline(world):
    """It was the database constraint's name ("cfp_deadline_after_opening") above the
    form; now the service's rule, under the deadline field, in the form and the service."""
    from django.core.exceptions import ValidationError

    data = {
        "title": "Call",
        "pavilion": world.pavilion.pk,
        "opens_at": "2023-11-01T17:00",
        "deadline": "2023-11-01T17:00",
        "capacity": "5",
    }
    url = f"/editions/{world.edition.slug}/call/"
    page = client_for(world.operator).post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cfp_deadline_after_opening" not in html
    assert "The deadline must be after the call opens." in _field_block(html, "deadline")
    world.cfp.refresh_from_db()
    assert world.cfp.title != "Call"  # nothing saved

    deadline = world.cfp.opens_at
    with pytest.raises(ValidationError) as caught:
        services.open_call(
            actor=world.operator,
            edition=world.edition,
            pavilion=world.pavilion,
            title="Call",
            opens_at=world.cfp.opens_at,
            deadline=deadline,
            capacity=5,
        )
    assert list(caught.value.message_dict) == ["deadline"]


@pytest.mark.django_db
def test_an_invited_official_sees_a_score_only_after_scoring_it(world):
    """The operator's single review gives 80.00; the invited official sees neither the
    score on the ranking page or in the API until they have scored it, and never the
    rank; operators always see both."""
    from pavilion.accounts import permissions

    slug = world.edition.slug
    official = client_for(world.official)
    assert not permissions.applications_with_visible_scores(world.official).exists()
    page = official.get(f"/editions/{slug}/call/applications/").content.decode()
    assert world.company.name_en in page  # the application is listed…
    assert "80.00" not in page  # …but not its score
    assert "score-hidden" in page
    row = official.get(f"/api/v1/editions/{slug}/ranking").json()
    assert row == [
        {
            "application_id": world.application.pk,
            "rank": None,
            "score": None,
            "reviews": 1,
            "proposed": False,
            "tied": False,
            "score_visible": False,
        }
    ]
    operator_row = client_for(world.operator).get(f"/api/v1/editions/{slug}/ranking").json()
    assert operator_row[0]["score"] == "80.00" and operator_row[0]["rank"] == 1
    assert (
        "80.00"
        in client_for(world.operator).get(f"/editions/{slug}/call/applications/").content.decode()
    )

    services.score_application(
        actor=world.official, application=world.application, scores={world.criterion.pk: 2}
    )
    # Now the mean of both reviews: (80 + 40) / 2.
    page = official.get(f"/editions/{slug}/call/applications/").content.decode()
    assert "60.00" in page and "score-hidden" not in page
    row = official.get(f"/api/v1/editions/{slug}/ranking").json()[0]
    assert (row["score"], row["rank"], row["score_visible"]) == ("60.00", None, True)
    assert len(official.get(f"/api/v1/applications/{world.application.pk}/reviews").json()) == 2


@pytest.mark.django_db
def test_a_declared_conflict_hides_the_application_and_its_score(world):
    from pavilion.accounts import permissions

    services.mark_conflict(
        actor=world.official, application=world.application, reviewer=world.official
    )
    assert world.application not in permissions.applications_with_visible_scores(world.official)
    assert world.application not in permissions.visible_applications(world.official)


@pytest.mark.django_db
def test_a_reviewer_sees_no_rank_and_no_order_that_gives_hidden_applications_away(world):
    """Seven applications, scored by the operator (with the
    official's) so that ranks go 1, 1, 3, 4, 5, 6, 6.
    The invited official scores three of them and is conflicted on one: page and API
    show them no rank, no proposal and no tie, the rows in submission order (not by
    score, so no gap shows where the hidden ones sit), and a score only for the three
    they scored; the conflicted one is hidden without a rank. Operators see the ranks."""
    from datetime import timedelta

    from django.utils import timezone

    from pavilion.planning.models import Application, ApplicationState

    slug = world.edition.slug
    start = timezone.now() - timedelta(hours=1)
    # Submitted in this order; the operator's scores (of 5) rank them differently.
    marks = [2, 4, 5, 1, 5, 3, 2]
    apps = []
    for i, mark in enumerate(marks):
        company = f.company(organisation=world.organisation, name_en=f"Ranked Co {i}")
        app = Application.objects.create(
            cfp=world.cfp,
            company=company,
            product=f"Product {i}",
            state=ApplicationState.SUBMITTED,
            submitted_at=start + timedelta(minutes=i),
        )
        services.score_application(
            actor=world.operator, application=app, scores={world.criterion.pk: mark}
        )
        apps.append(app)
    world.application.delete()  # only the seven
    scored = [apps[0], apps[3], apps[5]]
    for app in scored:
        services.score_application(
            actor=world.official, application=app, scores={world.criterion.pk: 3}
        )
    services.mark_conflict(actor=world.operator, application=apps[2], reviewer=world.official)

    operator_rows = client_for(world.operator).get(f"/api/v1/editions/{slug}/ranking").json()
    assert [r["rank"] for r in operator_rows] == [1, 1, 3, 4, 5, 6, 6]
    assert any(r["proposed"] for r in operator_rows)

    official = client_for(world.official)
    rows = official.get(f"/api/v1/editions/{slug}/ranking").json()
    shown = [a for a in apps if a != apps[2]]
    assert [r["application_id"] for r in rows] == [a.pk for a in shown]  # submission order
    assert all(r["rank"] is None and not r["proposed"] and not r["tied"] for r in rows)
    assert {r["application_id"] for r in rows if r["score_visible"]} == {a.pk for a in scored}
    assert all(r["score"] is None for r in rows if not r["score_visible"])
    assert rows[0]["score"] == "50.00"  # (40 + 60) / 2: the aggregate of both reviews

    page = official.get(f"/editions/{slug}/call/applications/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    table = html[html.index('id="ranking"') :]
    assert "Rank</th>" not in table
    assert "tied at the cut" not in html and "A tie at the cut" not in html
    positions = [table.index(a.company.name_en) for a in shown]
    assert positions == sorted(positions)  # submission order, not the score's
    hidden_at = table.index("conflict-hidden")
    conflict_row = table[table.rindex("<tr", 0, hidden_at) : table.index("</tr>", hidden_at)]
    assert 'class="num"' not in conflict_row  # no rank cell ("9 · Hidden: …")
    assert "50.00" in table and "score-hidden" in table


def _field_block(html: str, name: str) -> str:
    """The rendered block of one form field (core/_form.html)."""
    start = html.rindex("<div", 0, html.index(f'id="field-{name}"'))
    return html[start : html.index("</div>\n", html.index("</label>", start))]


@pytest.mark.django_db
def test_the_place_form_starts_from_the_booth_at_0_0_and_names_fields_by_label(world):
    """The world's booth A1 stands at x 0, y 0: the form shows 0, not an empty box; a
    bad number is reported under its label; a zero width is refused on that field."""
    import re

    url = f"/editions/{world.edition.slug}/floor-plan/"
    operator = client_for(world.operator)
    html = operator.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    form = html[html.index('id="place-form"') :]
    for name in ("x_m", "y_m"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', form).group(0)
        assert re.search(r'value="0(\.00)?"', tag), tag

    data = {"place": "1", "booth": world.booth.pk, "x_m": "abc", "y_m": "0"}
    data |= {"width_m": "0", "depth_m": "3"}
    page = operator.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    x_block = _field_block(html, "x_m")
    assert "has-error" in x_block and "x (m)" in x_block and "Enter a number." in x_block
    error = x_block[x_block.index('class="error"') :]
    assert "x_m" not in error.replace('id="id_x_m_error"', "")  # no internal field name
    assert "Give a width above 0 m." in _field_block(html, "width_m")
    assert "outside the pavilion" not in html
    world.booth.refresh_from_db()
    assert world.booth.width_m == 3  # nothing written


@pytest.mark.django_db
def test_the_service_and_api_refuse_a_zero_width_on_its_field(world):
    response = client_for(world.operator).patch(
        f"/api/v1/booths/{world.booth.pk}",
        data=json.dumps({"x_m": "0", "y_m": "0", "width_m": "0", "depth_m": "-1"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"width_m", "depth_m"}


@pytest.mark.django_db
def test_the_apply_form_shows_every_error_at_once_and_a_clear_area_limit(world):
    company = f.company(organisation=world.organisation, name_en="Newcomer")
    member = f.user(role=Role.EXHIBITOR, company=company, language="en")
    client = client_for(member)
    url = f"/editions/{world.edition.slug}/call/apply/"
    page = client.post(url, {"submit": "1", "booth_area_m2": "0"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("product", "target_markets", "booth_area_m2", "seeks_buyers"):
        assert "has-error" in _field_block(html, name), name
    assert "Give a booth area above 0 m²." in _field_block(html, "booth_area_m2")
    page = client.post(url, {"draft": "1", "booth_area_m2": "10000"}, HTTP_ACCEPT_LANGUAGE="en")
    block = _field_block(page.content.decode(), "booth_area_m2")
    assert "at most 999 m²" in block and "digits" not in block
    assert not company.applications.exists()
    # A draft may be incomplete.
    response = client.post(url, {"draft": "1", "product": "Sketch"})
    assert response.status_code == 302
    assert company.applications.get().state == "draft"


@pytest.mark.django_db
def test_a_calls_deadline_is_before_the_show(world):
    """The show starts on 9 January 2024 (Las Vegas): a deadline after it is refused,
    as is one before the call opens; nothing is saved."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.core.exceptions import ValidationError

    vegas = ZoneInfo("America/Los_Angeles")
    before = world.cfp.deadline

    def call(opens_at, deadline, **extra):
        return services.open_call(
            actor=world.operator,
            edition=world.edition,
            pavilion=world.pavilion,
            title="Call",
            opens_at=opens_at,
            deadline=deadline,
            capacity=5,
            **extra,
        )

    with pytest.raises(ValidationError) as exc:
        call(datetime(2023, 10, 1, tzinfo=vegas), datetime(2026, 12, 1, tzinfo=vegas))
    assert set(exc.value.message_dict) == {"deadline"}
    with pytest.raises(ValidationError) as exc:
        call(datetime(2023, 10, 1, tzinfo=vegas), datetime(2024, 1, 9, 0, 1, tzinfo=vegas))
    assert set(exc.value.message_dict) == {"deadline"}
    with pytest.raises(ValidationError) as exc:
        call(datetime(2023, 11, 1, tzinfo=vegas), datetime(2023, 10, 1, tzinfo=vegas))
    assert set(exc.value.message_dict) == {"deadline"}
    with pytest.raises(ValidationError) as exc:
        call(
            datetime(2023, 10, 1, tzinfo=vegas),
            datetime(2023, 11, 1, tzinfo=vegas),
            review_deadline=datetime(2024, 2, 1, tzinfo=vegas),
        )
    assert set(exc.value.message_dict) == {"review_deadline"}
    world.cfp.refresh_from_db()
    assert world.cfp.deadline == before
    cfp = call(datetime(2023, 10, 1, tzinfo=vegas), datetime(2024, 1, 8, 23, 59, tzinfo=vegas))
    assert cfp.deadline == datetime(2024, 1, 8, 23, 59, tzinfo=vegas)


@pytest.mark.django_db
def test_the_exhibitor_list_shows_every_entry_with_its_match_state(world):
    from pavilion.planning.models import ExhibitorListEntry

    edition = world.edition
    ExhibitorListEntry.objects.create(edition=edition, name="Totally New Corp", match_state="none")
    ExhibitorListEntry.objects.create(
        edition=edition, name="Daejeon Robotix", company=world.company, match_state="uncertain"
    )
    ExhibitorListEntry.objects.create(edition=edition, name="Not Us Inc", match_state="rejected")
    official = client_for(world.official)
    url = f"/editions/{edition.slug}/exhibitor-list/"

    def listed(query=""):
        html = official.get(url + query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        table = html[
            html.index('id="entries"') : html.index("</table>", html.index('id="entries"'))
        ]
        return html, table

    html, table = listed()
    assert "4 exhibitors imported." in html
    for name in ("Totally New Corp", "Daejeon Robotix", "Not Us Inc", world.other_company.name_en):
        assert name in table
    assert "No match" in table and "To review" in table and "Matched" in table
    _html, table = listed("?state=none")
    assert "Totally New Corp" in table and "Not Us Inc" in table
    assert "Daejeon Robotix" not in table and world.other_company.name_en not in table
    _html, table = listed("?state=uncertain")
    assert "Daejeon Robotix" in table and "Totally New Corp" not in table
    _html, table = listed("?state=matched")
    assert world.other_company.name_en in table and "Totally New Corp" not in table
    assert 'id="filter-none"' in html and "No match (2)" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_exhibitor_list_names_a_match_state_as_its_filter_does(world, language):
    """The chip said "No match" (일치 없음) and the cells "Not one of ours" (해당 없음)."""
    import re

    from pavilion.planning.models import ExhibitorListEntry

    edition = world.edition
    ExhibitorListEntry.objects.create(edition=edition, name="Totally New Corp", match_state="none")
    ExhibitorListEntry.objects.create(edition=edition, name="Not Us Inc", match_state="rejected")
    url = f"/editions/{edition.slug}/exhibitor-list/?state=none"
    html = client_for(world.official).get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    chip = re.search(r'id="filter-none">([^<]*) \(2\)</a>', html).group(1)
    table = html[html.index('id="entries"') :]
    cells = re.findall(r'<span class="tag">([^<]*)</span>', table[: table.index("</table>")])
    assert cells == [chip, chip]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?state=bogus", "?status=none"])
def test_an_unknown_exhibitor_list_filter_answers_400_naming_it(world, query):
    url = f"/editions/{world.edition.slug}/exhibitor-list/{query}"
    page = client_for(world.official).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="filter-problems"' in html and 'id="entries"' not in html
    if "bogus" in query:
        assert "bogus is not a valid value for Match." in html
    else:
        assert "status is not a filter of this list." in html
    assert client_for(world.official).get(url.split("?")[0] + "?state=").status_code == 200
