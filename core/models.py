"""Abstract models every app may build on."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def check_constraint(*, message, **kwargs) -> models.CheckConstraint:
    """A ``CheckConstraint`` whose violation reads as a sentence where a form or the API shows it
    (never "Constraint “name” is violated"); its ``violation_error_code`` is its name, so a form can put
    it next to the field it concerns (``core.forms.ConstraintErrorsOnFields``)."""
    return models.CheckConstraint(
        violation_error_code=kwargs["name"], violation_error_message=message, **kwargs
    )


def unique_constraint(*expressions, message, **kwargs) -> models.UniqueConstraint:
    """A ``UniqueConstraint`` with a sentence for its violation, as ``check_constraint``. (Django shows
    its own "… with this … already exists." for one on plain fields without a condition.)"""
    return models.UniqueConstraint(
        *expressions, violation_error_code=kwargs["name"], violation_error_message=message, **kwargs
    )


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
    whose lease ran out (its worker died) is queued again by the sweeper when it may be retried
    (``retries_when_lost``: its task can run again from the start without doing anything twice), else
    failed with a reason and may be started again; a job left pending (its message lost) is queued
    again, and given up after a while.
    """

    # How often a job whose worker died is queued again before it is failed: 0 for work that must not
    # simply run again; a job that kills its worker every time (out of memory) still ends failed.
    retries_when_lost = 0

    lease_expires_at = models.DateTimeField(_("lease expires at"), null=True, blank=True, editable=False)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True, editable=False)
    # Times a worker took the job (``core.jobs.job_claim``): the attempt a running task holds.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, editable=False)

    class Meta:
        abstract = True

    @classmethod
    def failed_fields(cls, reason: str) -> dict:
        """The fields (for ``QuerySet.update``) that mark a job failed, ``reason`` shown to HR."""
        raise NotImplementedError

    def requeue(self) -> None:
        """Queue the task that runs this job again (it claims the job, so a duplicate does nothing)."""
        raise NotImplementedError
