"""Opening a cycle: one review per employee in scope, with its snapshot, in bulk (at once or in the
background), and adding the reviews still missing later."""

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from core.bulk import Rows, reserve_ids
from core.jobs import UNEXPECTED_ERROR, JobLease, job_claim, job_finish, job_publish, job_reason
from frameworks.selectors import expected_profiles_for
from people.models import Employee
from reviewcycle.figures import figures_changed
from reviewcycle.models import (
    CompetencyAssessment,
    CycleEvent,
    CycleOpening,
    IndicatorMark,
    Review,
    ReviewCycle,
    ReviewEvent,
)
from reviewcycle.services.cycles import (
    cycle_exclude,
    employees_in_scope,
    employees_to_review,
    lock_with_overlapping,
    refuse_overlap,
    require_hr_for,
)
from reviewcycle.signals import cycle_opened
from reviewcycle.workflow import due_date_for

BATCH_SIZE = 2000
logger = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


@transaction.atomic
def cycle_open(*, cycle: ReviewCycle, actor, progress: Progress | None = None) -> dict:
    """Open the cycle: one review per active employee in scope, with everything snapshotted, in bulk.

    All or nothing: one transaction. ``progress(done, total)`` is told after every batch.
    Employees without a manager get no review (reported); HR assigns one and opens again
    with ``cycle_add_missing``. Refused (``TransitionNotAllowed``, 409) while people in scope have a
    review in another open cycle for the same period and HR did not exclude them (``refuse_overlap``).
    """
    cycle = lock_with_overlapping(cycle)
    require_hr_for(actor, cycle.scope.all())
    if cycle.state != ReviewCycle.State.DRAFT:
        raise TransitionNotAllowed(_("This cycle is already open or closed."))
    refuse_overlap(cycle)
    cycle.open()
    cycle.save()
    report = _create_reviews(cycle, actor, progress)
    CycleEvent.record(cycle=cycle, actor=actor, kind=CycleEvent.Kind.OPENED, payload=report)
    cycle_opened.send(sender=ReviewCycle, cycle=cycle, actor=actor, reviews_created=report["created"])
    return report


def cycle_open_start(*, cycle: ReviewCycle, actor, exclude: Iterable[Employee] = ()) -> dict:
    """Open a small cycle at once; a large one in the background, its progress in ``cycle_open_progress``.

    ``exclude``: employees in scope who get no review in this cycle (``cycle_exclude``, audited) — for
    those another open cycle covers for the same period already; anyone left who is covered twice makes
    it a ``TransitionNotAllowed`` (409) naming them, and the exclusions are not kept then.

    Returns ``{"status": "done", "report": ...}`` (opened now) or ``{"status": "queued", "done": 0,
    "total": n}`` (a ``CycleOpening`` job was queued). Raises ``PermissionDenied`` (403) outside the
    actor's HR scope, ``TransitionNotAllowed`` (409) when the cycle is not a draft or is being opened
    already, and ``core.jobs.JobNotQueued`` (503) when the broker is down (the attempt is failed then,
    so HR can simply try again).
    """
    require_hr_for(actor, cycle.scope.all())
    if cycle.state != ReviewCycle.State.DRAFT:
        raise TransitionNotAllowed(_("This cycle is already open or closed."))
    with transaction.atomic():
        cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
        if cycle.state != ReviewCycle.State.DRAFT:  # opened by someone else since it was read
            raise TransitionNotAllowed(_("This cycle is already open or closed."))
        cycle_exclude(cycle=cycle, actor=actor, employees=exclude)
        refuse_overlap(cycle)
    total = employees_in_scope(cycle).exclude(pk__in=cycle.excluded.values("pk")).count()
    if total < settings.CYCLE_OPEN_IN_BACKGROUND_FROM:
        return {"status": "done", "report": cycle_open(cycle=cycle, actor=actor)}
    from reviewcycle.tasks import open_cycle_task

    try:
        with transaction.atomic():
            opening = CycleOpening.objects.create(cycle=cycle, requested_by=actor, total=total)
    except IntegrityError:  # cycleopening_one_active: an attempt waits or runs already
        raise TransitionNotAllowed(_opening_under_way(cycle)) from None
    job_publish(job=opening, send=lambda: open_cycle_task.delay(opening.pk))
    return {"status": "queued", "done": 0, "total": total}


def _opening_under_way(cycle: ReviewCycle) -> str:
    progress = cycle_open_progress(cycle=cycle)
    return _(
        "This cycle is being opened already (%(done)s of %(total)s reviews created); wait until it is done."
    ) % {"done": progress.get("done", 0), "total": progress.get("total", 0)}


class _OpeningLostError(Exception):
    """The sweeper failed this attempt while it ran (its lease ran out): roll the opening back."""


