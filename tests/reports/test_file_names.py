"""File names made from people's names are ASCII and readable (issue 16): non-ASCII letters are
transliterated (``Yılmaz`` → ``yilmaz``), never dropped (``ylmaz``), in the bulk PDF zip (its entries
and its own name), the review PDF download, the dashboard PDF and the personal-data export."""

import io
import zipfile

import pytest
from django.test import Client
from rest_framework.test import APIClient

from core.filenames import file_name_part
from people.models import Employee, OrgUnit
from reviewcycle.models import ReviewCycle

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("Yılmaz", "yilmaz"),
        ("Çelik", "celik"),
        ("Ødegård", "odegard"),
        ("Ömer Şahin", "omer-sahin"),
        ("Łukasz Żółć", "lukasz-zolc"),
        ("Björn Ærø", "bjorn-aero"),
        ('Jan "de" Vries/Zuid', "jan-de-vries-zuid"),
        ("", "bestand"),
        ("===", "bestand"),
    ],
)
def test_a_name_becomes_a_transliterated_file_name_part(name, part):
    assert file_name_part(name) == part


def test_identifiers_keep_their_case():
    assert file_name_part("E00021", lowercase=False) == "E00021"


@pytest.fixture
def turkish(org, review):
    Employee.objects.filter(pk=org.employee.pk).update(name="Ayşe Yılmaz")
    OrgUnit.objects.filter(pk=org.team.pk).update(name="Bürgerzaken Çelik")
    ReviewCycle.objects.filter(pk=review.cycle_id).update(name="Gesprekscyclus Ødegård 2026")
    return review


def test_the_bulk_pdf_zip_names_its_entries_and_itself_with_transliterated_names(turkish, org):
    from reports.models import ReviewFormExport
    from reports.services import form_export_run

    export = ReviewFormExport.objects.create(cycle=turkish.cycle, org_unit=org.team, requested_by=org.hr)
    export = form_export_run(export_id=export.pk)
    assert export.status == "done", export.error
    assert export.file.name.rsplit("/", 1)[-1].startswith("gesprekscyclus-odegard-2026-burgerzaken-celik")
    archive = zipfile.ZipFile(export.file.open("rb"))
    names = archive.namelist()
    assert f"burgerzaken-celik/{org.employee.employee_number}-ayse-yilmaz.pdf" in names
    assert all(name.isascii() for name in names)


def test_downloads_name_the_person_in_ascii(turkish, org):
    client = Client()
    client.force_login(org.hr)
    pdf = client.get(f"/reviews/{turkish.pk}/pdf/")
    assert pdf.status_code == 200
    assert "ayse-yilmaz" in pdf["Content-Disposition"]
    assert pdf["Content-Disposition"].isascii()

    dashboard = client.get(f"/reports/cycles/{turkish.cycle_id}/dashboard.pdf")
    assert dashboard.status_code == 200
    assert "gesprekscyclus-odegard-2026" in dashboard["Content-Disposition"]

    api = APIClient()
    api.force_authenticate(org.hr)
    data = api.get(f"/api/v1/people/{org.employee.pk}/personal-data/")
    assert data.status_code == 200
    disposition = data["Content-Disposition"]
    assert f"persoonsgegevens-{org.employee.employee_number}-ayse-yilmaz.zip" in disposition
    archive = zipfile.ZipFile(io.BytesIO(data.content))
    assert all(name.isascii() for name in archive.namelist())
