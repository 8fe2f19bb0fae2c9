"""One service per review step (declared in ``reviewcycle.steps``). Each locks the review and asks
``step_access.step_status`` whether the step exists from the current state (409), is the actor's to take
(403) and has its conditions met (409, saying which); then it runs the transition, records the
event and announces it.

Every service here takes keyword arguments only and returns the review. Errors, as the API and the
page answer them: ``TransitionNotAllowed`` → 409 (not possible now, or ``TransitionBlocked`` naming
the unmet conditions), ``PermissionDenied`` → 403 (not the actor's step), ``ValidationError`` → 400
(the input, by field), ``ConcurrentTransition`` → 409 (someone else moved the review meanwhile)."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from reviewcycle import talk_reports
from reviewcycle.goals import apply_goal_changes, weights_problem
from reviewcycle.models import Goal, GoalChange, ProgressTalk, Review
from reviewcycle.scoring import MIN_JUSTIFICATION_LENGTH, overall_proposal
from reviewcycle.services import consequences as consequence_rules
from reviewcycle.services.errors import TransitionBlocked
from reviewcycle.services.inputs import (
    DUPLICATE_TITLE,
    NAMED_TWICE,
    clean_advice,
    clean_signature,
    clean_talk_date,
    clean_text,
    rating_option,
)
from reviewcycle.services.inputs import MAX_TEXT as MAX_TEXT
from reviewcycle.services.self_ratings import save_self_ratings
from reviewcycle.services.stepping import REVIEW_PREFETCH, run_step
from reviewcycle.services.stepping import check_transition as check_transition
from reviewcycle.services.stepping import lock_review as lock_review
from reviewcycle.services.stepping import unmet_conditions as unmet_conditions
from reviewcycle.steps import HR_WITH_OWN_ROLE as HR_WITH_OWN_ROLE

State = Review.State
_run = run_step

# --- the transitions -----------------------------------------------------------------


@transaction.atomic
def review_record_planning_talk(*, review: Review, actor: User, talk_date: date) -> Review:
    """The manager records the planning talk held on ``talk_date`` (not in the future, near the cycle's
    period); the plan goes to the employee to sign. 409 without a goal or when the goal weights are
    neither all empty nor 100 in total."""
    return _run(
        review=review,
        name="record_planning_talk",
        actor=actor,
        prepare=lambda r: clean_talk_date(r, talk_date),
        payload={"talk_date": str(talk_date)},
        talk_date=talk_date,
    )


@transaction.atomic
def review_reopen_plan(*, review: Review, actor: User, reason: str) -> Review:
    """The manager takes the plan back from the employee's signature to planning; ``reason`` is required."""
    reason = clean_text(reason, "reason")
    return _run(review=review, name="reopen_plan", actor=actor, payload={"reason": reason})


@transaction.atomic
def review_sign_plan(*, review: Review, actor: User, signature: str, response: str = "") -> Review:
    """The employee signs the plan ``signature`` "seen" or "agreed", with an optional written ``response``."""
    signature, response = clean_signature(signature, review), clean_text(response, "response", required=False)
    return _run(
        review=review,
        name="sign_plan",
        actor=actor,
        payload={"signature": signature, "response": response},
        signature=signature,
        response=response,
    )


GOAL_FIELDS = ("title", "description", "measure", "weight", "deadline")


