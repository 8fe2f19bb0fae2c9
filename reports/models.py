from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import LeasedJob
from people.models import OrgUnit
from reviewcycle.models import ReviewCycle


class ReviewFormExport(LeasedJob):
    """A zip with the PDF form of every review of a cycle in an org unit, made by a Celery task.

    A worker killed mid-export costs nothing but time: the task makes the whole zip again from the
    database, replaces what a dead attempt stored and logs the reads once it is done
    (``reports.services.form_export_run``), so the sweeper queues it again for the next worker.
    """

    retries_when_lost = 2

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("PDF export")
        verbose_name_plural = _("PDF exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.cycle} / {self.org_unit} ({self.get_status_display()})"

    @classmethod
    def failed_fields(cls, reason: str) -> dict:
        return {"status": cls.Status.FAILED, "error": reason, "finished_at": timezone.now()}

    def requeue(self) -> None:
        from reports.tasks import export_review_forms_task

        export_review_forms_task.delay(self.pk)

    def download_refusal(self) -> tuple[str, str] | None:
        """Why the file cannot be downloaded now, as ``(code, message)``, or None when it can (done, and
        its file still kept: a bucket's lifecycle rule may have removed it, or it stayed on the old disk
        when the files moved to object storage). Asks the file storage (one request to a bucket).
        The API answers a refusal with 409."""
        if self.status == self.Status.DONE:
            if self.file and self.file.storage.exists(self.file.name):
                return None
            return "export_file_gone", gettext("This export's file is no longer kept. Start a new export.")
        if self.status == self.Status.FAILED:
            return "export_failed", gettext("This export failed, so it has no file. Start a new export.")
        return "export_not_ready", gettext(
            "This export is not ready yet. Download it when its status is done."
        )

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
