"""One service per review transition. Each locks the review, checks that the step exists
from the current state (409), that the actor may take it (403) and that its conditions
hold (409, saying which), then runs the transition, records the event and announces it."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import TransitionNotAllowed

from frameworks.models import RatingOption
from reviewcycle import rules
from reviewcycle.models import CompetencyAssessment, Goal, GoalChange, ProgressTalk, Review, ReviewEvent
from reviewcycle.scoring import overall_proposal
from reviewcycle.services.errors import TransitionBlocked
from reviewcycle.signals import review_transitioned
from reviewcycle.workflow import due_date_for

State = Review.State
MAX_TEXT = 10_000

# HR for the unit who is also the review's manager or second reviewer, for every HR-only action.
HR_WITH_OWN_ROLE = gettext_lazy(
    "You hold another role in this review (manager or second reviewer), so you cannot take HR's steps on it: "
    "ask a colleague in HR."
)
HR_ONLY = (rules.is_hr_without_own_role, rules.is_hr_without_own_role_or_system)

# Lazy: made in the language of the request that is refused, not of the process that imported this.
PERMISSION_MESSAGES = {
    rules.is_manager: gettext_lazy("Only the employee's manager can take this step."),
    rules.is_manager_or_system: gettext_lazy("Only the employee's manager can take this step."),
    rules.is_reviewee: gettext_lazy("Only the employee can take this step."),
    rules.is_second_reviewer: gettext_lazy("Only the second reviewer can take this step."),
    rules.is_hr_for: gettext_lazy("Only HR for the employee's unit can take this step."),
    rules.is_hr_without_own_role: gettext_lazy("Only HR for the employee's unit can take this step."),
    rules.is_hr_without_own_role_or_system: gettext_lazy(
        "Only HR for the employee's unit can take this step."
    ),
    rules.is_system: gettext_lazy("The system takes this step when the term has passed."),
}

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
        .select_related("cycle", "employee", "manager", "second_reviewer", "overall_rating")
        .get(pk=review.pk)
    )


def transition_method(review: Review, name: str):
    method = getattr(review, name, None)
    if method is None or not hasattr(method, "_django_fsm"):
        raise ValueError(f"{name} is not a transition of Review")
    return method


def check_state_and_permission(review: Review, name: str, actor) -> None:
    """409 when the step does not exist from this state, 403 when it is not the actor's to take."""
    meta = transition_method(review, name)._django_fsm
    if not meta.has_transition(review.state):
        raise TransitionNotAllowed(
            _("This step is not possible now: the review is at “%(state)s”.")
            % {"state": review.get_state_display()}
        )
    if not meta.has_transition_perm(review, review.state, actor):
        permission = meta.get_transition(review.state).permission
        if permission in HR_ONLY and rules.is_hr_with_own_role(review, actor):
            raise PermissionDenied(str(HR_WITH_OWN_ROLE))
        raise PermissionDenied(str(PERMISSION_MESSAGES.get(permission, _("You may not take this step."))))


def check_transition(review: Review, name: str, actor) -> None:
    """Raise what the API answers: 409 not possible now, 403 not yours, 409 with the unmet conditions."""
    check_state_and_permission(review, name, actor)
    meta = transition_method(review, name)._django_fsm
    unmet = [condition for condition in meta.get_transition(review.state).conditions if not condition(review)]
    if unmet:
        raise TransitionBlocked(
            [message for condition in unmet for message in condition.messages(review)],
            [condition.field for condition in unmet for _message in condition.messages(review)],
        )


def unmet_conditions(review: Review, name: str) -> list[str]:
    meta = transition_method(review, name)._django_fsm
    transition = meta.get_transition(review.state)
    if transition is None:
        return []
    return [
        message
        for condition in transition.conditions
        if not condition(review)
        for message in condition.messages(review)
    ]


