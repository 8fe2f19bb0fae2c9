"""Files in object storage (issue 24): a worker on a machine of its own (its own VAR_DIR, no disk shared with
the web node) builds a bulk PDF export into an S3-compatible bucket, a real server process (moto) on
127.0.0.1; the web node streams the zip from the bucket after its permission check, writing nothing to its
own disk. Two exports with the same name both keep their zip."""

import io
import uuid
import zipfile

import environ
import pytest

from config.celery_app import app as celery_app
from config.settings.storage import object_storage
from reports.models import ReviewFormExport
from tests.integration.conftest import start_worker, wait_until, worker_answers

pytestmark = pytest.mark.django_db(transaction=True)


def _files_under(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_a_zip_built_by_a_worker_elsewhere_is_streamed_from_the_bucket_by_the_web_node(
    services_env, small_cycle, s3_server, tmp_path_factory, settings, monkeypatch
):
    from rest_framework.test import APIClient

    # The worker: a machine of its own, its VAR_DIR not the web node's.
    worker_var = tmp_path_factory.mktemp("worker-var")
    worker_env = {**services_env, **s3_server["env"], "VAR_DIR": str(worker_var)}
    # The web node (this process): the same bucket, a MEDIA_ROOT of its own that must stay empty.
    for name, value in s3_server["env"].items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": object_storage(environ.Env())}
    settings.MEDIA_ROOT = web_media = tmp_path_factory.mktemp("web-var") / "media"

    celery_app.control.purge()
    hostname = f"s3worker-{uuid.uuid4().hex[:6]}@localhost"
    worker = start_worker(worker_env, tmp_path_factory.mktemp("logs"), hostname=hostname)
    try:
        wait_until(lambda: worker_answers(hostname), timeout=60, what=lambda: f"worker\n{worker.log_tail()}")
        hr = APIClient(HTTP_ACCEPT_LANGUAGE="nl")
        hr.force_authenticate(small_cycle["hr"])
        request = {"cycle": small_cycle["cycle"].pk, "org_unit": small_cycle["boss"].org_unit_id}
        started = [hr.post("/api/v1/exports/", request, format="json") for _ in range(2)]
        assert [answer.status_code for answer in started] == [202, 202]
        ids = [answer.json()["id"] for answer in started]
        wait_until(
            lambda: (
                set(ReviewFormExport.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"done"}
            ),
            timeout=120,
            what=lambda: f"both exports done\n{worker.log_tail()}",
        )
    finally:
        worker.stop()

    exports = list(ReviewFormExport.objects.filter(pk__in=ids).order_by("pk"))
    # Same cycle and unit, so the same name asked for: the second zip did not overwrite the first.
    assert exports[0].file.name != exports[1].file.name
    stored = s3_server["client"].list_objects_v2(Bucket=s3_server["bucket"])["Contents"]
    assert sorted(item["Key"] for item in stored) == sorted(f"gesprekscyclus/{e.file.name}" for e in exports)
    # Private: the bucket's objects carry no grant to everyone.
    grants = s3_server["client"].get_object_acl(Bucket=s3_server["bucket"], Key=stored[0]["Key"])["Grants"]
    assert not [grant for grant in grants if "AllUsers" in str(grant.get("Grantee", {}).get("URI", ""))]

    # Permission first: a manager of the unit may not see HR's export, and learns nothing of it.
    manager = APIClient(HTTP_ACCEPT_LANGUAGE="nl")
    manager.force_authenticate(small_cycle["manager"].user)
    assert manager.get(f"/api/v1/exports/{ids[0]}/download/").status_code == 404

    answer = hr.get(f"/api/v1/exports/{ids[0]}/download/")
    assert answer.status_code == 200
    assert answer.streaming
    assert answer["Content-Type"] == "application/zip"
    assert answer["Content-Disposition"].startswith("attachment;")
    content = b"".join(answer.streaming_content)
    assert int(answer["Content-Length"]) == len(content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        assert len(names) == exports[0].total > 0
        assert all(archive.read(name).startswith(b"%PDF") for name in names)
    # Nothing on either machine's disk: the worker's zip went to the bucket, the web node streamed it.
    assert _files_under(web_media) == []
    assert _files_under(worker_var / "media") == []

    # A zip the bucket no longer keeps (a lifecycle rule removed it): a reason, not an error.
    s3_server["client"].delete_object(
        Bucket=s3_server["bucket"], Key=f"gesprekscyclus/{exports[1].file.name}"
    )
    gone = hr.get(f"/api/v1/exports/{ids[1]}/download/")
    assert gone.status_code == 409
    assert gone.json()["code"] == "export_file_gone"