def cycle_open_in_background(*, opening_id: int) -> dict:
    """The worker's part of ``cycle_open_start``: claim the attempt, open while holding its lease and
    reporting progress, and finish it in the same transaction as the opening (all or nothing). A
    failure is kept on the attempt for HR to see; the cycle stays a draft."""
    if not job_claim(model=CycleOpening, pk=opening_id):
        return {"status": "skipped"}  # a redelivered or duplicate message: taken, done or failed already
    opening = CycleOpening.objects.select_related("cycle", "requested_by").get(pk=opening_id)
    try:
        with JobLease(model=CycleOpening, pk=opening.pk) as lease, transaction.atomic():
            report = cycle_open(
                cycle=opening.cycle,
                actor=opening.requested_by,
                progress=lambda done, total: lease.progress(done=done, total=total),
            )
            finished = job_finish(
                model=CycleOpening,
                pk=opening.pk,
                status=CycleOpening.Status.DONE,
                done=report["created"],
                finished_at=timezone.now(),
            )
            if not finished:
                raise _OpeningLostError
    except _OpeningLostError:
        return {"status": "lost"}
    except (ValidationError, PermissionDenied, TransitionNotAllowed) as error:
        _fail_opening(opening, " ".join(_messages_of(error)))
        return {"status": "failed"}
    except Exception:
        logger.exception("Opening cycle %s failed", opening.cycle_id)
        _fail_opening(opening, job_reason(UNEXPECTED_ERROR))
        raise
    return {"status": "done", "report": report}


def _fail_opening(opening: CycleOpening, reason: str) -> None:
    CycleOpening.objects.filter(pk=opening.pk, status=CycleOpening.Status.RUNNING).update(
        **CycleOpening.failed_fields(reason), lease_expires_at=None
    )


def cycle_open_progress(*, cycle: ReviewCycle) -> dict:
    """Where opening stands: ``idle`` (a draft), ``queued``, ``running`` (``done`` of ``total``),
    ``failed`` (``error``: why; the cycle is still a draft) or ``done`` (``report``).

    The attempt is read before the cycle's state, and that state afresh: the worker opens the cycle and
    finishes the attempt in one transaction, so a read in between the two cannot show a finished
    attempt on a cycle still read as a draft (it said ``idle`` then)."""
    opening = cycle.openings.order_by("-created_at", "-id").first()
    state = ReviewCycle.objects.filter(pk=cycle.pk).values_list("state", flat=True).first()
    if state != ReviewCycle.State.DRAFT:
        event = cycle.events.filter(action=CycleEvent.Kind.OPENED).order_by("-id").first()
        return {"status": "done", "report": event.payload if event else {}}
    if opening is None or opening.status == CycleOpening.Status.DONE:
        return {"status": "idle"}
    if opening.status == CycleOpening.Status.FAILED:
        return {"status": "failed", "error": opening.error}
    status = "queued" if opening.status == CycleOpening.Status.PENDING else "running"
    return {"status": status, "done": opening.done, "total": opening.total}


def _messages_of(error: Exception) -> list[str]:
    return [str(message) for message in getattr(error, "messages", [error])]


@transaction.atomic
def cycle_add_missing(*, cycle: ReviewCycle, actor, employee_ids: Iterable[int] | None = None) -> dict:
    """For an open cycle: reviews for employees in scope who have none yet (new hires, a manager assigned since).

    ``employee_ids``: only these (``services.individual``: the employees who just arrived), else
    everyone missing. Audited as one ``MISSING_ADDED`` event with the report. Raises
    ``PermissionDenied`` (403) outside the actor's HR scope (actor None: the system) and
    ``TransitionNotAllowed`` (409) for a cycle that is not open."""
    cycle = lock_with_overlapping(cycle)  # as opening: two cycles never add the same person at once
    require_hr_for(actor, cycle.scope.all())
    if cycle.state != ReviewCycle.State.OPEN:
        raise TransitionNotAllowed(_("Reviews can only be added to an open cycle."))
    report = _create_reviews(cycle, actor, skip_overlapping=True, only=employee_ids)
    CycleEvent.record(cycle=cycle, actor=actor, kind=CycleEvent.Kind.MISSING_ADDED, payload=report)
    return report


def _create_reviews(
    cycle: ReviewCycle,
    actor,
    progress: Progress | None = None,
    *,
    skip_overlapping: bool = False,
    only: Iterable[int] | None = None,
) -> dict:
    employees, without_manager = employees_to_review(cycle, skip_overlapping=skip_overlapping, only=only)
    profiles = expected_profiles_for(employees=employees, framework_version=cycle.framework_version)
    writer = _ReviewWriter(cycle, actor)
    for start in range(0, len(employees), BATCH_SIZE):
        writer.write(employees[start : start + BATCH_SIZE], profiles)
        if progress:
            progress(min(start + BATCH_SIZE, len(employees)), len(employees))
    # The reviews went in by COPY (no save said so), and the dashboard must show them at once.
    figures_changed(cycle_id=cycle.pk, at_once=True)
    return {
        "created": len(employees),
        "without_manager": [employee.employee_number for employee in without_manager],
        "without_expected_profile": [e.employee_number for e in employees if not profiles[e.pk]],
        "without_second_reviewer": [e.employee_number for e in employees if _second_reviewer_id(e) is None],
        "excluded": sorted(cycle.excluded.values_list("employee_number", flat=True)),
    }


