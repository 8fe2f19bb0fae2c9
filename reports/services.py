"""Writes of the reports app: bulk PDF exports (started by HR, made by a Celery task)."""

import logging
import tempfile
import zipfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from core.filenames import file_name_part
from core.jobs import UNEXPECTED_ERROR, JobLease, job_claim, job_finish, job_publish, job_reason
from people.models import OrgUnit
from people.selectors import org_units_below
from reports.models import ReviewFormExport
from reports.pdf import render_review_form
from reviewcycle.models import Review, ReviewAccess, ReviewCycle
from reviewcycle.record import build_review_form
from reviewcycle.selectors import reviews_with_content
from reviewcycle.services.cycles import require_hr_for

CHUNK = 50
logger = logging.getLogger(__name__)


def form_export_start(*, actor, cycle: ReviewCycle, org_unit: OrgUnit) -> ReviewFormExport:
    """HR of the unit asks for every form of the cycle below ``org_unit``; the worker makes the zip.

    Raises ``PermissionDenied`` (403) outside the actor's HR scope and,
    ``core.jobs.JobNotQueuedError`` (503) when the broker is down (the export is failed then).
    """
    require_hr_for(actor, [org_unit])
    export = ReviewFormExport.objects.create(cycle=cycle, org_unit=org_unit, requested_by=actor)
    from reports.tasks import export_review_forms_task

    job_publish(job=export, send=lambda: export_review_forms_task.delay(export.pk))
    return export


def form_export_run(*, export_id: int) -> ReviewFormExport | None:
    """Claim the export and render every form into a zip, holding the job's lease (``core.jobs``);
    progress is saved on the row every few forms (the page polls it). None when the export was not
    pending (a redelivered message, or failed by the sweeper).

    Safe to run again after a worker died at any point (the sweeper queues the export again,
    ``ReviewFormExport.retries_when_lost``): every form is rendered anew from the database, a zip an
    earlier attempt stored is replaced (one zip, under the same name), and the reads are logged only
    when the export is done, in the transaction that marks it done for this attempt."""
    attempt = job_claim(model=ReviewFormExport, pk=export_id)
    if not attempt:
        return None
    export = ReviewFormExport.objects.select_related("requested_by", "cycle", "org_unit").get(pk=export_id)
    with JobLease(model=ReviewFormExport, pk=export.pk, attempt=attempt):
        return _render_export(export, attempt)


def export_file_name(export: ReviewFormExport) -> str:
    """Where the zip is stored (``exports/<year>/<month>/<id>/<cycle>-<unit>.zip``): a folder per export,
    as two exports of the same unit may finish at the same moment, and object storage
    (config.settings.storage) cannot refuse the second name the way a local disk does."""
    name = f"{export.pk}/{file_name_part(export.cycle.name)}-{file_name_part(export.org_unit.name)}.zip"
    return export.file.field.generate_filename(export, name)


def _clear_earlier_attempts(name: str, storage) -> None:
    """Remove what a dead attempt stored in the zip's folder, so this attempt's zip keeps ``name``."""
    folder = name.rsplit("/", 1)[0]
    try:
        _folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local disk without the folder (object storage lists nothing)
        return
    for stored in files:
        storage.delete(f"{folder}/{stored}")


def _render_export(export: ReviewFormExport, attempt: int) -> ReviewFormExport:
    user = export.requested_by
    reviews = reviews_with_content(user=user).filter(
        cycle=export.cycle, org_unit__in=org_units_below(org_units=[export.org_unit_id])
    )
    ids = list(reviews.order_by("org_unit__name", "employee__name", "id").values_list("id", flat=True))
    ReviewFormExport.objects.filter(pk=export.pk).update(total=len(ids), done=0)
    read: list[int] = []  # final reviews of others: logged as read once the export is done
    try:
        with tempfile.TemporaryFile() as scratch:
            with zipfile.ZipFile(scratch, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for start in range(0, len(ids), CHUNK):
                    chunk = ids[start : start + CHUNK]
                    batch = reviews.in_bulk(chunk)
                    for review_id in chunk:
                        review = batch[review_id]
                        name = f"{file_name_part(review.org_unit.name)}/{file_name_part(review.employee.employee_number, lowercase=False)}-{file_name_part(review.employee.name)}.pdf"
                        archive.writestr(name, render_review_form(build_review_form(review, user=user)))
                    read += [
                        pk
                        for pk in chunk
                        if batch[pk].state == Review.State.FINAL and batch[pk].employee.user_id != user.pk
                    ]
                    ReviewFormExport.objects.filter(pk=export.pk).update(done=start + len(chunk))
            scratch.seek(0)
            name = export_file_name(export)
            if attempt > 1:
                _clear_earlier_attempts(name, export.file.storage)
            # The name is final: saving does not add the upload_to folders again.
            export.file.name = export.file.storage.save(name, File(scratch))
        with transaction.atomic():
            if job_finish(
                model=ReviewFormExport,
                pk=export.pk,
                attempt=attempt,
                status=ReviewFormExport.Status.DONE,
                done=len(ids),
                file=export.file.name,
                finished_at=timezone.now(),
            ):
                ReviewAccess.objects.bulk_create(
                    (ReviewAccess(review_id=pk, user=user, via="pdf-export") for pk in read), batch_size=1000
                )
    except Exception:
        logger.exception("PDF export %s failed", export.pk)
        job_finish(
            model=ReviewFormExport,
            pk=export.pk,
            attempt=attempt,
            **ReviewFormExport.failed_fields(job_reason(UNEXPECTED_ERROR)),
        )
    export.refresh_from_db()
    return export
