"""The Django admin keeps to the operator's organisation: filters name nothing of
another organisation, shared sectors are read-only, and every admin change is audited."""

import pytest
from django.test import Client

from pavilion.companies.models import Sector
from pavilion.core.models import AuditEntry
from pavilion.demo.loader import _Loader


@pytest.fixture
def admin_operator(world):
    """The operator as the demo sets one up: staff, in the Operators group."""
    operator = world.operator
    operator.is_staff = True
    operator.save()
    operator.groups.add(_Loader._operators_group())
    client = Client()
    client.force_login(operator)
    return client


def test_list_filters_name_no_other_organisations_edition_or_show(
    admin_operator, world, other_world
):
    other_world.edition.name = "BUSAN-ONLY EDITION"
    other_world.edition.save()
    other_world.show.name = "BUSAN-ONLY SHOW"
    other_world.show.save()
    for url in ("/admin/companies/participation/", "/admin/shows/edition/"):
        page = admin_operator.get(url)
        assert page.status_code == 200, url
        text = page.content.decode()
        assert "BUSAN-ONLY" not in text, url
    # Our own edition is still offered as a filter.
    assert world.edition.name in admin_operator.get("/admin/companies/participation/").text


def test_sectors_are_read_only_for_operators(admin_operator, world, other_world):
    sector = Sector.objects.create(slug="quantum", name_en="Quantum", name_ko="양자")
    other_world.company.sectors.add(sector)
    change = f"/admin/companies/sector/{sector.pk}/change/"
    assert admin_operator.get("/admin/companies/sector/").status_code == 200
    assert (
        admin_operator.post(
            change, {"slug": "quantum", "name_en": "Renamed", "name_ko": "x"}
        ).status_code
        == 403
    )
    assert (
        admin_operator.post(
            f"/admin/companies/sector/{sector.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert admin_operator.get("/admin/companies/sector/add/").status_code == 403
    sector.refresh_from_db()
    assert sector.name_en == "Quantum"


def test_superusers_still_change_sectors(world, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client = Client()
    client.force_login(root)
    sector = Sector.objects.create(slug="bio", name_en="Bio", name_ko="바이오")
    response = client.post(
        f"/admin/companies/sector/{sector.pk}/change/",
        {"slug": "bio", "name_en": "Biotech", "name_ko": "바이오"},
    )
    assert response.status_code == 302
    sector.refresh_from_db()
    assert sector.name_en == "Biotech"
    entry = AuditEntry.objects.get(action="admin.change", object_type="companies.sector")
    assert entry.actor == root
    assert entry.organisation is None


def test_admin_changes_go_into_the_audit_trail(admin_operator, world):
    company = world.company
    page = admin_operator.get(f"/admin/companies/company/{company.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    data["sectors"] = [s.pk for s in company.sectors.all()]
    data["name_en"] = "Renamed in the admin"
    response = admin_operator.post(f"/admin/companies/company/{company.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="admin.change", object_id=str(company.pk))
    assert entry.actor == world.operator
    assert entry.organisation == world.organisation
    assert "name_en" in str(entry.data["changes"]) or "English name" in str(entry.data["changes"])

    response = admin_operator.post(
        f"/admin/companies/company/{world.other_company.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    deleted = AuditEntry.objects.get(action="admin.delete")
    assert deleted.object_id == str(world.other_company.pk)
    assert deleted.organisation == world.organisation
