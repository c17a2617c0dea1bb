"""Nothing private ever appears on the public pages.

For every model of the project, a unique marker is planted in every text and
number field that is not listed as public below (everything not listed is
private); then every public page, and the public stage ICS, is fetched
without signing in and must contain none of them. Markers planted in the
public fields must show (so the test can fail). Pending and declined
partners and withdrawn or unconfirmed participations never show either.
"""

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.test import Client
from django.urls import reverse

from pavilion.companies.models import Company
from tests import factories as f

# Per model, the fields the public page may show. Everything else is private.
PUBLIC_FIELDS = {
    "accounts.organisation": {"name", "name_ko", "slug", "country"},
    "shows.show": {"name", "slug", "website"},
    "shows.edition": {"name", "slug", "year", "venue", "city", "country", "time_zone"},
    "shows.pavilion": {"name", "name_ko", "slug", "location"},
    "companies.company": set(Company.PUBLIC_FIELDS),
    "companies.sector": {"slug", "name_en", "name_ko"},
    "companies.award": {"programme", "category", "product"},
    # The stage agenda its operators made public (the ICS lists the stage and presenter).
    "stage.stage": {"name"},
    "stage.pitchsession": {"title", "presenter"},
    "planning.callforparticipation": {"title", "introduction"},
}

# Values the pages need to work (the time zone converts times; the slug is the
# address): not overwritten, and public anyway.
NOT_PLANTED = {"shows.edition": {"time_zone", "slug"}}

TEXT_FIELDS = (models.CharField, models.TextField)  # Email, URL and Slug fields are CharFields
NUMBER_FIELDS = (models.IntegerField, models.DecimalField, models.FloatField)
SMALL_INTEGERS = (models.SmallIntegerField, models.PositiveSmallIntegerField)

_seq = itertools.count(1)


def _text_marker(field) -> str | None:
    tag = f"Q{next(_seq):05d}Z"
    if isinstance(field, models.EmailField):
        value = f"{tag.lower()}@m.example"
    elif isinstance(field, models.URLField):
        value = f"https://{tag.lower()}.example/"
    else:
        value = tag
    if field.max_length is not None and len(value) > field.max_length:
        return None  # two-letter codes and the like: nothing to leak
    return value


def _number_marker(field):
    n = 7_310_000 + next(_seq)
    if isinstance(field, models.DecimalField):
        if field.max_digits - field.decimal_places < 7:
            return None
        return Decimal(n)
    return n


def _plantable(field) -> bool:
    return (
        field.concrete
        and not field.primary_key
        and not field.is_relation
        and not field.choices
        and field.name != "password"
        and (
            isinstance(field, TEXT_FIELDS)
            or (isinstance(field, NUMBER_FIELDS) and not isinstance(field, SMALL_INTEGERS))
        )
    )


def project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("pavilion.")]


def _value_for(field, now):
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.DateTimeField):
        later = field.name in ("end", "ends_at", "deadline", "expires_at")
        return now + timedelta(hours=1 if later else 0)
    if isinstance(field, models.DateField):
        return now.date()
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, NUMBER_FIELDS):
        return 1
    if isinstance(field, models.EmailField):
        return f"row{next(_seq)}@m.example"
    return f"row{next(_seq)}"[: field.max_length or 20]


def give_every_model_a_row():
    """One row of each project model the world has none of, its required
    fields filled with plain values and its relations pointing at existing
    rows, so that every model's fields get a marker (a new model is covered
    without touching this test)."""
    from django.utils import timezone

    now = timezone.now()
    for _round in range(5):
        for model in [m for m in project_models() if not m._base_manager.exists()]:
            _try_to_create(model, now)
    missing = [m._meta.label for m in project_models() if not m._base_manager.exists()]
    assert missing == [], f"no row of {missing}: the test cannot check their fields"


def _try_to_create(model, now):
    values, optional = {}, []
    for field in model._meta.concrete_fields:
        if field.primary_key or getattr(field, "auto_now_add", False):
            continue
        if field.is_relation:
            target = field.related_model._base_manager.order_by("pk").first()
            if field.null:
                if target is not None:
                    optional.append((field.attname, target.pk))
                continue
            if target is None:
                return
            values[field.attname] = target.pk
        elif not field.null and not field.has_default() and not getattr(field, "auto_now", False):
            values[field.attname] = _value_for(field, now)
    # Check constraints such as "of exactly one party": try without the optional
    # relations, with each alone, then with all of them.
    for extra in [[], *[[o] for o in optional], optional]:
        try:
            with transaction.atomic():
                model._base_manager.bulk_create([model(**values, **dict(extra))])
            return
        except IntegrityError:
            continue


