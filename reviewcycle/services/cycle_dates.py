"""HR moves the due dates of an open cycle and changes its response term: what of a running cycle's settings
may change (``OPEN_CYCLE_SETTINGS``)."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from reviewcycle.models import (
    CYCLE_SETTINGS,
    DUE_DATE_FIELDS,
    OPEN_CYCLE_SETTINGS,
    CycleEvent,
    Review,
    ReviewCycle,
)
from reviewcycle.services.cycles import require_hr_for, validate_cycle
from reviewcycle.workflow import due_date_for, due_dates_from_cycle

# Reviews written per UPDATE when running terms are lengthened (a large cycle's terms end in one week).
BULK_BATCH = 1000


@transaction.atomic
def cycle_change_due_dates(
    *, cycle: ReviewCycle, actor: User | None, **changes: datetime.date | int
) -> ReviewCycle:
    """Move any of an open cycle's phase due dates (``DUE_DATE_FIELDS`` → ``datetime.date``) and change its
    response term (``response_term_days``, 1–90 days): ``OPEN_CYCLE_SETTINGS``.

    Every open review whose step is due on a moved date gets the new date at once
    (``workflow.due_dates_from_cycle``), so its overdue mark and its reminders follow (a reminder's key
    holds the due date: a moved date is reminded anew). A new response term applies to every term that
    starts after it (the appraisal talks recorded from now on); a longer one also lengthens the terms that
    still run (``response_due`` today or later, awaiting the employee's response or in second review after
    *voor gezien*) from where they started, their due dates and reminders following; a term that ended
    stays ended, and a shorter term never shortens a running one (the employee was told its end).
    Audited: one "Due dates moved" event with each changed setting's old and new value (and how many running
    terms were lengthened). A setting that did not change is accepted as it is.

    Raises ``PermissionDenied`` (403) for anyone but HR of every unit in the cycle's scope;
    ``TransitionNotAllowed`` (409) when the cycle is not open, or when another setting is given: the
    rules that decide a running review's outcome (weights, minimum period, scale, framework…) stay as the
    cycle opened with them, and the message says so; ``ValidationError`` (400, by field) for a moved date
    before today, dates out of the phases' order, or a term outside 1–90 days.
    """
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    require_hr_for(actor, cycle.scope.all())
    if cycle.state != ReviewCycle.State.OPEN:
        raise TransitionNotAllowed(
            _("Only an open cycle's due dates are moved here; change a draft cycle as a whole.")
        )
    locked = sorted(set(changes) - set(OPEN_CYCLE_SETTINGS))
    if locked:
        unknown = set(locked) - set(CYCLE_SETTINGS)
        if unknown:
            raise ValueError(f"not a cycle setting: {sorted(unknown)}")
        raise TransitionNotAllowed(
            _(
                "An open cycle keeps the rules it opened with: changing %(fields)s now would change the outcome "
                "of running reviews. Only the due dates and the response term can change."
            )
            % {"fields": ", ".join(str(ReviewCycle._meta.get_field(name).verbose_name) for name in locked)}
        )
    changed = {
        name: (getattr(cycle, name), value)
        for name, value in changes.items()
        if getattr(cycle, name) != value
    }
    today = timezone.localdate()
    past = {
        name: _("Choose today or a later date: a due date in the past would make this step overdue at once.")
        for name, (_old, day) in changed.items()
        if name in DUE_DATE_FIELDS and day < today
    }
    if past:
        raise ValidationError(past)
    if not changed:
        return cycle
    for name, (_old, value) in changed.items():
        setattr(cycle, name, value)
    validate_cycle(cycle)
    for condition, day in due_dates_from_cycle(cycle):
        Review.objects.filter(condition, cycle=cycle).exclude(due_date=day).update(
            due_date=day, updated_at=timezone.now()
        )
    payload: dict = {"changed": {name: [_stored(old), _stored(new)] for name, (old, new) in changed.items()}}
    if "response_term_days" in changed:
        payload["terms_lengthened"] = _lengthen_running_terms(
            cycle, *changed["response_term_days"], today=today
        )
    cycle.save(update_fields=[*changed, "updated_at"])  # after the reviews: the cycle's figures count anew
    CycleEvent.record(cycle=cycle, actor=actor, kind=CycleEvent.Kind.DUE_DATES_CHANGED, payload=payload)
    return cycle


def _stored(value: datetime.date | int) -> str | int:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _lengthen_running_terms(cycle: ReviewCycle, old_days: int, new_days: int, *, today: datetime.date) -> int:
    """The running response terms of ``cycle`` (not ended: ``response_due`` today or later; awaiting the
    employee's response, or in second review after *voor gezien*, when the employee may still object) run
    ``new_days`` from where they started, when that is longer; each review's due date follows
    (``deadlines.due_date_for``). Returns how many were lengthened."""
    if new_days <= old_days:
        return 0
    running = Review.objects.filter(cycle=cycle, response_due__gte=today).filter(
        Q(state=Review.State.EMPLOYEE_RESPONSE)
        | Q(state=Review.State.SECOND_REVIEW, signature=Review.Signature.SEEN)
    )
    reviews = list(
        running.only(
            "id", "state", "state_changed_at", "signature", "signed_at", "objected_at", "response_due"
        )
    )
    now = timezone.now()
    for review in reviews:
        review.cycle = cycle  # its new term
        review.response_due += datetime.timedelta(days=new_days - old_days)
        review.due_date = due_date_for(review)
        review.updated_at = now
    Review.objects.bulk_update(reviews, ["response_due", "due_date", "updated_at"], batch_size=BULK_BATCH)
    return len(reviews)


def hold_cycle_dates(review: Review) -> None:
    """Keep the review's cycle from changing its dates until this transaction ends (PostgreSQL: FOR KEY
    SHARE on the cycle row, before the review's own lock, the order ``cycle_change_due_dates`` locks in).
    A step writes ``due_date_for`` from the cycle's dates: without this, a step that read the cycle just
    before HR's move committed kept the old date for good. Steps of one cycle do not wait for each other
    (KEY SHARE locks share), only for a move, a change or a closing of the cycle (FOR UPDATE)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {ReviewCycle._meta.db_table} WHERE id = %s FOR KEY SHARE", [review.cycle_id]
            )