@transaction.atomic
def review_record_progress_talk(
    *, review: Review, actor: User, talk_date: date, notes: str, goal_changes: list[dict] | None = None
) -> Review:
    """Record a progress talk (``talk_date`` not in the future, ``notes`` required); goals may be adjusted
    in it: ``goal_changes`` is a list of ``{"id": goal id, title / description / measure / weight /
    deadline: new value, "withdraw": True}``, each change kept in the goal's history.

    A change of weights or a withdrawal must leave weights that keep the goal-weight rule
    (``TransitionBlocked``, 409, naming it, field ``goals``); nothing is stored then. Also 400 for a
    bad field, 403 for anyone but the manager, 409 outside ``in_progress``.
    """
    notes = clean_text(notes, "notes")
    changes_made = []

    def prepare(locked: Review) -> None:
        clean_talk_date(locked, talk_date, talk="progress")
        talk = ProgressTalk.objects.create(review=locked, talk_date=talk_date, notes=notes, recorded_by=actor)
        goals = {goal.pk: goal for goal in locked.goals.all()}
        named = [change.get("id") for change in goal_changes or []]
        if len(named) != len(set(named)):
            raise ValidationError({"goal_changes": NAMED_TWICE})
        for change in goal_changes or []:
            goal = goals.get(change.get("id"))
            if goal is None:
                raise ValidationError(
                    {"goal_changes": _("Goal %(id)s is not part of this review.") % {"id": change.get("id")}}
                )
            fields = {field: change[field] for field in GOAL_FIELDS if field in change}
            if change.get("withdraw") and goal.is_active:
                fields["status"] = Goal.Status.WITHDRAWN
            diff = apply_goal_changes(goal, fields)
            if diff:
                goal.full_clean(exclude=["review", "self_rating", "rating"])
                if goal.title_taken():
                    raise ValidationError({"goal_changes": DUPLICATE_TITLE})
                goal.save()
                GoalChange.objects.create(goal=goal, changed_by=actor, progress_talk=talk, changes=diff)
                changes_made.append({"goal": goal.pk, "changes": diff})
        if any("weight" in made["changes"] or "status" in made["changes"] for made in changes_made):
            problem = weights_problem([goal.weight for goal in goals.values() if goal.is_active])
            if problem is not None:
                raise TransitionBlocked([problem], ["goals"])

    return _run(
        review=review,
        name="record_progress_talk",
        actor=actor,
        prepare=prepare,
        payload={"talk_date": str(talk_date), "goal_changes": changes_made},
    )


@transaction.atomic
def review_acknowledge_talk(*, review: Review, actor: User, occurrence: int | None = None) -> Review:
    """The employee signs the report of a progress talk *voor gezien* on a regeling that asks for it
    (``CycleTemplateVersion.talk_reports_signed``; the rule in ``reviewcycle.talk_reports``).

    ``occurrence``: which progress talk (1 for the first recorded); None signs the oldest unsigned one.
    The talk is marked (``ProgressTalk.acknowledged_at``/``acknowledged_by``) and the event
    ``acknowledge_talk`` records ``{"talk": "progress", "occurrence": n, "talk_date": …}``.
    Errors: 403 for anyone but the employee; 409 outside ``in_progress``, on a regeling whose reports are
    not signed or with no unsigned report left; 400 (``occurrence``) for a talk not recorded or already
    signed."""
    chosen = {}

    def prepare(locked: Review) -> None:
        unsigned = talk_reports.reports_to_sign(locked)
        if occurrence is None:
            chosen["report"] = unsigned[0] if unsigned else None
            return
        chosen["report"] = next((r for r in unsigned if r.occurrence == occurrence), None)
        if chosen["report"] is None and talk_reports.signs_reports(locked):
            raise ValidationError(
                {"occurrence": _("Progress talk %(number)s has no report to sign.") % {"number": occurrence}}
            )

    def payload() -> dict:
        report = chosen.get("report")
        if report is None:
            return {}
        return {"talk": "progress", "occurrence": report.occurrence, "talk_date": str(report.talk_date)}

    review = _run(review=review, name="acknowledge_talk", actor=actor, prepare=prepare, payload=payload)
    # Marked after the step (its conditions asked for a report still to sign), on the loaded row too.
    talk = next(talk for talk in review.progress_talks.all() if talk.pk == chosen["report"].id)
    talk.acknowledged_at, talk.acknowledged_by = timezone.now(), actor
    talk.save(update_fields=["acknowledged_at", "acknowledged_by", "updated_at"])
    return review