def plant_markers() -> tuple[dict[str, str], dict[str, str]]:
    """Write a marker in every plantable field of every row of every project
    model; return (private markers, public markers), each marker → where."""
    private, public = {}, {}
    for model in project_models():
        label = model._meta.label_lower
        listed = PUBLIC_FIELDS.get(label, set())
        fields = [
            fl
            for fl in model._meta.get_fields()
            if _plantable(fl) and fl.name not in NOT_PLANTED.get(label, ())
        ]
        for row in model._base_manager.all():
            values = {}
            for field in fields:
                if isinstance(field, TEXT_FIELDS):
                    value = _text_marker(field)
                else:
                    value = _number_marker(field)
                if value is None:
                    continue
                values[field.attname] = value
                where = f"{label}.{field.name} (pk {row.pk})"
                (public if field.name in listed else private)[str(value)] = where
            if values:
                model._base_manager.filter(pk=row.pk).update(**values)
    return private, public


def public_urls(edition) -> list[str]:
    return [
        "/",
        reverse("public-edition", args=[edition.slug]),
        reverse("public-register", args=[edition.slug]),
        reverse("public-apply", args=[edition.slug]),
        reverse("stage-agenda", args=[edition.slug]),
        reverse("stage-agenda-ics", args=[edition.slug]),
    ]


def _number_forms(marker: str) -> list[str]:
    try:
        n = int(Decimal(marker))
    except ArithmeticError:
        return [marker]
    return [marker, str(n), f"{n:,}"]


@pytest.mark.django_db
def test_no_private_field_of_any_model_appears_on_the_public_pages(world, other_world):
    edition = world.edition
    # Everything the public page can show is on.
    for name in ("public_page", "public_companies", "public_awards", "public_call"):
        setattr(edition, name, True)
    edition.stage_agenda_public = True
    edition.partner_registration_open = True
    edition.save()
    # Records that must never show: a pending and a declined registration, a
    # withdrawn and an unconfirmed participation.
    f.partner(organisation=world.organisation, status="pending")
    f.partner(organisation=world.organisation, status="declined")
    for status in ("withdrawn", "applied", "selected"):
        company = f.company(organisation=world.organisation)
        f.participation(company=company, edition=edition, status=status)
    never = {
        "pending partner": lambda: _names("pending"),
        "declined partner": lambda: _names("declined"),
    }

    give_every_model_a_row()
    private, public = plant_markers()
    hidden_companies = list(
        Company.objects.filter(
            participations__edition=edition,
            participations__status__in=("withdrawn", "applied", "selected"),
        ).values_list("name_en", "name_ko")
    )
    planted_in = {where.split(" ")[0].rsplit(".", 1)[0] for where in private.values()}
    assert {"funds.investment", "meetings.meetingrequest", "partners.contact"} <= planted_in

    bodies = {}
    for url in public_urls(edition):
        response = Client().get(url)
        assert response.status_code == 200, url
        bodies[url] = response.content.decode()
    leaks = []
    for url, body in bodies.items():
        for marker, where in private.items():
            if any(form in body for form in _number_forms(marker)):
                leaks.append(f"{url} shows {where}")
        for name in [n for pair in hidden_companies for n in pair] + [
            n for get in never.values() for n in get()
        ]:
            if name in body:
                leaks.append(f"{url} shows {name!r}, which must not be public")
    assert leaks == [], "\n".join(leaks)
    # The control: what is public does show, so the markers reach the pages.
    shown = {where for marker, where in public.items() if any(marker in b for b in bodies.values())}
    for expected in (
        f"companies.company.name_en (pk {world.company.pk})",
        f"companies.company.description_en (pk {world.company.pk})",
        f"companies.award.product (pk {world.award.pk})",
        f"stage.pitchsession.title (pk {world.pitch.pk})",
        f"planning.callforparticipation.title (pk {world.cfp.pk})",
        f"shows.pavilion.location (pk {world.pavilion.pk})",
    ):
        assert expected in shown, f"{expected} should be on the public page"
    # And nothing of the other organisation, whose page is not public.
    assert (
        Client().get(reverse("public-edition", args=[other_world.edition.slug])).status_code == 404
    )


def _names(status):
    from pavilion.partners.models import Partner

    return list(Partner.registrations.filter(status=status).values_list("name", flat=True))
