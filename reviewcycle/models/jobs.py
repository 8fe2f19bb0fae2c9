"""Background work on cycles that must survive a worker's death."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import LeasedJob, unique_constraint
from reviewcycle.models.cycle import ReviewCycle


class CycleOpening(LeasedJob):
    """One attempt to open a large cycle in the background (``cycle_open_start``), its progress and outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="openings")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("cycle opening")
        verbose_name_plural = _("cycle openings")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Opening twice at once is impossible: at most one attempt waits or runs per cycle.
            unique_constraint(
                fields=["cycle"],
                condition=Q(status__in=["pending", "running"]),
                name="cycleopening_one_active",
                message=_("This cycle is already being opened."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}: {self.status}"

    @classmethod
    def failed_fields(cls, reason: str) -> dict:
        return {"status": cls.Status.FAILED, "error": reason, "finished_at": timezone.now()}

    def requeue(self) -> None:
        from reviewcycle.tasks import open_cycle_task

        open_cycle_task.delay(self.pk)
