"""Background jobs: queued without waiting on the broker, held by a lease while they run, swept.

The one rule for every ``core.models.LeasedJob`` (cycle opening, people import, PDF export):

- **Start**: the row is committed, then the task is published (``job_publish``, right away rather
  than on commit, so that the caller can answer 503; a caller inside a transaction may have its
  message arrive before the row: the worker skips it and the sweeper queues the job again). The broker is asked
  with short timeouts (settings: ``CELERY_BROKER_CONNECTION_TIMEOUT``, the publish retry policy);
  when it cannot take the message the job is failed at once and ``JobNotQueuedError`` raised (HTTP 503),
  so nothing stays "pending" while the user is told it did not start.
- **Run**: the task claims the job (``job_claim``: pending → running, only once) and holds it with
  ``JobLease``: a heartbeat thread renews ``lease_expires_at`` every few seconds on a database
  connection of its own (outside the task's transaction) and writes the progress it was given.
- **Sweep** (``jobs_sweep``, beat, every minute): a running job whose lease ran out — its worker
  was killed — is queued again for another worker when its model allows (``retries_when_lost``, the
  PDF export: its task starts over and does nothing twice), else (or after those retries) failed with
  a reason; a pending job whose message was lost is queued again, and failed after
  ``JOB_PENDING_GIVE_UP_SECONDS`` (counted from its start, or from the loss of its last worker). A
  failed job can be started again.

Every claim counts an attempt (``attempts``); a task that holds attempt n renews the lease and finishes
the job only while the job is still at attempt n, so a worker that was given up for dead and comes back
changes nothing. The broker's own redelivery (``acks_late``; Redis hands out an unacknowledged message
again after ``CELERY_VISIBILITY_TIMEOUT``) is a backstop only: that message finds the job taken or done.
"""

import logging
import threading
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from core.models import LeasedJob

logger = logging.getLogger(__name__)

PENDING, RUNNING, FAILED = "pending", "running", "failed"

BROKER_DOWN = gettext_lazy(
    "The background processing cannot be reached, so this could not start. Try again in a few minutes."
)
WORKER_LOST = gettext_lazy(
    "The processing stopped halfway (the server running it was restarted). Nothing was changed; start it again."
)
UNEXPECTED_ERROR = gettext_lazy(
    "The processing stopped because of an unexpected error. Nothing was changed; try again, and if it "
    "fails again, ask the administrator."
)
NEVER_STARTED = gettext_lazy("The processing never started. Start it again.")


class JobNotQueuedError(Exception):
    """The broker did not take the job's task: the job is failed and the caller answers 503."""

    def __init__(self, message=BROKER_DOWN):
        super().__init__(str(message))
        self.messages = [str(message)]


def lease_seconds() -> int:
    return settings.JOB_LEASE_SECONDS


def heartbeat_seconds() -> float:
    """How often a running job renews its lease: four times per lease, at most every 10 seconds."""
    return max(0.2, min(lease_seconds() / 4, 10.0))


