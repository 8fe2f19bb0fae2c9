"""Writes of the reports app: bulk PDF exports (started by HR, made by a Celery task)."""

import logging
import tempfile
import zipfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from people.models import OrgUnit
from people.selectors import org_units_below
from reports.models import ReviewFormExport
from reports.pdf import render_review_form
from reports.selectors import build_review_form
from reviewcycle.models import Review, ReviewAccess, ReviewCycle
from reviewcycle.selectors import reviews_with_content
from reviewcycle.services.cycles import require_hr_for

logger = logging.getLogger(__name__)

CHUNK = 50


@transaction.atomic
def form_export_start(*, actor, cycle: ReviewCycle, org_unit: OrgUnit) -> ReviewFormExport:
    """HR of the unit asks for every form of the cycle below ``org_unit``; the worker makes the zip."""
    require_hr_for(actor, [org_unit])
    export = ReviewFormExport.objects.create(cycle=cycle, org_unit=org_unit, requested_by=actor)
    from reports.tasks import export_review_forms_task

    transaction.on_commit(lambda: export_review_forms_task.delay(export.pk))
    return export


def form_export_run(*, export: ReviewFormExport) -> ReviewFormExport:
    """Render every form into a zip; progress is saved on the row every few forms (the page polls it)."""
    user = export.requested_by
    reviews = reviews_with_content(user=user).filter(
        cycle=export.cycle, org_unit__in=org_units_below(org_units=[export.org_unit_id])
    )
    ids = list(reviews.order_by("org_unit__name", "employee__name", "id").values_list("id", flat=True))
    ReviewFormExport.objects.filter(pk=export.pk).update(
        status=ReviewFormExport.Status.RUNNING, total=len(ids), done=0
    )
    try:
        with tempfile.TemporaryFile() as scratch:
            with zipfile.ZipFile(scratch, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for start in range(0, len(ids), CHUNK):
                    chunk = ids[start : start + CHUNK]
                    batch = reviews.in_bulk(chunk)
                    for review_id in chunk:
                        review = batch[review_id]
                        name = f"{slugify(review.org_unit.name)}/{review.employee.employee_number}-{slugify(review.employee.name)}.pdf"
                        archive.writestr(name, render_review_form(build_review_form(review, user=user)))
                    ReviewAccess.objects.bulk_create(
                        ReviewAccess(review=batch[pk], user=user, via="pdf-export")
                        for pk in chunk
                        if batch[pk].state == Review.State.FINAL and batch[pk].employee.user_id != user.pk
                    )
                    ReviewFormExport.objects.filter(pk=export.pk).update(done=start + len(chunk))
            scratch.seek(0)
            filename = f"{slugify(export.cycle.name)}-{slugify(export.org_unit.name)}.zip"
            export.refresh_from_db()
            export.file.save(filename, File(scratch), save=False)
        export.status = ReviewFormExport.Status.DONE
        export.done = len(ids)
    except Exception:  # any failure is shown to HR on the export (the details go to the log)
        logger.exception("review form export %s failed", export.pk)
        export.refresh_from_db()
        export.status = ReviewFormExport.Status.FAILED
        export.error = _(
            "An error in the application stopped it; no file was made. Start the export again; "
            "if it fails again, tell your administrator."
        )
    export.finished_at = timezone.now()
    export.save()
    return export
