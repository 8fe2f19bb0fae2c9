"""The append-only audit trail of cycles and reviews, and the access log of final appraisals."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reviewcycle.models.cycle import ReviewCycle
from reviewcycle.models.review import Review


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("Audit records cannot be changed.")

    def delete(self):
        raise PermissionDenied("Audit records cannot be deleted.")


class AppendOnlyModel(models.Model):
    """Rows that are written once: the ORM refuses updates and deletes (PostgreSQL does too, by trigger)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("Audit records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit records cannot be deleted.")


class ReviewEvent(AppendOnlyModel):
    """The audit trail of a review: every transition and every change HR makes."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: done by the system."),
    )
    transition = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.transition} {self.from_state} → {self.to_state}"

    @classmethod
    def record(
        cls, *, review: Review, actor, transition: str, from_state: str = "", payload: dict | None = None
    ):
        return cls.objects.create(
            review=review,
            actor=actor,
            transition=transition,
            from_state=from_state or review.state,
            to_state=review.state,
            payload=payload or {},
        )


class CycleEvent(AppendOnlyModel):
    cycle = models.ForeignKey(ReviewCycle, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.cycle_id}: {self.action}"


class ReviewAccess(AppendOnlyModel):
    """A read of a final appraisal by someone other than the employee (personnel-file access log)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    via = models.CharField(max_length=20, help_text=_("page, api or pdf"))

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.user} read {self.review_id} via {self.via}"