@transaction.atomic
def review_start_appraisal(*, review: Review, actor: User | None) -> Review:
    """The manager (or the system, ``actor`` None) starts the appraisal: 409 before enough progress talks
    or before the minimum review period has passed."""
    return _run(review=review, name="start_appraisal", actor=actor)


@transaction.atomic
def review_complete_talks(*, review: Review, actor: User) -> Review:
    """The manager completes a cycle without a closing talk (a regeling such as *Goede gesprekken*) once
    the progress talks it requires are recorded: the review is final. 409 on a regeling with a closing
    talk or before enough talks; 403 for anyone but the manager."""
    return _run(review=review, name="complete_talks", actor=actor)


@transaction.atomic
def review_submit_self_assessment(
    *, review: Review, actor: User, ratings: list[dict] | None = None
) -> Review:
    """The employee submits the self-assessment; ``ratings`` may carry the last answers, each
    ``{"assessment" or "goal": id, "rating": scale value, "remark"?: str}``. 409 while one is missing."""

    snapshot = {}

    def prepare(locked: Review) -> None:
        save_self_ratings(locked, ratings or [])
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


@transaction.atomic
def review_skip_self_assessment(*, review: Review, actor: User, reason: str) -> Review:
    """The manager skips an overdue self-assessment (409 before its due date); ``reason`` is required."""
    reason = clean_text(reason, "reason")
    return _run(
        review=review, name="skip_self_assessment", actor=actor, payload={"reason": reason}, reason=reason
    )


@transaction.atomic
def review_submit_scores(
    *,
    review: Review,
    actor: User,
    overall_rating: int | None = None,
    override_reason: str = "",
    consequences: list[dict] | None = None,
    consequences_reason: str = "",
) -> Review:
    """The manager submits the scores; the overall rating (a scale value) is the proposal unless the
    manager overrides it with ``override_reason``. 409 while a score or justification is missing. With
    them, the consequences (``services.consequences.consequences_propose``; 400 on their reason)."""
    override_reason = clean_text(override_reason, "override_reason", required=False)
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
        consequence_rules.consequences_propose(
            review=locked, actor=actor, consequences=consequences, reason=consequences_reason
        )

    return _run(review=review, name="submit_scores", actor=actor, prepare=prepare, payload=snapshot)


@transaction.atomic
def review_record_appraisal_talk(
    *,
    review: Review,
    actor: User,
    talk_date: date,
    summary: str,
    advice: str = "",
    advice_explanation: str = "",
) -> Review:
    """The manager records the appraisal talk (``talk_date``, a ``summary``); the employee's response term
    starts. On a regeling with an advice on the contract (``has_advice``: probation) the manager gives it
    here: ``advice`` (``Review.ContractAdvice``) required, ``advice_explanation`` optional; elsewhere both
    are refused (400 on ``advice``). The advice goes into the event too."""
    summary = clean_text(summary, "summary")
    given = {}  # the advice, checked once the step is known to be possible and the actor's

    def prepare(locked: Review) -> None:
        clean_talk_date(locked, talk_date, talk="appraisal")
        given.update(clean_advice(locked, advice, advice_explanation))
        locked.contract_advice = given.get("advice", "")
        locked.contract_advice_explanation = given.get("advice_explanation", "")

    payload = lambda: {"talk_date": str(talk_date), **given}  # noqa: E731 (read after ``prepare``)
    return _run(
        review=review,
        name="record_appraisal_talk",
        actor=actor,
        prepare=prepare,
        payload=payload,
        talk_date=talk_date,
        summary=summary,
    )


@transaction.atomic
def review_sign(*, review: Review, actor: User, signature: str, response: str = "") -> Review:
    """The employee signs the appraisal "seen" or "agreed" within the response term, optionally responding."""
    signature, response = clean_signature(signature, review), clean_text(response, "response", required=False)
    return _run(
        review=review,
        name="sign",
        actor=actor,
        payload={"signature": signature, "response": response},
        signature=signature,
        response=response,
    )


