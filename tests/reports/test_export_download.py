"""The bulk PDF zip on the embedded default's local disk (issue 24: object storage is optional): each export
has a folder of its own under MEDIA_ROOT, and the download sends it after the permission check."""

import io
import zipfile

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_disk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path / "media"


def test_two_exports_of_one_unit_keep_their_own_zip_on_the_disk_and_download(local_disk, org, review):
    from reports.models import ReviewFormExport
    from reports.services import form_export_run

    exports = [
        form_export_run(
            export_id=ReviewFormExport.objects.create(
                cycle=review.cycle, org_unit=org.team, requested_by=org.hr
            ).pk
        )
        for _ in range(2)
    ]
    assert [export.status for export in exports] == ["done", "done"]
    for export in exports:
        assert export.file.name.split("/")[-2] == str(export.pk)
        assert (local_disk / export.file.name).is_file()

    outsider = APIClient()
    outsider.force_authenticate(org.manager.user)
    assert outsider.get(f"/api/v1/exports/{exports[0].pk}/download/").status_code == 404

    hr = APIClient()
    hr.force_authenticate(org.hr)
    answer = hr.get(f"/api/v1/exports/{exports[1].pk}/download/")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/zip"
    assert exports[1].file.name.rsplit("/", 1)[-1] in answer["Content-Disposition"]
    content = b"".join(answer.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert len(archive.namelist()) == exports[1].total > 0


def test_a_zip_no_longer_kept_is_refused_with_a_reason_not_an_error(local_disk, org, review, client):
    """Removed by a bucket's lifecycle rule, or left on the old disk when files moved to object storage."""
    from reports.models import ReviewFormExport
    from reports.services import form_export_run

    export = form_export_run(
        export_id=ReviewFormExport.objects.create(
            cycle=review.cycle, org_unit=org.team, requested_by=org.hr
        ).pk
    )
    export.file.storage.delete(export.file.name)

    hr = APIClient(HTTP_ACCEPT_LANGUAGE="nl")
    hr.force_authenticate(org.hr)
    answer = hr.get(f"/api/v1/exports/{export.pk}/download/")
    assert answer.status_code == 409
    assert answer.json()["code"] == "export_file_gone"
    assert "Start een nieuwe export" in answer.json()["detail"]

    client.force_login(org.hr)
    page = client.get(f"/reports/exports/{export.pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert f"/api/v1/exports/{export.pk}/download/" not in page
    assert "bewaard" in page