def _run(*, review: Review, name: str, actor, payload: dict | None = None, prepare=None, **kwargs) -> Review:
    review = lock_review(review)
    # Nothing the actor sends is stored before we know the step is possible and theirs.
    check_state_and_permission(review, name, actor)
    if prepare is not None:
        prepare(review)
    prefetch_related_objects([review], *REVIEW_PREFETCH)
    check_transition(review, name, actor)
    from_state = review.state
    transition_method(review, name)(**kwargs)
    if review.state != from_state:
        review.state_changed_at = timezone.now()
    review.due_date = due_date_for(review)
    review.save()
    ReviewEvent.record(
        review=review, actor=actor, kind=ReviewEvent.Kind(name), from_state=from_state, payload=payload or {}
    )
    review_transitioned.send(
        sender=Review, review=review, transition=name, actor=actor, from_state=from_state
    )
    return review


# --- input checks (400) ------------------------------------------------------------


def _text(value: str, field: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: _("At most %(max)s characters.") % {"max": MAX_TEXT}})
    return value


def _talk_date(review: Review, value: date, field: str = "talk_date") -> date:
    if value is None:
        raise ValidationError({field: _("This field is required.")})
    if value > timezone.localdate():
        raise ValidationError({field: _("A talk cannot be recorded before it took place.")})
    earliest = review.cycle.period_start - timedelta(days=92)
    if not earliest <= value <= review.cycle.period_end + timedelta(days=92):
        raise ValidationError(
            {
                field: _("The date lies outside the cycle's period (%(start)s – %(end)s).")
                % {"start": review.cycle.period_start, "end": review.cycle.period_end}
            }
        )
    return value


def _signature(value: str) -> str:
    if value not in (Review.Signature.SEEN, Review.Signature.AGREED):
        raise ValidationError({"signature": _("Sign as “seen” or as “agreed”.")})
    return value


def rating_option(review: Review, value, field: str) -> RatingOption | None:
    if value in (None, ""):
        return None
    option = review.cycle.rating_scale.options.filter(value=value).first()
    if option is None:
        raise ValidationError(
            {
                field: _("%(value)s is not a point on the scale %(scale)s.")
                % {"value": value, "scale": review.cycle.rating_scale.name}
            }
        )
    return option


# --- the transitions -----------------------------------------------------------------


@transaction.atomic
def review_record_planning_talk(*, review: Review, actor, talk_date: date) -> Review:
    return _run(
        review=review,
        name="record_planning_talk",
        actor=actor,
        prepare=lambda r: _talk_date(r, talk_date),
        payload={"talk_date": str(talk_date)},
        talk_date=talk_date,
    )


@transaction.atomic
def review_reopen_plan(*, review: Review, actor, reason: str) -> Review:
    reason = _text(reason, "reason")
    return _run(review=review, name="reopen_plan", actor=actor, payload={"reason": reason})


@transaction.atomic
def review_sign_plan(*, review: Review, actor, signature: str, response: str = "") -> Review:
    signature, response = _signature(signature), _text(response, "response", required=False)
    return _run(
        review=review,
        name="sign_plan",
        actor=actor,
        payload={"signature": signature, "response": response},
        signature=signature,
        response=response,
    )


GOAL_FIELDS = ("title", "description", "measure", "weight", "deadline")
DUPLICATE_TITLE = gettext_lazy(
    "This review already has a goal with this title. Choose another title or change that goal."
)