def _second_reviewer_id(employee: Employee) -> int | None:
    """The manager's manager, unless that is the employee themselves or has left."""
    second = employee.manager.manager
    return second.pk if second is not None and second.pk != employee.pk and second.active else None


class _ReviewWriter:
    """Writes reviews with their snapshot (competencies, indicators) and first audit event, in bulk.

    Opening a cycle for a whole organisation writes about 20 rows per employee; they go in with
    ``COPY`` on PostgreSQL (``core.bulk``), the same rows as the model would write one by one.
    """

    def __init__(self, cycle: ReviewCycle, actor):
        self.cycle, self.actor = cycle, actor
        self.now = timezone.now()
        template = Review(cycle=cycle, state_changed_at=self.now)
        self.due_date = due_date_for(template)  # every new review is in planning: one due date
        # A cycle for individuals (start and probation): each review due on the employee's own dates.
        version = cycle.template_version
        self.individual = version if version is not None and version.is_for_individuals else None
        self.reviews = Rows(
            Review,
            [
                "id",
                "created_at",
                "updated_at",
                "cycle",
                "employee",
                "manager",
                "second_reviewer",
                "org_unit",
                "role_label",
                "due_date",
                "start_talk_due",
                "evaluation_due",
            ],
            template,
        )
        self.assessments = Rows(
            CompetencyAssessment,
            ["id", "review", "competency", "name", "definition", "expected_level", "level_summary", "order"],
            CompetencyAssessment(),
        )
        self.marks = Rows(IndicatorMark, ["assessment", "text", "is_next_level", "order"], IndicatorMark())
        self.events = Rows(
            ReviewEvent, ["review", "actor", "transition", "to_state", "created_at", "payload"], ReviewEvent()
        )

    def write(self, employees: list[Employee], profiles) -> None:
        now, state = self.now, Review.State.PLANNING
        review_ids = reserve_ids(Review, len(employees))
        labels = [_role_label(employee) for employee in employees]
        dates = [self._dates(employee) for employee in employees]
        self.reviews.write(
            (
                review_id,
                now,
                now,
                self.cycle.pk,
                e.pk,
                e.manager_id,
                _second_reviewer_id(e),
                e.org_unit_id,
                label,
                *dates_of,
            )
            for review_id, e, label, dates_of in zip(review_ids, employees, labels, dates, strict=True)
        )
        snapshot = [
            (review_id, order, expected)
            for review_id, employee in zip(review_ids, employees, strict=True)
            for order, expected in enumerate(profiles[employee.pk])
        ]
        assessment_ids = reserve_ids(CompetencyAssessment, len(snapshot))
        self.assessments.write(
            (
                assessment_id,
                review_id,
                expected.competency.pk,
                expected.competency.name,
                expected.competency.definition,
                expected.expected_level,
                expected.level_summary,
                order,
            )
            for assessment_id, (review_id, order, expected) in zip(assessment_ids, snapshot, strict=True)
        )
        self.marks.write(
            (assessment_id, indicator.text, is_next, order)
            for assessment_id, (_review, _order, expected) in zip(assessment_ids, snapshot, strict=True)
            for is_next, indicators in ((False, expected.indicators), (True, expected.next_level_indicators))
            for order, indicator in enumerate(indicators)
        )
        actor_id = self.actor.pk if self.actor else None
        self.events.write(
            (
                review_id,
                actor_id,
                ReviewEvent.Kind.OPENED,
                state,
                now,
                {"manager": e.manager_id, "second_reviewer": _second_reviewer_id(e), "role": label},
            )
            for review_id, e, label in zip(review_ids, employees, labels, strict=True)
        )

    def _dates(self, employee: Employee) -> tuple:
        """(due date, start talk due, evaluation due) of the new review: the cycle's, or on a cycle for
        individuals the employee's own (``CycleTemplateVersion.individual_due_dates``), read through the
        one rule (``deadlines.due_date_for``)."""
        if self.individual is None or employee.start_date is None:
            return self.due_date, None, None
        start_talk, evaluation = self.individual.individual_due_dates(
            start_date=employee.start_date, contract_end_date=employee.contract_end_date
        )
        review = Review(cycle=self.cycle, start_talk_due=start_talk, evaluation_due=evaluation)
        return due_date_for(review), start_talk, evaluation


def _role_label(employee: Employee) -> str:
    if employee.role_type_id:
        return employee.role_type.name
    if employee.job_profile_id:
        level = f", {employee.job_profile_level}" if employee.job_profile_level else ""
        return f"{employee.job_profile.title}{level}"
    return ""