def job_reason(message) -> str:
    """A reason stored on a job, in the organisation's language (it is written by a worker)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)


def job_publish(*, job: LeasedJob, send, fail_when_down: bool = True) -> None:
    """Queue ``job``'s task with ``send()`` (no arguments). A broker that is down fails the job at once
    (unless ``fail_when_down`` is False: the sweeper's retry leaves it pending).

    Raises ``JobNotQueuedError`` (HTTP 503) when the broker did not take the message.
    """
    try:
        send()
    except Exception as error:  # whatever the transport raises, the task was not queued
        logger.warning("Could not queue %s %s: %s", type(job).__name__, job.pk, error)
        if fail_when_down:
            type(job).objects.filter(pk=job.pk, status=PENDING).update(
                **type(job).failed_fields(job_reason(BROKER_DOWN)), lease_expires_at=None
            )
        raise JobNotQueuedError from error
    type(job).objects.filter(pk=job.pk, status=PENDING).update(queued_at=timezone.now())


def job_claim(*, model: type[LeasedJob], pk: int, **fields) -> int:
    """Take a pending job for this worker (pending → running, with a fresh lease, one more attempt).
    Returns the attempt this worker holds (1 for the first), or 0 when the job is not pending any more
    (a redelivered message, a duplicate from the sweeper, or a job already failed or done)."""
    claimed = model.objects.filter(pk=pk, status=PENDING).update(
        status=RUNNING,
        lease_expires_at=timezone.now() + timedelta(seconds=lease_seconds()),
        attempts=F("attempts") + 1,
        **fields,
    )
    # Running with a fresh lease: nothing else changes the attempt until that lease runs out.
    return model.objects.values_list("attempts", flat=True).get(pk=pk) if claimed else 0


def job_finish(*, model: type[LeasedJob], pk: int, attempt: int | None = None, **fields) -> bool:
    """Mark a running job finished with ``fields``; False when it is no longer running (the sweeper
    failed it meanwhile) or, given the ``attempt`` the task holds, no longer at that attempt (it was
    given up for dead and queued again). Inside the task's transaction this locks the row: exactly one
    of the two wins, and a task that lost must roll back."""
    running = model.objects.filter(pk=pk, status=RUNNING)
    if attempt is not None:
        running = running.filter(attempts=attempt)
    return bool(running.update(lease_expires_at=None, **fields))


class JobLease:
    """Holds a running job's lease while the ``with`` block runs: a heartbeat thread renews it.

    ``progress(**fields)`` hands fields (e.g. ``done``, ``total``) to the next heartbeat, which writes
    them with the lease on the thread's own connection: visible to the pages even while the task
    works inside one long transaction. A killed worker stops renewing, and the sweeper fails the job.
    """

    def __init__(self, *, model: type[LeasedJob], pk: int, attempt: int | None = None):
        self.model, self.pk = model, pk
        # Renewed only while the job is at this attempt (given: ``job_claim``'s answer).
        self._mine = {"attempts": attempt} if attempt is not None else {}
        self._fields: dict = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=f"lease-{model.__name__}-{pk}", daemon=True)

    def __enter__(self) -> "JobLease":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def progress(self, **fields) -> None:
        with self._lock:
            self._fields.update(fields)

    def _run(self) -> None:
        try:
            while not self._stop.wait(heartbeat_seconds()):
                self._beat()
        finally:
            connection.close()  # the thread's own connection

    def _beat(self) -> None:
        with self._lock:
            fields, self._fields = self._fields, {}
        try:
            self.model.objects.filter(pk=self.pk, status=RUNNING, **self._mine).update(
                lease_expires_at=timezone.now() + timedelta(seconds=lease_seconds()), **fields
            )
        except DatabaseError as error:  # e.g. SQLite busy: the next beat tries again
            logger.warning("Could not renew the lease of %s %s: %s", self.model.__name__, self.pk, error)
            with self._lock:
                self._fields = {**fields, **self._fields}


def job_models() -> list[type[LeasedJob]]:
    return [model for model in apps.get_models() if issubclass(model, LeasedJob)]


def jobs_sweep(*, now=None) -> dict:
    """Queue running jobs whose lease ran out again (``retries_when_lost``) or fail them, queue pending
    ones whose message was lost again, and give up on those pending too long. Returns counts per model
    and outcome (``retried``, ``lost``, ``gave_up``, ``requeued``)."""
    now = now or timezone.now()
    requeue_before = now - timedelta(seconds=settings.JOB_PENDING_REQUEUE_SECONDS)
    give_up_before = now - timedelta(seconds=settings.JOB_PENDING_GIVE_UP_SECONDS)
    outcome: dict[str, int] = {}
    for model in job_models():
        name = model._meta.label_lower
        dead = model.objects.filter(status=RUNNING, lease_expires_at__lt=now)
        # Pending again, its run lease kept: the give-up below counts from when its worker was lost.
        retry = list(dead.filter(attempts__lte=model.retries_when_lost).values_list("pk", flat=True))
        retried = dead.filter(pk__in=retry).update(status=PENDING, queued_at=None)
        for job in model.objects.filter(pk__in=retry, status=PENDING):
            try:
                job_publish(job=job, send=job.requeue, fail_when_down=False)
            except JobNotQueuedError:
                break  # the broker is down: the requeue below tries again in a later round
        lost = dead.update(**model.failed_fields(job_reason(WORKER_LOST)), lease_expires_at=None)
        stale = (
            model.objects.filter(status=PENDING, created_at__lt=give_up_before)
            .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=give_up_before))
            .update(**model.failed_fields(job_reason(NEVER_STARTED)), lease_expires_at=None)
        )
        requeued = 0
        for job in model.objects.filter(status=PENDING, created_at__lt=requeue_before).exclude(
            queued_at__gte=requeue_before
        ):
            try:
                job_publish(job=job, send=job.requeue, fail_when_down=False)
            except JobNotQueuedError:
                break  # the broker is down: the job stays pending for the next round
            requeued += 1
        for key, count in (("retried", retried), ("lost", lost), ("gave_up", stale), ("requeued", requeued)):
            if count:
                outcome[f"{name}.{key}"] = count
                logger.warning("Jobs %s: %s %s", name, key, count)
    return outcome
