"""HR moves the due dates of an open cycle: the one thing of a running cycle's settings that may change."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from reviewcycle.models import CYCLE_SETTINGS, DUE_DATE_FIELDS, CycleEvent, Review, ReviewCycle
from reviewcycle.services.cycles import require_hr_for, validate_cycle
from reviewcycle.workflow import due_dates_from_cycle


@transaction.atomic
def cycle_change_due_dates(*, cycle: ReviewCycle, actor: User | None, **dates: datetime.date) -> ReviewCycle:
    """Move any of an open cycle's phase due dates (``DUE_DATE_FIELDS`` → ``datetime.date``).

    Every open review whose step is due on a moved date gets the new date at once
    (``workflow.due_dates_from_cycle``), so its overdue mark and its reminders follow (a reminder's key
    holds the due date: a moved date is reminded anew). Audited: one "Due dates moved" event with each
    changed date's old and new value. A date that did not change is accepted as it is.

    Raises ``PermissionDenied`` (403) for anyone but HR of every unit in the cycle's scope;
    ``TransitionNotAllowed`` (409) when the cycle is not open, or when another setting is given: the
    rules that decide a running review's outcome (weights, minimum period, scale, framework…) stay as the
    cycle opened with them; ``ValidationError`` (400, by field) for a moved date before today, or dates
    out of the phases' order.
    """
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    require_hr_for(actor, cycle.scope.all())
    if cycle.state != ReviewCycle.State.OPEN:
        raise TransitionNotAllowed(
            _("Only an open cycle's due dates are moved here; change a draft cycle as a whole.")
        )
    locked = sorted(set(dates) - set(DUE_DATE_FIELDS))
    if locked:
        unknown = set(locked) - set(CYCLE_SETTINGS)
        if unknown:
            raise ValueError(f"not a cycle setting: {sorted(unknown)}")
        raise TransitionNotAllowed(
            _(
                "An open cycle keeps the settings it opened with, except its due dates: %(fields)s cannot be "
                "changed now."
            )
            % {"fields": ", ".join(str(ReviewCycle._meta.get_field(name).verbose_name) for name in locked)}
        )
    changed = {
        name: (getattr(cycle, name), day) for name, day in dates.items() if getattr(cycle, name) != day
    }
    today = timezone.localdate()
    past = {
        name: _("Choose today or a later date: a due date in the past would make this step overdue at once.")
        for name, (_old, day) in changed.items()
        if day < today
    }
    if past:
        raise ValidationError(past)
    if not changed:
        return cycle
    for name, (_old, day) in changed.items():
        setattr(cycle, name, day)
    validate_cycle(cycle)
    for condition, day in due_dates_from_cycle(cycle):
        Review.objects.filter(condition, cycle=cycle).exclude(due_date=day).update(
            due_date=day, updated_at=timezone.now()
        )
    cycle.save(update_fields=[*changed, "updated_at"])  # after the reviews: the cycle's figures count anew
    CycleEvent.record(
        cycle=cycle,
        actor=actor,
        kind=CycleEvent.Kind.DUE_DATES_CHANGED,
        payload={
            "changed": {name: [old.isoformat(), day.isoformat()] for name, (old, day) in changed.items()}
        },
    )
    return cycle


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
