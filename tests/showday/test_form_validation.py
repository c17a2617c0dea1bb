"""Issue #15: every number and date a person types has a plausible range, and a
message that names it in the user's language."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.test import Client
from django.utils import translation

import pavilion
from pavilion.companies.models import Company
from pavilion.meetings.models import Room
from pavilion.partners.models import Partner

DB_RANGE = "9223372036854775807"


def client_for(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("tables", ["abc", "-3", "", "100000"])
def test_the_room_form_refuses_a_table_count_that_is_not_one(world, tables):
    response = client_for(world.operator).post(
        f"/editions/{world.edition.slug}/meetings/",
        {"room": "Hall B", "tables": tables},
        follow=True,
    )
    page = response.content.decode()
    assert "The room was saved." not in page
    assert not Room.objects.filter(edition=world.edition, name="Hall B").exists()
    assert "Tables to add" in page


@pytest.mark.django_db
def test_the_room_form_says_what_it_saved(world):
    response = client_for(world.operator).post(
        f"/editions/{world.edition.slug}/meetings/", {"room": "Hall B", "tables": "3"}, follow=True
    )
    assert "Room Hall B saved with 3 tables." in response.content.decode()
    assert Room.objects.get(edition=world.edition, name="Hall B").tables.count() == 3


@pytest.mark.django_db
def test_the_room_form_speaks_korean(world):
    response = client_for(world.operator, "ko").post(
        f"/editions/{world.edition.slug}/meetings/", {"room": "Hall B", "tables": "-3"}, follow=True
    )
    page = response.content.decode()
    assert "1부터 200까지의 정수를 입력하세요." in page


def _company_post(world, **changes):
    data = {
        "name_en": world.company.name_en,
        "name_ko": world.company.name_ko or "",
        "region": world.company.region or "",
        "listing_status": world.company.listing_status,
        "website": "",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["99999", "1066", "3000"])
def test_a_founding_year_out_of_history_is_refused(world, year):
    url = f"/companies/{world.company.pk}/edit/"
    page = client_for(world.operator).post(url, _company_post(world, founded_year=year))
    world.company.refresh_from_db()
    assert world.company.founded_year != int(year)
    assert "Enter a whole number from 1900 to" in page.content.decode()


@pytest.mark.django_db
def test_the_employee_count_error_names_a_human_range_in_both_languages(world):
    url = f"/companies/{world.company.pk}/edit/"
    for language, words in (
        ("en", "Enter a whole number from 0 to 1000000."),
        ("ko", "0부터 1000000까지의 정수를 입력하세요."),
    ):
        page = (
            client_for(world.operator, language)
            .post(url, _company_post(world, employees="99999999999999999999"))
            .content.decode()
        )
        assert DB_RANGE not in page
        assert words in page


@pytest.mark.django_db
def test_the_service_refuses_an_implausible_year_from_the_api_too(world):
    from django.core.exceptions import ValidationError

    from pavilion.companies import services

    with pytest.raises(ValidationError) as refused:
        services.update_company_profile(
            actor=world.operator, company=world.company, data={"founded_year": 9999}
        )
    assert "founded_year" in refused.value.message_dict


# --- every form of the product -------------------------------------------------


def _page_forms():
    found = []
    for module_info in pkgutil.walk_packages(pavilion.__path__, "pavilion."):
        if not module_info.name.endswith((".forms", ".views")) or ".scheduling" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for _name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


def _kwargs(form_class, world):
    given = {
        "edition": world.edition,
        "companies": Company.objects.filter(pk=world.company.pk),
        "partners": Partner.objects.filter(pk=world.partner.pk),
        "operator": True,
        "fund": world.fund,
        "user": world.operator,
        "booths": world.pavilion.booths.all(),
        "organisation": world.organisation,
    }
    wanted = inspect.signature(form_class.__init__).parameters
    return {
        name: given[name]
        for name, p in wanted.items()
        if p.kind == p.KEYWORD_ONLY and name in given
    }


def test_the_walk_finds_the_forms():
    names = {c.__name__ for c in _page_forms()}
    assert {"CompanyProfileForm", "RoomForm", "ConsultationForm", "InvestmentForm"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_number_and_date_field_of_every_form_has_a_plausible_range(world, language):
    checked = 0
    with translation.override(language):
        for form_class in _page_forms():
            kwargs = _kwargs(form_class, world)
            empty = form_class(**kwargs)
            for name, field in empty.fields.items():
                if (
                    isinstance(field, forms.IntegerField | forms.DateField)
                    and not isinstance(field, forms.DecimalField)
                ) or (isinstance(field, forms.DecimalField) and name in ("weight",)):
                    bad = (
                        ["abc", "-3", "99999999999999999999"]
                        if isinstance(field, forms.IntegerField)
                        else ["99999-01-01", "1066-10-14", "yesterday"]
                    )
                    for value in bad:
                        form = form_class(data={name: value}, **kwargs)
                        form.is_valid()
                        errors = " ".join(form.errors.get(name, []))
                        where = f"{form_class.__name__}.{name}={value!r}"
                        assert errors, f"{where} was accepted"
                        assert DB_RANGE not in errors, where
                        assert "Ensure" not in errors and errors != "Enter a whole number.", where
                        if language == "ko":
                            assert any("\uac00" <= ch <= "\ud7a3" for ch in errors), where
                    checked += 1
    assert checked >= 10
