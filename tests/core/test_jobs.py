"""Background jobs (core.jobs): a job whose worker died is failed by the sweeper with a reason and can be
started again (an export is queued again, a few times, and made once); a lost message is queued again; a broker that is down gives 503 and leaves nothing pending."""

import datetime
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from kombu.exceptions import OperationalError
from rest_framework.test import APIClient

from core.jobs import job_claim, job_finish, jobs_sweep
from people.models import PeopleImport
from reports.models import ReviewFormExport
from reports.services import export_file_name
from reports.tasks import export_review_forms_task
from reviewcycle.models import CycleOpening, Review, ReviewAccess, ReviewCycle
from reviewcycle.services import cycle_create
from reviewcycle.tasks import open_cycle_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_api(org):
    api = APIClient()
    api.force_authenticate(org.hr)
    return api


@pytest.fixture
def draft(org, cycle):
    from tests.reviewcycle.fixtures import cycle_fields

    return cycle_create(
        actor=org.hr,
        scope=[org.root],
        framework_version=cycle.framework_version,
        rating_scale=cycle.rating_scale,
        **cycle_fields(2027, name="Achtergrond"),  # 2026 is the open cycle's: it would overlap
    )


def _expire(model, pk) -> None:
    model.objects.filter(pk=pk).update(lease_expires_at=timezone.now() - datetime.timedelta(seconds=1))


def test_the_sweeper_runs_every_minute_from_the_database_schedule():
    task = PeriodicTask.objects.get(task="core.tasks.sweep_jobs_task")
    assert (task.crontab.minute, task.crontab.hour, task.enabled) == ("*", "*", True)


