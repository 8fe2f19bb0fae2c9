"""Abstract models every app may build on."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class LeasedJob(models.Model):
    """A row for work a Celery task does in the background (``core.jobs`` holds the rules).

    A subclass has a ``status`` field whose choices include ``pending``, ``running`` and ``failed``
    and a ``created_at`` timestamp, and says how to fail (``failed_fields``) and how to queue its
    task again (``requeue``). While the task runs it holds a lease, renewed by a heartbeat; a job
    whose lease ran out (its worker died) is failed by the sweeper with a reason and may be started
    again; a job left pending (its message lost) is queued again, and given up after a while.
    """

    lease_expires_at = models.DateTimeField(_("lease expires at"), null=True, blank=True, editable=False)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @classmethod
    def failed_fields(cls, reason: str) -> dict:
        """The fields (for ``QuerySet.update``) that mark a job failed, ``reason`` shown to HR."""
        raise NotImplementedError

    def requeue(self) -> None:
        """Queue the task that runs this job again (it claims the job, so a duplicate does nothing)."""
        raise NotImplementedError
