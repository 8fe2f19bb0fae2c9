import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from rest_framework.test import APIClient

from frameworks.services import frameworks_load_builtin
from people.models import Employee, PeopleImport
from people.services import hr_grant, people_import_run
from tests.downloads import content
from tests.factories import OrgUnitFactory, UserFactory
from tests.people.test_import import csv_bytes, hundred_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(db):
    frameworks_load_builtin()
    user = UserFactory(username="hr-alles")
    hr_grant(user=user, org_units=[OrgUnitFactory(name="Gemeente Proef", kind="organisation")], actor=None)
    return user


def upload(client, rows, **fields):
    file = SimpleUploadedFile("medewerkers.csv", csv_bytes(rows), content_type="text/csv")
    return client.post("/api/v1/people/import/", {"file": file, **fields}, format="multipart")


def test_upload_is_stored_and_queued_and_the_task_body_imports(hr):
    client = APIClient()
    client.force_authenticate(hr)
    response = upload(client, hundred_rows(), dry_run="false")
    assert response.status_code == 202, response.content
    stored = PeopleImport.objects.get(pk=response.json()["id"])
    assert (stored.status, stored.uploaded_by) == ("pending", hr)
    assert stored.queued_at is not None  # queued at once: a broker that is down answers 503 (core.jobs)
    people_import_run(upload=stored)  # what the worker runs
    body = client.get(f"/api/v1/people/import/{stored.pk}/").json()
    assert body["status"] == "done"
    assert body["progress"]["percent"] == 100
    assert len(body["report"]["created"]) == 100
    assert Employee.objects.count() == 100
    # A redelivered task does not run the import twice.
    assert people_import_run(upload=stored).status == "done"


def test_a_rejected_file_reports_rows_and_changes_nothing(hr):
    rows = hundred_rows()
    rows[3][5] = "Onbekend A"
    stored = PeopleImport.objects.create(uploaded_by=hr, filename="x.csv", content=csv_bytes(rows))
    stored = people_import_run(upload=stored)
    assert stored.status == "rejected"
    assert stored.report["errors"] == [
        {"row": 5, "column": "Rolcel", "message": "unknown role-type cell 'Onbekend A'"}
    ]
    assert Employee.objects.count() == 0


def test_only_hr_for_the_whole_organisation_may_import(hr):
    client = APIClient()
    client.force_authenticate(UserFactory())
    assert upload(client, hundred_rows()).status_code == 403
    partial = UserFactory()
    hr_grant(
        user=partial,
        org_units=[OrgUnitFactory(name="Team", parent=OrgUnitFactory(name="Ergens"))],
        actor=None,
    )
    client.force_authenticate(partial)
    assert upload(client, hundred_rows()).status_code == 403
    assert client.get("/api/v1/people/import/1/").status_code == 404


def test_a_file_of_another_type_is_a_400(hr):
    client = APIClient()
    client.force_authenticate(hr)
    response = client.post(
        "/api/v1/people/import/", {"file": SimpleUploadedFile("cv.pdf", b"%PDF-1.4")}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {"file": ["Upload een .csv- of .xlsx-bestand."]}  # Dutch, the default


def test_template_and_export_download(hr):
    client = APIClient()
    client.force_authenticate(hr)
    template = client.get("/api/v1/people/template/?format=xlsx&language=en")
    assert template.status_code == 200
    sheet = load_workbook(io.BytesIO(template.content)).active
    assert [cell.value for cell in sheet[1]][:4] == ["Employee number", "Name", "Email", "Org unit"]
    people_import_run(
        upload=PeopleImport.objects.create(
            uploaded_by=hr, filename="x.csv", content=csv_bytes(hundred_rows())
        )
    )
    export = client.get("/api/v1/people/export/?format=csv")
    assert export.status_code == 200
    lines = content(export).decode("utf-8-sig").splitlines()
    assert len(lines) == 101
    assert lines[0].startswith('"Personeelsnummer";"Naam"')
    assert client.get("/api/v1/people/export/?format=pdf").status_code == 400


def test_the_upload_page_shows_the_report(hr, client, django_capture_on_commit_callbacks):
    client.force_login(hr)
    assert client.get("/people/import/").status_code == 200
    rows = hundred_rows()
    rows[3][5] = "Onbekend A"
    with django_capture_on_commit_callbacks():
        response = client.post(
            "/people/import/", {"file": SimpleUploadedFile("m.csv", csv_bytes(rows)), "dry_run": "on"}
        )
    assert response.status_code == 302
    stored = PeopleImport.objects.get()
    people_import_run(upload=stored)
    page = client.get(response["Location"]).content.decode()
    assert "geen rolcel" in page  # the upload ran in Dutch, the default
    assert re.search(r'<td data-label="[^"]+">5</td><td data-label="[^"]+">Rolcel</td>', page)


def test_the_upload_page_is_for_hr_only(client):
    client.force_login(UserFactory())
    assert client.get("/people/import/").status_code == 403


def test_progress_is_read_from_the_import_row_never_from_the_broker(hr, settings):
    """The heartbeat writes the stage on the row (on its own connection); the page and the API read it
    there, in the reader's language, so a broker that is down never breaks the status page."""
    from people.selectors import people_import_progress

    client = APIClient()
    client.force_authenticate(hr)
    stored = PeopleImport.objects.get(pk=upload(client, hundred_rows()).json()["id"])
    PeopleImport.objects.filter(pk=stored.pk).update(status="running", stage="updated", done=40, total=100)
    settings.CELERY_RESULT_BACKEND = "redis://127.0.0.1:1/0"  # nowhere: the progress must not ask it
    stored.refresh_from_db()
    from django.utils import translation

    with translation.override("en"):  # the upload's request left Dutch active
        progress = people_import_progress(upload=stored)
    assert (progress["stage"], progress["done"], progress["total"], progress["percent"]) == (
        "updated",
        40,
        100,
        40,
    )
    assert progress["label"] == "Employees updated"
    with translation.override("nl"):
        assert people_import_progress(upload=stored)["label"] == "Medewerkers bijgewerkt"