def test_an_export_whose_worker_died_is_queued_again_and_made_once_by_the_next_worker(
    org, cycle, hr_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        started = hr_api.post("/api/v1/exports/", {"cycle": cycle.pk, "org_unit": org.team.pk})
    assert started.status_code == 202
    export = ReviewFormExport.objects.get(pk=started.json()["id"])
    assert export.queued_at is not None
    assert job_claim(model=ReviewFormExport, pk=export.pk)  # a worker took it ...
    assert jobs_sweep() == {}  # ... and holds the lease: nothing to sweep
    # ... stored its zip, then died before it could say so: the lease ran out.
    leftover = default_storage.save(export_file_name(export), ContentFile(b"half"))
    _expire(ReviewFormExport, export.pk)

    assert jobs_sweep() == {"reports.reviewformexport.retried": 1}
    export.refresh_from_db()
    assert (export.status, export.attempts, export.error) == ("pending", 1, "")
    assert hr_api.get(f"/api/v1/exports/{export.pk}/").json()["status"] == "pending"
    assert not job_finish(model=ReviewFormExport, pk=export.pk, attempt=1, status="done")  # the dead one

    assert export_review_forms_task(export.pk)["status"] == "done"  # the message the sweeper queued
    export.refresh_from_db()
    assert (export.status, export.attempts, export.file.name) == ("done", 2, leftover)  # one zip, not two
    assert default_storage.listdir(leftover.rsplit("/", 1)[0]) == ([], [leftover.rsplit("/", 1)[1]])
    with export.file.open() as stored, zipfile.ZipFile(stored) as archive:
        assert len(archive.namelist()) == export.total > 0
    final = Review.objects.filter(cycle=cycle, state="final").count()
    assert ReviewAccess.objects.filter(user=org.hr, via="pdf-export").count() == final
    assert export_review_forms_task(export.pk) == {"skipped": export.pk}  # a redelivered message: nothing


def test_an_export_that_kills_its_worker_every_time_is_failed_after_its_retries(org, cycle):
    export = ReviewFormExport.objects.create(cycle=cycle, org_unit=org.team, requested_by=org.hr)
    for attempt in range(1, ReviewFormExport.retries_when_lost + 1):
        assert job_claim(model=ReviewFormExport, pk=export.pk)
        _expire(ReviewFormExport, export.pk)
        assert jobs_sweep() == {"reports.reviewformexport.retried": 1}, attempt
    assert job_claim(model=ReviewFormExport, pk=export.pk)
    _expire(ReviewFormExport, export.pk)
    assert jobs_sweep() == {"reports.reviewformexport.lost": 1}
    export.refresh_from_db()
    assert (export.status, export.lease_expires_at) == ("failed", None)
    assert "start het opnieuw" in export.error  # stored in the organisation's language


def test_a_cycle_opening_whose_worker_died_is_failed_the_cycle_stays_a_draft_and_opens_again(
    org, draft, hr_api, settings, django_capture_on_commit_callbacks
):
    settings.CYCLE_OPEN_IN_BACKGROUND_FROM = 1
    with django_capture_on_commit_callbacks(execute=True):
        assert hr_api.post(f"/api/v1/cycles/{draft.pk}/open/").status_code == 202
    opening = CycleOpening.objects.get(cycle=draft)
    assert job_claim(model=CycleOpening, pk=opening.pk)
    refused = hr_api.post(f"/api/v1/cycles/{draft.pk}/open/")
    assert (refused.status_code, refused.json()["code"]) == (409, "not_possible_now")
    assert "wordt al geopend" in refused.json()["detail"]
    _expire(CycleOpening, opening.pk)

    assert jobs_sweep() == {"reviewcycle.cycleopening.lost": 1}
    progress = hr_api.get(f"/api/v1/cycles/{draft.pk}/opening/").json()
    assert progress["status"] == "failed"
    assert "start het opnieuw" in progress["error"]
    assert ReviewCycle.objects.get(pk=draft.pk).state == "draft"
    assert open_cycle_task(opening.pk)["status"] == "skipped"  # the old message changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        assert hr_api.post(f"/api/v1/cycles/{draft.pk}/open/").status_code == 202
    retry = CycleOpening.objects.filter(cycle=draft).latest("id")
    assert open_cycle_task(retry.pk)["status"] == "done"
    assert ReviewCycle.objects.get(pk=draft.pk).state == "open"
    assert Review.objects.filter(cycle=draft).exists()


def test_a_pending_job_whose_message_was_lost_is_queued_again_then_given_up(org, cycle, settings):
    old = timezone.now() - datetime.timedelta(seconds=settings.JOB_PENDING_REQUEUE_SECONDS + 5)
    lost = ReviewFormExport.objects.create(cycle=cycle, org_unit=org.team, requested_by=org.hr)
    ReviewFormExport.objects.filter(pk=lost.pk).update(created_at=old, queued_at=old)
    assert jobs_sweep() == {"reports.reviewformexport.requeued": 1}
    lost.refresh_from_db()
    assert lost.status == "pending"
    assert lost.queued_at > old
    assert jobs_sweep() == {}  # queued again just now: not again every minute

    ancient = timezone.now() - datetime.timedelta(seconds=settings.JOB_PENDING_GIVE_UP_SECONDS + 5)
    ReviewFormExport.objects.filter(pk=lost.pk).update(created_at=ancient)
    assert jobs_sweep() == {"reports.reviewformexport.gave_up": 1}
    lost.refresh_from_db()
    assert lost.status == "failed"
    assert "nooit begonnen" in lost.error


def _broker_down(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")


def test_job_starts_answer_503_when_the_broker_is_down_and_leave_nothing_pending(
    org, cycle, draft, hr_api, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The real broker outage is tests/integration/test_broker_down.py; here: the answers' shape."""
    from people.tasks import run_people_import_task

    for task in (export_review_forms_task, open_cycle_task, run_people_import_task):
        monkeypatch.setattr(task, "apply_async", _broker_down)
    settings.CYCLE_OPEN_IN_BACKGROUND_FROM = 1
    answers = [
        hr_api.post("/api/v1/exports/", {"cycle": cycle.pk, "org_unit": org.team.pk}),
        hr_api.post(f"/api/v1/cycles/{draft.pk}/open/"),
    ]
    for answer in answers:
        assert answer.status_code == 503, answer.content
        assert answer.json()["code"] == "service_unavailable"
        assert "Probeer het over een paar minuten opnieuw" in answer.json()["detail"]
        assert "111" not in answer.json()["detail"]
    assert not ReviewFormExport.objects.filter(status="pending").exists()
    assert not CycleOpening.objects.filter(status="pending").exists()
    assert ReviewCycle.objects.get(pk=draft.pk).state == "draft"

    hr_api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    english = hr_api.post("/api/v1/exports/", {"cycle": cycle.pk, "org_unit": org.team.pk})
    assert english.status_code == 503
    assert "Try again in a few minutes" in english.json()["detail"]

    from django.test import Client

    page = Client(HTTP_ACCEPT_LANGUAGE="nl")
    page.force_login(org.hr)
    shown = page.post(f"/reports/cycles/{cycle.pk}/exports/", {"org_unit": org.team.pk}, follow=True)
    assert shown.status_code == 200
    assert "Probeer het over een paar minuten opnieuw" in shown.content.decode()
    assert not PeopleImport.objects.filter(status="pending").exists()
