"""The people import as a background job: started once at a time, run by a worker, reported."""

import logging
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import UNEXPECTED_ERROR, JobLease, job_claim, job_finish, job_publish, job_reason
from people.models import PeopleImport
from people.selectors import can_import_people

logger = logging.getLogger(__name__)


def _busy_message(running: PeopleImport | None) -> str:
    if running is None:
        return _("Another import has just started. Wait until it is finished, then upload again.")
    return _(
        "The import of %(file)s is still running. Wait until it is finished and look at its result, "
        "then upload again."
    ) % {"file": running.filename}


def people_import_start(
    *,
    actor,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    deactivate_missing: bool = False,
    framework: str = "",
) -> PeopleImport:
    """Store the upload and queue the import task; the worker reads and checks the file.

    ``content`` is the file as uploaded (at most ``IMPORT_MAX_UPLOAD_BYTES``); it is not read
    here. One import at a time: while one is waiting or running another is refused
    (``ValidationError``, code ``import_running``: a form error, HTTP 409), because the second
    file was made before the first one's changes, and HR should see the first result first. A
    unique partial index makes this hold under concurrency.

    Raises ``PermissionDenied`` (403) unless ``can_import_people``, and
    ``core.jobs.JobNotQueuedError`` (503) when the broker is down (the import is failed then;
    nothing was imported).
    """
    from people.tasks import run_people_import_task

    if not can_import_people(user=actor):
        raise PermissionDenied(_("Only HR for the whole organisation can import employees."))
    running = PeopleImport.objects.filter(status__in=PeopleImport.OPEN_STATUSES).first()
    if running is not None:
        raise ValidationError(_busy_message(running), code="import_running")
    try:
        with transaction.atomic():
            upload = PeopleImport.objects.create(
                uploaded_by=actor,
                filename=filename[:255],
                content=content,
                dry_run=dry_run,
                deactivate_missing=deactivate_missing,
                framework=framework or "",
                task_id=str(uuid.uuid4()),
            )
    except IntegrityError:  # another upload was stored at the same moment
        raise ValidationError(_busy_message(None), code="import_running") from None
    job_publish(
        job=upload, send=lambda: run_people_import_task.apply_async(args=[upload.pk], task_id=upload.task_id)
    )
    return upload


def people_import_run(*, upload: PeopleImport, progress=None) -> PeopleImport:
    """Run a stored import (the task's body): claim it, read, validate, apply, store the report,
    holding the job's lease (``core.jobs``) throughout.

    A file that cannot be read ends ``rejected`` with the reason for HR; an unexpected error
    ends ``failed`` with a general message (the details go to the log, not to the page).
    """
    if not job_claim(model=PeopleImport, pk=upload.pk):
        return PeopleImport.objects.get(pk=upload.pk)  # already run: a redelivered task does nothing
    upload.refresh_from_db()
    with JobLease(model=PeopleImport, pk=upload.pk) as lease:

        def report_progress(stage: str, done: int, total: int) -> None:
            lease.progress(stage=stage, done=done, total=total)  # the next heartbeat writes it on the row
            if progress is not None:
                progress(stage, done, total)

        return _run_import(upload, report_progress)


def _run_import(upload: PeopleImport, progress) -> PeopleImport:
    from people.importers import ImportFileError, import_people

    try:
        report = import_people(
            content=bytes(upload.content),
            filename=upload.filename,
            actor=upload.uploaded_by,
            dry_run=upload.dry_run,
            deactivate_missing=upload.deactivate_missing,
            framework=upload.framework or None,
            progress=progress or (lambda *args: None),
        )
    except ImportFileError as error:
        upload.status, upload.report = PeopleImport.Status.REJECTED, {"file_error": str(error), "errors": []}
    except Exception:
        logger.exception("people import %s failed", upload.pk)
        job_finish(
            model=PeopleImport, pk=upload.pk, **PeopleImport.failed_fields(job_reason(UNEXPECTED_ERROR))
        )
        raise
    else:
        upload.report = {**report.as_dict(), "summary": report.summary()}
        upload.status = PeopleImport.Status.DONE if report.ok else PeopleImport.Status.REJECTED
    now = timezone.now()
    job_finish(
        model=PeopleImport,
        pk=upload.pk,
        status=upload.status,
        report=upload.report,
        finished_at=now,
        updated_at=now,
    )
    upload.refresh_from_db()
    return upload