@transaction.atomic
def review_record_progress_talk(
    *, review: Review, actor, talk_date: date, notes: str, goal_changes: list[dict] | None = None
) -> Review:
    """Record a progress talk; goals may be adjusted in it (each change kept in the goal's history)."""
    notes = _text(notes, "notes")
    changes_made = []

    def prepare(locked: Review) -> None:
        _talk_date(locked, talk_date)
        talk = ProgressTalk.objects.create(review=locked, talk_date=talk_date, notes=notes, recorded_by=actor)
        goals = {goal.pk: goal for goal in locked.goals.all()}
        for change in goal_changes or []:
            goal = goals.get(change.get("id"))
            if goal is None:
                raise ValidationError(
                    {"goal_changes": _("Goal %(id)s is not part of this review.") % {"id": change.get("id")}}
                )
            diff = {}
            for field in GOAL_FIELDS:
                if field in change and change[field] != getattr(goal, field):
                    diff[field] = [_json(getattr(goal, field)), _json(change[field])]
                    setattr(goal, field, change[field])
            if change.get("withdraw") and goal.is_active:
                diff["status"] = [goal.status, Goal.Status.WITHDRAWN]
                goal.status = Goal.Status.WITHDRAWN
            if diff:
                goal.full_clean(exclude=["review", "self_rating", "rating"])
                if goal.title_taken():
                    raise ValidationError({"goal_changes": DUPLICATE_TITLE})
                goal.save()
                GoalChange.objects.create(goal=goal, changed_by=actor, progress_talk=talk, changes=diff)
                changes_made.append({"goal": goal.pk, "changes": diff})

    return _run(
        review=review,
        name="record_progress_talk",
        actor=actor,
        prepare=prepare,
        payload={"talk_date": str(talk_date), "goal_changes": changes_made},
    )


def _json(value):
    return value.isoformat() if isinstance(value, date) else value


@transaction.atomic
def review_start_appraisal(*, review: Review, actor) -> Review:
    return _run(review=review, name="start_appraisal", actor=actor)


@transaction.atomic
def review_submit_self_assessment(*, review: Review, actor, ratings: list[dict] | None = None) -> Review:
    """Submit the self-assessment; ``ratings`` may carry the last answers ({assessment|goal, rating, remark})."""

    snapshot = {}

    def prepare(locked: Review) -> None:
        _save_self_ratings(locked, ratings or [])
        snapshot.update(
            competencies={
                a.name: a.self_rating.label
                for a in locked.assessments.select_related("self_rating")
                if a.self_rating
            },
            goals={
                g.title: g.self_rating.label
                for g in locked.goals.select_related("self_rating")
                if g.self_rating
            },
        )

    return _run(review=review, name="submit_self_assessment", actor=actor, prepare=prepare, payload=snapshot)


def _save_self_ratings(review: Review, ratings: list[dict]) -> None:
    assessments = {item.pk: item for item in CompetencyAssessment.objects.filter(review=review)}
    goals = {goal.pk: goal for goal in Goal.objects.filter(review=review)}
    for entry in ratings:
        target = (
            assessments.get(entry.get("assessment"))
            if entry.get("assessment")
            else goals.get(entry.get("goal"))
        )
        if target is None:
            raise ValidationError(
                {"ratings": _("Item %(item)s is not part of this review.") % {"item": entry}}
            )
        target.self_rating = rating_option(review, entry.get("rating"), "ratings")
        target.self_remark = _text(entry.get("remark", ""), "ratings", required=False)
        target.save(update_fields=["self_rating", "self_remark"])


@transaction.atomic
def review_skip_self_assessment(*, review: Review, actor, reason: str) -> Review:
    reason = _text(reason, "reason")
    return _run(
        review=review, name="skip_self_assessment", actor=actor, payload={"reason": reason}, reason=reason
    )


@transaction.atomic
def review_submit_scores(*, review: Review, actor, overall_rating=None, override_reason: str = "") -> Review:
    """Submit the scores; the overall rating is the proposal unless the manager overrides it with a reason."""
    override_reason = _text(override_reason, "override_reason", required=False)
    snapshot = {}

    def prepare(locked: Review) -> None:
        prefetch_related_objects([locked], *REVIEW_PREFETCH)
        chosen = rating_option(locked, overall_rating, "overall_rating")
        proposal = overall_proposal(locked)
        if chosen is None and proposal is not None:
            chosen = locked.cycle.rating_scale.options.get(value=proposal.value)
        locked.overall_rating = chosen
        locked.overall_override_reason = (
            override_reason if proposal and chosen and chosen.value != proposal.value else ""
        )
        snapshot.update(
            overall=chosen.label if chosen else None,
            proposed=proposal.label if proposal else None,
            competencies={
                a.name: a.rating.label for a in locked.assessments.all() if a.in_focus and a.rating
            },
            goals={g.title: g.rating.label for g in locked.goals.all() if g.is_active and g.rating},
        )

    return _run(review=review, name="submit_scores", actor=actor, prepare=prepare, payload=snapshot)