@transaction.atomic
def review_object(*, review: Review, actor: User, grounds: str) -> Review:
    """The employee objects to the appraisal within the response term, giving ``grounds``: unsigned (in
    employee response), or after signing "voor gezien" (in second review, no objection since signing).
    409 after the term, after signing "voor akkoord", or once an objection was decided; 403 for anyone else."""
    grounds = clean_text(grounds, "grounds")
    return _run(review=review, name="object", actor=actor, payload={"grounds": grounds}, grounds=grounds)


@transaction.atomic
def review_expire_response(*, review: Review, actor: User | None = None) -> Review:
    """Taken by the system (``actor`` None) once the response term has passed; any user is refused (403)."""
    return _run(review=review, name="expire_response", actor=actor)


@transaction.atomic
def review_return_to_manager(*, review: Review, actor: User, reason: str) -> Review:
    """The second reviewer returns the appraisal to the manager for scoring again, giving ``reason``."""
    reason = clean_text(reason, "reason")
    return _run(
        review=review, name="return_to_manager", actor=actor, payload={"reason": reason}, reason=reason
    )


@transaction.atomic
def review_finalise(*, review: Review, actor: User) -> Review:
    """The second reviewer makes the appraisal final. 409 while an employee who signed "voor gezien" may
    still object (until the response term ends, ``conditions.OBJECTION_TERM_OVER``); 403 for anyone else.
    Confirms the proposed consequences (``services.consequences.consequences_confirm``)."""
    confirm = consequence_rules.consequences_confirm
    return _run(review=review, name="finalise", actor=actor, prepare=lambda r: confirm(review=r, actor=actor))


@transaction.atomic
def review_decide_objection(
    *, review: Review, actor: User, decision: str, reason: str, consequences: list[dict] | None = None
) -> Review:
    """Whoever the regeling's route names (``rules.may_decide_objection``: HR without another role in the
    review, the second reviewer, or a member of the objection committee) decides an objection:
    ``decision`` "upheld" (back to the manager's scoring) or "rejected" (on as after the employee's
    response), with its ``reason`` (at least
    ``MIN_JUSTIFICATION_LENGTH`` characters: the employee reads it). ``ValidationError`` (400) on
    ``decision`` or ``reason``; not the deciding party 403; not in objection 409. Upheld, it may change the
    ``consequences`` (``services.consequences.consequences_change_on_objection``; 400 when rejected)."""
    if decision not in Review.ObjectionDecision.values:
        raise ValidationError({"decision": _("Decide “upheld” or “rejected”.")})
    reason = clean_text(reason, "reason", min_length=MIN_JUSTIFICATION_LENGTH)
    change = consequence_rules.consequences_change_on_objection
    return _run(
        review=review,
        name="decide_objection",
        actor=actor,
        prepare=lambda r: change(
            review=r, actor=actor, consequences=consequences, decision=decision, reason=reason
        ),
        payload={"decision": decision, "reason": reason},
        decision=decision,
        reason=reason,
    )


@transaction.atomic
def review_reopen(*, review: Review, actor: User, reason: str) -> Review:
    """HR (without another role in the review) reopens a final appraisal for scoring, giving ``reason``."""
    reason = clean_text(reason, "reason")
    return _run(review=review, name="reopen", actor=actor, payload={"reason": reason})


@transaction.atomic
def review_cancel(*, review: Review, actor: User | None, reason: str) -> Review:
    """HR (without another role in the review), or the system for a leaver, cancels an open review."""
    reason = clean_text(reason, "reason")
    return _run(review=review, name="cancel", actor=actor, payload={"reason": reason}, reason=reason)


@transaction.atomic
def review_exempt(*, review: Review, actor: User, reason: str) -> Review:
    """HR (without another role in the review) exempts the employee from the cycle, giving ``reason``."""
    reason = clean_text(reason, "reason")
    return _run(review=review, name="exempt", actor=actor, payload={"reason": reason}, reason=reason)
