"""An uploaded file is imported by the real worker through Redis, with progress readable meanwhile."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from frameworks.services import frameworks_load_builtin
from people.models import Employee
from people.services import hr_grant
from tests.factories import OrgUnitFactory, UserFactory
from tests.people.test_import import csv_bytes, hundred_rows

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_imports_an_upload(celery_worker_process):
    frameworks_load_builtin()
    hr = UserFactory(username="hr-worker")
    hr_grant(user=hr, org_units=[OrgUnitFactory(name="Gemeente Proef", kind="organisation")], actor=None)
    client = APIClient()
    client.force_authenticate(hr)
    file = SimpleUploadedFile("medewerkers.csv", csv_bytes(hundred_rows()))
    created = client.post("/api/v1/people/import/", {"file": file}, format="multipart")
    assert created.status_code == 202
    url = f"/api/v1/people/import/{created.json()['id']}/"
    deadline = time.monotonic() + 60
    body = created.json()
    while body["status"] in ("pending", "running") and time.monotonic() < deadline:
        time.sleep(0.3)
        body = client.get(url).json()
    assert body["status"] == "done", body
    assert body["progress"]["percent"] == 100
    assert Employee.objects.count() == 100
