"""Taking a review step: lock the review, ask ``step_access.step_status`` whether the step is possible,
the actor's and unblocked, run the transition, record its event and announce it. The services in
``transitions`` each take their step through ``run_step``."""

from django.contrib.auth.models import AbstractBaseUser as User
from django.db.models import prefetch_related_objects
from django.utils import timezone

from reviewcycle import step_access, steps
from reviewcycle.models import ClosedRound, Review, ReviewEvent
from reviewcycle.services.cycle_dates import hold_cycle_dates
from reviewcycle.signals import review_transitioned
from reviewcycle.workflow import due_date_for

REVIEW_PREFETCH = [
    "cycle__rating_scale__options",
    "goals__rating",
    "goals__self_rating",
    "assessments__marks",
    "assessments__rating",
    "assessments__self_rating",
]


def lock_review(review: Review) -> Review:
    """The review, locked for this transaction, with what permissions and conditions read."""
    return (
        Review.objects.select_for_update(of=("self",))
        .select_related(
            "cycle__template_version__template", "employee", "manager", "second_reviewer", "overall_rating"
        )
        .get(pk=review.pk)
    )


def check_transition(review: Review, name: str, actor: User | None) -> None:
    """Raise what the API answers for step ``name``: ``TransitionNotAllowed`` (409) not possible now,
    ``PermissionDenied`` (403) not the actor's, ``TransitionBlocked`` (409) with the unmet conditions."""
    step_access.step_status(review, name, actor).raise_unless_allowed()


def unmet_conditions(review: Review, name: str) -> list[str]:
    """What keeps the system (no user) from taking step ``name`` now, in words, for the time-driven tasks;
    empty also when the step is not possible from this state or not the system's (``step_status`` says which)."""
    return list(step_access.step_status(review, name, None).blocked_by)


def run_step(
    *, review: Review, name: str, actor: User | None, payload=None, prepare=None, **kwargs
) -> Review:
    """Take step ``name`` (a ``steps.STEPS`` name) on ``review`` for ``actor`` (None: the system) with the
    transition's ``kwargs``; ``payload`` goes into the recorded event (a callable: called after the
    transition, for what ``prepare`` chose), ``prepare(locked_review)`` stores the
    input once the step is known to be possible and the actor's. Returns the saved review. Raises as the
    module docstring of ``transitions`` says: 409 not now or blocked, 403 not the actor's, and what
    ``prepare`` raises (400)."""
    hold_cycle_dates(review)
    review = lock_review(review)
    # Nothing the actor sends is stored before we know the step is possible and theirs.
    step_access.step_status(review, name, actor, conditions=False).raise_unless_allowed()
    if prepare is not None:
        prepare(review)
    prefetch_related_objects([review], *REVIEW_PREFETCH)
    check_transition(review, name, actor)
    from_state = review.state
    getattr(review, name)(**kwargs)
    if review.state != from_state:
        review.state_changed_at = timezone.now()
    review.due_date = due_date_for(review)
    review.save()
    event = ReviewEvent.record(
        review=review,
        actor=actor,
        kind=ReviewEvent.Kind(steps.get(name).event_kind),
        from_state=from_state,
        payload=(payload() if callable(payload) else payload) or {},
    )
    if event.closes_round:  # the manager scores again: the round's scores and talk are kept first
        ClosedRound.keep(review=review, closed_by=event)
    review_transitioned.send(
        sender=Review, review=review, transition=name, actor=actor, from_state=from_state
    )
    return review
