"""Celery tasks of the reports app: small, taking ids, each calling a service."""

from celery import shared_task

from reports.models import ReviewFormExport
from reports.services import form_export_run


@shared_task(acks_late=True)
def export_review_forms_task(export_id: int) -> dict:
    # Claim the export atomically: a redelivered message or a second worker finds it taken.
    claimed = ReviewFormExport.objects.filter(pk=export_id, status=ReviewFormExport.Status.PENDING).update(
        status=ReviewFormExport.Status.RUNNING
    )
    if not claimed:
        return {"skipped": export_id}
    export = form_export_run(export=ReviewFormExport.objects.get(pk=export_id))
    return {"status": export.status, "forms": export.done}