@transaction.atomic
def review_record_appraisal_talk(*, review: Review, actor, talk_date: date, summary: str) -> Review:
    summary = _text(summary, "summary")
    return _run(
        review=review,
        name="record_appraisal_talk",
        actor=actor,
        prepare=lambda r: _talk_date(r, talk_date),
        payload={"talk_date": str(talk_date)},
        talk_date=talk_date,
        summary=summary,
    )


@transaction.atomic
def review_sign(*, review: Review, actor, signature: str, response: str = "") -> Review:
    signature, response = _signature(signature), _text(response, "response", required=False)
    return _run(
        review=review,
        name="sign",
        actor=actor,
        payload={"signature": signature, "response": response},
        signature=signature,
        response=response,
    )


@transaction.atomic
def review_object(*, review: Review, actor, grounds: str) -> Review:
    grounds = _text(grounds, "grounds")
    return _run(review=review, name="object", actor=actor, payload={"grounds": grounds}, grounds=grounds)


@transaction.atomic
def review_expire_response(*, review: Review, actor=None) -> Review:
    """Taken by the system (actor None) once the term has passed; any user is refused."""
    return _run(review=review, name="expire_response", actor=actor)


@transaction.atomic
def review_return_to_manager(*, review: Review, actor, reason: str) -> Review:
    reason = _text(reason, "reason")
    return _run(
        review=review, name="return_to_manager", actor=actor, payload={"reason": reason}, reason=reason
    )


@transaction.atomic
def review_finalise(*, review: Review, actor) -> Review:
    return _run(review=review, name="finalise", actor=actor)


@transaction.atomic
def review_decide_objection(*, review: Review, actor, decision: str, reason: str) -> Review:
    if decision not in Review.ObjectionDecision.values:
        raise ValidationError({"decision": _("Decide “upheld” or “rejected”.")})
    reason = _text(reason, "reason")
    return _run(
        review=review,
        name="decide_objection",
        actor=actor,
        payload={"decision": decision, "reason": reason},
        decision=decision,
        reason=reason,
    )


@transaction.atomic
def review_reopen(*, review: Review, actor, reason: str) -> Review:
    reason = _text(reason, "reason")
    return _run(review=review, name="reopen", actor=actor, payload={"reason": reason})


@transaction.atomic
def review_cancel(*, review: Review, actor, reason: str) -> Review:
    reason = _text(reason, "reason")
    return _run(review=review, name="cancel", actor=actor, payload={"reason": reason}, reason=reason)


@transaction.atomic
def review_exempt(*, review: Review, actor, reason: str) -> Review:
    reason = _text(reason, "reason")
    return _run(review=review, name="exempt", actor=actor, payload={"reason": reason}, reason=reason)


TRANSITION_SERVICES = {
    "record_planning_talk": review_record_planning_talk,
    "reopen_plan": review_reopen_plan,
    "sign_plan": review_sign_plan,
    "record_progress_talk": review_record_progress_talk,
    "start_appraisal": review_start_appraisal,
    "submit_self_assessment": review_submit_self_assessment,
    "skip_self_assessment": review_skip_self_assessment,
    "submit_scores": review_submit_scores,
    "record_appraisal_talk": review_record_appraisal_talk,
    "sign": review_sign,
    "object": review_object,
    "expire_response": review_expire_response,
    "return_to_manager": review_return_to_manager,
    "finalise": review_finalise,
    "decide_objection": review_decide_objection,
    "reopen": review_reopen,
    "cancel": review_cancel,
    "exempt": review_exempt,
}
