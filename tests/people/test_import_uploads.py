"""Every upload path × every bad upload: a clear 4xx or form error in Dutch, or an import the worker
rejects with the reason; never a 500, never exception text, never a row with bad bytes (issue 14, fault 2).

The upload paths are the import page (``/people/import/``) and the API (``POST /api/v1/people/import/``);
the framework import reads files only from the command line (see tests/frameworks/test_yaml_limits.py).
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from rest_framework.test import APIClient

from people.importers import write_xlsx
from people.models import Employee, PeopleImport
from people.services import hr_grant, people_import_run
from tests.factories import OrgUnitFactory, UserFactory
from tests.people.test_import import HEADER, csv_bytes, hundred_rows, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(db):
    from frameworks.services import frameworks_load_builtin

    frameworks_load_builtin()
    user = UserFactory(username="hr-alles")
    hr_grant(user=user, org_units=[OrgUnitFactory(name="Gemeente Proef", kind="organisation")], actor=None)
    return user


def zip_bomb(unzipped_mb: int) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(write_xlsx(HEADER, [person(1)])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (unzipped_mb << 20))
            bomb.writestr(info.filename, data)
    return buffer.getvalue()


def post_page(client, name, content, **fields):
    return client.post("/people/import/", {"file": SimpleUploadedFile(name, content), **fields})


def post_api(client, name, content, **fields):
    return client.post(
        "/api/v1/people/import/", {"file": SimpleUploadedFile(name, content), **fields}, format="multipart"
    )


@pytest.fixture(params=["page", "api"])
def path(request, hr, client):
    """An upload path, logged in as HR: ``post(name, content)`` → (refused?, Dutch message or None)."""
    if request.param == "page":
        client.force_login(hr)

        def post(name, content):
            response = post_page(client, name, content)
            assert response.status_code in (200, 302), response.status_code
            if response.status_code == 200:
                return True, " ".join(response.context["form"].errors["file"])
            return False, None

    else:
        api = APIClient()
        api.force_authenticate(hr)

        def post(name, content):
            response = post_api(api, name, content)
            assert response.status_code in (202, 400, 409), (response.status_code, response.content)
            if response.status_code == 409:
                return True, response.json()["detail"]
            if response.status_code == 400:
                return True, " ".join(response.json()["file"])
            return False, None

    return post


# What the request refuses at once (from the size, the name and the first bytes) …
REFUSED_AT_UPLOAD = {
    "not a spreadsheet, named .xlsx": ("cv.xlsx", b"%PDF-1.4 " * 100, "Dit is geen XLSX-bestand"),
    "not a spreadsheet, named .csv": ("cv.csv", b"%PDF-1.4 " * 100, "Dit is geen CSV-bestand"),
    "a zip that is no xlsx, named .csv": ("m.csv", b"PK\x03\x04" + b"\x00" * 100, "Dit is geen CSV-bestand"),
    "another type": ("cv.pdf", b"%PDF-1.4", "Upload een .csv- of .xlsx-bestand"),
    "UTF-16 without byte-order mark": (
        "m.csv",
        ";".join(HEADER).encode("utf-16-le") + "\r\n".encode("utf-16-le"),
        "UTF-16",
    ),
}


@pytest.mark.parametrize("case", REFUSED_AT_UPLOAD, ids=list(REFUSED_AT_UPLOAD))
def test_what_is_no_spreadsheet_is_refused_at_upload(path, case):
    name, content, message = REFUSED_AT_UPLOAD[case]
    refused, text = path(name, content)
    assert refused
    assert message in text
    assert not PeopleImport.objects.exists()


def test_an_oversized_body_is_stopped_while_it_arrives(path):
    with override_settings(IMPORT_MAX_UPLOAD_BYTES=64 * 1024):
        refused, text = path("m.csv", csv_bytes(hundred_rows()) * 20)
    assert refused
    assert "groter dan" in text  # "Het bestand is groter dan … MB."
    assert not PeopleImport.objects.exists()


def test_the_upload_limit_handler_stops_reading_at_the_limit(hr, client):
    """The file never reaches request.FILES: neither memory nor a temporary file holds more than the limit."""
    from core.uploads import UploadLimitHandler

    seen = []
    original = UploadLimitHandler.receive_data_chunk

    def spy(self, raw_data, start):
        seen.append(start + len(raw_data))
        return original(self, raw_data, start)

    client.force_login(hr)
    big = b"x" * (2 << 20)
    with override_settings(IMPORT_MAX_UPLOAD_BYTES=256 * 1024):
        UploadLimitHandler.receive_data_chunk = spy
        try:
            response = post_page(client, "m.csv", big)
        finally:
            UploadLimitHandler.receive_data_chunk = original
    assert response.status_code == 200
    assert max(seen) <= 256 * 1024 + 64 * 1024  # stopped within one chunk of the limit


# … and what the worker reads and rejects, with the reason on the status page and in the API.
def _too_many_rows():
    return csv_bytes([person(n) for n in range(1, 30)])


def _nul_byte():
    rows = [person(1), person(2, manager=1)]
    rows[1][1] = "Bert\x00"
    return csv_bytes(rows)


REJECTED_BY_WORKER = {
    "zip bomb": ("bom.xlsx", lambda: zip_bomb(12), "uitgepakt groter dan 10 MB", None),
    "too many rows": ("m.csv", _too_many_rows, "Maximaal 20 rijen per bestand", None),
    "damaged xlsx": ("m.xlsx", lambda: b"PK\x03\x04" + b"\x01" * 500, "beschadigd", None),
    "NUL byte in a cell": ("m.csv", _nul_byte, None, (3, "Naam", "onzichtbaar teken")),
}


@pytest.mark.parametrize("case", REJECTED_BY_WORKER, ids=list(REJECTED_BY_WORKER))
def test_what_only_the_worker_can_see_is_rejected_with_the_reason(path, hr, client, case):
    name, make, file_error, row_error = REJECTED_BY_WORKER[case]
    with override_settings(IMPORT_MAX_UNZIPPED_BYTES=10 << 20, IMPORT_MAX_ROWS=20):
        refused, _text = path(name, make())
        assert not refused  # the request only stores the file
        stored = people_import_run(upload=PeopleImport.objects.get())  # what the worker runs
    assert stored.status == "rejected"
    if file_error:
        assert file_error in stored.report["file_error"]
    else:
        assert [(e["row"], e["column"]) for e in stored.report["errors"]] == [row_error[:2]]
        assert row_error[2] in stored.report["errors"][0]["message"]
    assert Employee.objects.count() == 0
    client.force_login(hr)
    page = client.get(f"/people/import/{stored.pk}/").content.decode()
    assert (file_error or row_error[2]) in page


def test_a_utf16_file_with_byte_order_mark_is_imported(path):
    text = "\t".join(HEADER) + "\r\n" + "\t".join(person(1, name="Zoë")) + "\r\n"
    refused, _text = path("unicode.txt", text.encode("utf-16"))
    assert not refused
    assert people_import_run(upload=PeopleImport.objects.get()).status == "done"
    assert Employee.objects.get().name == "Zoë"


def test_wrong_role_is_refused_before_the_body_is_read(hr, client, monkeypatch):
    from core.uploads import UploadLimitHandler

    def must_not_read(self, raw_data, start):
        raise AssertionError("the upload was read for someone who may not import")

    employee = UserFactory()
    api = APIClient()
    api.force_authenticate(employee)  # a token: no CSRF check, so nothing reads the body before the view
    monkeypatch.setattr(UploadLimitHandler, "receive_data_chunk", must_not_read)
    response = post_api(api, "m.csv", csv_bytes(hundred_rows()))
    assert response.status_code == 403
    assert response.json()["detail"] == "Alleen HR voor de hele organisatie kan medewerkers importeren."
    monkeypatch.undo()
    client.force_login(employee)
    assert post_page(client, "m.csv", csv_bytes(hundred_rows())).status_code == 403
    assert not PeopleImport.objects.exists()


def test_one_import_at_a_time(path, hr):
    refused, _text = path("m.csv", csv_bytes(hundred_rows()))
    assert not refused
    refused, text = path("m.csv", csv_bytes(hundred_rows()))
    assert refused
    assert "loopt nog" in text
    assert PeopleImport.objects.count() == 1
    people_import_run(upload=PeopleImport.objects.get())
    refused, _text = path("m.csv", csv_bytes(hundred_rows()))
    assert not refused


def test_the_database_allows_one_waiting_or_running_import(hr):
    from django.db import IntegrityError, transaction

    PeopleImport.objects.create(uploaded_by=hr, filename="a.csv", content=b"", status="running")
    PeopleImport.objects.create(uploaded_by=hr, filename="b.csv", content=b"", status="done")
    with pytest.raises(IntegrityError), transaction.atomic():
        PeopleImport.objects.create(uploaded_by=hr, filename="c.csv", content=b"", status="pending")


def test_an_unexpected_failure_shows_no_exception_text(hr, monkeypatch):
    import people.importers

    def broken(**kwargs):
        raise RuntimeError("relation people_employee does not exist at character 42")

    monkeypatch.setattr(people.importers, "import_people", broken)
    stored = PeopleImport.objects.create(uploaded_by=hr, filename="m.csv", content=csv_bytes(hundred_rows()))
    with pytest.raises(RuntimeError):
        people_import_run(upload=stored)
    stored.refresh_from_db()
    assert stored.status == "failed"
    assert "relation" not in stored.report["file_error"]
    assert "RuntimeError" not in stored.report["file_error"]


def test_an_oversized_upload_from_the_browser_gets_the_form_error_not_a_csrf_failure(hr):
    """The browser sends the CSRF token before the file, so stopping the file keeps the token."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(hr)
    page = browser.get("/people/import/")
    token = page.context["csrf_token"]
    with override_settings(IMPORT_MAX_UPLOAD_BYTES=64 * 1024):
        response = browser.post(
            "/people/import/",
            {"csrfmiddlewaretoken": str(token), "file": SimpleUploadedFile("m.csv", b"x" * (200 * 1024))},
        )
    assert response.status_code == 200
    assert "groter dan" in " ".join(response.context["form"].errors["file"])
    assert not PeopleImport.objects.exists()
