"""Celery tasks of the reports app: small, taking ids, each calling a service."""

from celery import shared_task

from reports.services import form_export_run


@shared_task(acks_late=True, ignore_result=True)
def export_review_forms_task(export_id: int) -> dict:
    # The service claims the export: a redelivered message or a second worker finds it taken.
    export = form_export_run(export_id=export_id)
    if export is None:
        return {"skipped": export_id}
    return {"status": export.status, "forms": export.done}
