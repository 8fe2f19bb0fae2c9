"""Hostile uploads against the real worker through Redis: a zip bomb is rejected with the reason and the
worker lives on; two uploads at the same moment: one is stored, the other refused (issue 14)."""

import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from rest_framework.test import APIClient

from frameworks.services import frameworks_load_builtin
from people.models import Employee, PeopleImport
from people.services import hr_grant
from tests.factories import OrgUnitFactory, UserFactory
from tests.people.test_import import csv_bytes, hundred_rows
from tests.people.test_import_uploads import zip_bomb

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def hr(db):
    frameworks_load_builtin()
    user = UserFactory(username="hr-limits")
    hr_grant(user=user, org_units=[OrgUnitFactory(name="Gemeente Proef", kind="organisation")], actor=None)
    return user


def finished(client, body, seconds=60):
    deadline = time.monotonic() + seconds
    while body["status"] in ("pending", "running") and time.monotonic() < deadline:
        time.sleep(0.3)
        body = client.get(f"/api/v1/people/import/{body['id']}/").json()
    return body


def test_a_zip_bomb_is_rejected_by_the_worker_which_lives_on(hr, celery_worker_process):
    client = APIClient()
    client.force_authenticate(hr)
    bomb = zip_bomb(150)  # unpacks to 150 MB, over the default 100 MB
    assert len(bomb) < 1 << 20
    started = time.monotonic()
    response = client.post(
        "/api/v1/people/import/", {"file": SimpleUploadedFile("bom.xlsx", bomb)}, format="multipart"
    )
    assert response.status_code == 202
    body = finished(client, response.json())
    assert body["status"] == "rejected", body
    assert "uitgepakt groter dan 100 MB" in body["report"]["file_error"]
    assert time.monotonic() - started < 30
    # The same worker imports the next file.
    file = SimpleUploadedFile("medewerkers.csv", csv_bytes(hundred_rows()))
    body = finished(client, client.post("/api/v1/people/import/", {"file": file}, format="multipart").json())
    assert body["status"] == "done", body
    assert Employee.objects.count() == 100


def test_two_uploads_at_the_same_moment_one_is_refused(hr, celery_worker_process):
    assert connection.vendor == "postgresql"
    answers = []
    barrier = threading.Barrier(4)

    def upload():
        client = APIClient()
        client.force_authenticate(hr)
        barrier.wait()
        file = SimpleUploadedFile("medewerkers.csv", csv_bytes(hundred_rows()))
        response = client.post(
            "/api/v1/people/import/", {"file": file, "dry_run": "true"}, format="multipart"
        )
        answers.append((response.status_code, response.json()))
        connection.close()

    threads = [threading.Thread(target=upload) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _body in answers) == [202, 409, 409, 409], answers
    assert all(body["code"] == "import_running" for status, body in answers if status == 409)
    client = APIClient()
    client.force_authenticate(hr)
    accepted = next(body for status, body in answers if status == 202)
    assert finished(client, accepted)["status"] == "done"
    assert PeopleImport.objects.count() == 1
