"""What each review state means for the people involved: who must act, by when, in which phase.

Defined once here and used by the API, the pages, the PDFs, the dashboard and the
reminder tasks.
"""

from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reviewcycle.conditions import (
    WITHIN_RESPONSE_TERM,
    may_still_object,
    signed_in_response,
)
from reviewcycle.deadlines import (  # noqa: F401 (read from here too)
    DEADLINES,
    INDIVIDUAL_DEADLINES,
    ON_CYCLE_DATES,
    CycleDate,
    ReviewDate,
    cycle_date_states,
    due_date_for,
    due_dates_from_cycle,
    is_individual,
)
from reviewcycle.models import Review
from reviewcycle.objection_status import (  # noqa: F401 (read from here too)
    ObjectionStatus,
    objection_decision_due,
    objection_q,
    objection_status,
)
from reviewcycle.rules import Role, objection_decider_role

State = Review.State

# Who must act next in each open state.
STATE_OWNER: dict[str, Role] = {
    State.PLANNING: Role.MANAGER,
    State.PLAN_SIGNOFF: Role.EMPLOYEE,
    State.IN_PROGRESS: Role.MANAGER,
    State.SELF_ASSESSMENT: Role.EMPLOYEE,
    State.SCORING: Role.MANAGER,
    State.APPRAISAL_TALK: Role.MANAGER,
    State.EMPLOYEE_RESPONSE: Role.EMPLOYEE,
    State.OBJECTION: Role.HR,
    State.SECOND_REVIEW: Role.SECOND_REVIEWER,
}

# The phases of the cycle, as HR reports on them.
PHASES = [
    ("planning", _("Planning"), [State.PLANNING, State.PLAN_SIGNOFF]),
    ("progress", _("Progress"), [State.IN_PROGRESS]),
    ("appraisal", _("Appraisal"), [State.SELF_ASSESSMENT, State.SCORING, State.APPRAISAL_TALK]),
    (
        "closing",
        _("Sign-off and second review"),
        [State.EMPLOYEE_RESPONSE, State.OBJECTION, State.SECOND_REVIEW],
    ),
    ("done", _("Done"), [State.FINAL, State.CANCELLED, State.EXEMPT]),
]
PHASE_OF_STATE = {state: key for key, _label, states in PHASES for state in states}
PHASE_LABEL = {key: label for key, label, _states in PHASES}

# What the one next action is, in words, per state: an instruction to the one who acts (imperative in
# Dutch, "Onderteken het plan"; a button says the same as an infinitive, "Plan ondertekenen").
NEXT_ACTION = {
    State.PLANNING: pgettext_lazy("next step", "Hold the planning talk and record the goals"),
    State.PLAN_SIGNOFF: pgettext_lazy("next step", "Sign the plan"),
    State.IN_PROGRESS: pgettext_lazy("next step", "Hold a progress talk, then start the appraisal"),
    State.SELF_ASSESSMENT: pgettext_lazy("next step", "Fill in the self-assessment"),
    State.SCORING: pgettext_lazy("next step", "Score the competencies and goals"),
    State.APPRAISAL_TALK: pgettext_lazy("next step", "Hold the appraisal talk"),
    State.EMPLOYEE_RESPONSE: pgettext_lazy("next step", "Sign the appraisal or object"),
    State.OBJECTION: pgettext_lazy("next step", "Decide on the objection"),
    State.SECOND_REVIEW: pgettext_lazy("next step", "Finalise the appraisal or return it"),
}
# On a regeling without a closing talk (Goede gesprekken) the talks themselves end the cycle.
NEXT_ACTION_WITHOUT_CLOSING_TALK = {
    State.IN_PROGRESS: pgettext_lazy("next step", "Hold the next talk, or complete the cycle of talks"),
}


# On a regeling that names its talks otherwise (``CycleTemplateVersion.talk_name``): the start talk and
# the evaluation on the employment period; development talks, where goals are optional, without scores.
NEXT_ACTION_ON_EMPLOYMENT = {
    State.PLANNING: pgettext_lazy("next step", "Hold the start talk"),
    State.IN_PROGRESS: pgettext_lazy("next step", "Start the evaluation"),
    State.APPRAISAL_TALK: pgettext_lazy("next step", "Hold the evaluation talk"),
}
# Where the regeling has no bedenkingen (``objection_route`` "none"), the employee only signs.
SIGN_ONLY = pgettext_lazy("next step", "Sign the appraisal")
SIGN_ONLY_ON_EMPLOYMENT = pgettext_lazy("next step", "Sign the evaluation")
NEXT_ACTION_WITHOUT_SCORES = {
    State.PLANNING: pgettext_lazy("next step", "Hold the first talk and record what you agree"),
}


def next_action(state: str, version=None):
    """The instruction to whoever acts next in ``state`` (None once done) on regeling ``version`` (a
    ``CycleTemplateVersion``; None: the default shape), naming the talks as the shape does."""
    if (
        version is not None
        and state == State.EMPLOYEE_RESPONSE
        and version.objection_route == version.ObjectionRoute.NONE
    ):
        return SIGN_ONLY_ON_EMPLOYMENT if version.is_for_individuals else SIGN_ONLY
    if version is not None and version.is_for_individuals and state in NEXT_ACTION_ON_EMPLOYMENT:
        return NEXT_ACTION_ON_EMPLOYMENT[state]
    if version is not None and not version.goals_required and state in NEXT_ACTION_WITHOUT_SCORES:
        return NEXT_ACTION_WITHOUT_SCORES[state]
    if version is not None and not version.has_appraisal_talk and state in NEXT_ACTION_WITHOUT_CLOSING_TALK:
        return NEXT_ACTION_WITHOUT_CLOSING_TALK[state]
    return NEXT_ACTION.get(state)


def _progress_phase_shown(version, progress_talks_held: int | None) -> bool:
    """Whether the progress phase is on the bar: on a shape that requires progress talks, or ends without
    a closing talk (its talks are the progress phase), or on a review that held one anyway."""
    return bool(version.min_progress_talks or not version.has_appraisal_talk or progress_talks_held)


def phases_for(version, *, progress_talks_held: int | None = None) -> list[tuple[str, str, list[str]]]:
    """The phases (``PHASES``) a cycle on regeling ``version`` has, named as its shape names them: without
    a planning talk no planning phase; without progress talks required (and, for one review, none held:
    ``progress_talks_held``) no progress phase, its waiting state counted with the appraisal; without
    self-assessment, scores or a closing talk no appraisal phase; without a closing talk no sign-off, and
    without a second reviewer a sign-off without "second review". On the employment period the phases
    are the start talk and the evaluation (``CycleTemplateVersion.talk_name``). Done is always there;
    every state is in exactly one phase (the dashboard's counts add up)."""
    has = {
        "planning": version.has_planning_talk,
        "progress": _progress_phase_shown(version, progress_talks_held),
        "appraisal": version.has_self_assessment or version.has_scores or version.has_appraisal_talk,
        "closing": version.has_appraisal_talk,
    }
    labels = {}
    if version.is_for_individuals:
        labels = {
            "planning": capfirst(version.talk_name("planning")),
            "appraisal": capfirst(version.talk_name("appraisal")),
        }
    if not version.has_second_review:
        labels["closing"] = _("Sign-off")
    phases = []
    for key, label, states in PHASES:
        if key == "appraisal" and not has["progress"]:
            states = [State.IN_PROGRESS, *states]
        if has.get(key, True):
            phases.append((key, labels.get(key, label), list(states)))
    return phases


def states_for(version) -> list[str]:
    """The states a review on regeling ``version`` can be in: those of its phases (``phases_for``) less
    the steps its shape leaves off the path (no self-assessment, no scores, no closing talk, no objection,
    no second reviewer). The review lists offer only these."""
    absent = {
        State.SELF_ASSESSMENT: not version.has_self_assessment,
        State.SCORING: not version.has_scores,
        State.APPRAISAL_TALK: not version.has_appraisal_talk,
        State.OBJECTION: version.objection_route == version.ObjectionRoute.NONE,
        State.SECOND_REVIEW: not version.has_second_review,
    }
    return [
        state
        for _key, _label, phase_states in phases_for(version)
        for state in phase_states
        if not absent.get(state, False)
    ]


# Which of the review's people holds each role; HR is nobody in particular (everyone with the unit in scope).
ROLE_FIELD: dict[Role, str] = {
    Role.EMPLOYEE: "employee",
    Role.MANAGER: "manager",
    Role.SECOND_REVIEWER: "second_reviewer",
}


def owner_role(state: str) -> Role | None:
    """The role that must act next in ``state`` (None once the review is done) on the default shape;
    ``owner_role_of`` says it for one review."""
    return STATE_OWNER.get(state)


def owner_role_of(review: Review) -> Role | None:
    """The role that must act next on ``review``: ``owner_role`` of its state, except that an objection
    is decided by whom its regeling says (``rules.objection_decider_role``), and that nobody must act
    while a "voor gezien" signature waits for the response term (the employee may still object)."""
    if review.state == State.OBJECTION:
        return objection_decider_role(review)
    if signed_in_response(review):
        return None
    return owner_role(review.state)


# Whose turn it is, in words (the lists' "whose turn" column).
ROLE_LABEL = {
    Role.EMPLOYEE: _("Employee"),
    Role.MANAGER: _("Manager"),
    Role.SECOND_REVIEWER: _("Second reviewer"),
    Role.HR: _("HR"),
    Role.COMMITTEE: _("Objection committee"),
}


def owner_label(review: Review) -> str:
    """Whose turn it is on ``review`` ("Manager", "Employee", …), or "" once done or nobody must act."""
    role = owner_role_of(review)
    return str(ROLE_LABEL[role]) if role else ""


def objection_decider(review: Review) -> str:
    """Who decides the review's objection, for people to read, as its regeling's route says
    (``rules.objection_decider_role``): the second reviewer as "Name (second reviewer)"; the committee
    by its group's name; else the HR advisers of the employee's unit (``hr_advisers_of``, without the
    review's own participants) as "Name (HR)", or plainly "HR"."""
    from people.selectors import hr_advisers_of, person_name

    role = objection_decider_role(review)
    if role == Role.SECOND_REVIEWER:
        return f"{review.second_reviewer.name} ({_('second reviewer')})"
    if role == Role.COMMITTEE:
        committee = review.cycle.template_version.objection_committee
        return committee.name if committee is not None else str(ROLE_LABEL[Role.COMMITTEE])

    participants = [
        person.user_id
        for person in (review.employee, review.manager, review.second_reviewer)
        if person and person.user_id
    ]
    advisers = hr_advisers_of(org_unit=review.org_unit, exclude_user_ids=participants)
    if not advisers:
        return str(_("HR"))
    return ", ".join(f"{person_name(user)} ({_('HR')})" for user in advisers)


def response_term_open(review: Review) -> bool:
    """Whether the employee may still respond: sign or object while awaiting their response within its term,
    or still object after signing *voor gezien* (the conditions of both steps, ``reviewcycle.conditions``)."""
    if review.state == State.EMPLOYEE_RESPONSE:
        return WITHIN_RESPONSE_TERM(review)
    return may_still_object(review)


def owner_of(review: Review):
    """The employee who must act next (for HR's turn, and once done: None, the whole HR scope acts)."""
    field = ROLE_FIELD.get(owner_role_of(review))
    return getattr(review, field) if field else None


def is_overdue(review: Review, today: date | None = None) -> bool:
    """An open review whose next step's due date has passed (the same rule as ``overdue_q``)."""
    return (
        review.is_open and review.due_date is not None and review.due_date < (today or timezone.localdate())
    )


def overdue_q(today: date | None = None) -> Q:
    """``is_overdue`` for querysets: lists, filters, counts and the dashboard."""
    return Q(state__in=Review.OPEN_STATES, due_date__lt=today or timezone.localdate())


# The deadline that closes each phase, as the timeline shows it (the rules above, per phase).
PHASE_DEADLINES = {
    "planning": DEADLINES[State.PLANNING],
    "progress": CycleDate("progress_due"),
    "appraisal": DEADLINES[State.APPRAISAL_TALK],
    "closing": DEADLINES[State.EMPLOYEE_RESPONSE],
}


def _phase_deadline(review: Review, key: str):
    if is_individual(review) and key in ("planning", "progress", "appraisal"):
        return ReviewDate("start_talk_due" if key == "planning" else "evaluation_due")
    return PHASE_DEADLINES[key]


# The states named after a talk: named as the review's regeling names that talk (``talk_name``).
TALK_OF_STATE = {State.PLANNING: "planning", State.APPRAISAL_TALK: "appraisal"}


def state_label(review: Review) -> str:
    """The review's state in words, a talk's state named as its regeling names the talk ("Startgesprek")."""
    version = review.cycle.template_version
    if review.state in TALK_OF_STATE and version is not None:
        return capfirst(version.talk_name(TALK_OF_STATE[review.state]))
    return str(review.get_state_display())


def phase_timeline(review: Review) -> list[dict]:
    """The phases of this review on its regeling (``phases_for``), where it stands, and the due dates of the
    current and later phases."""
    phases = phases_for(review.cycle.template_version, progress_talks_held=review.progress_talk_count)
    current = next(index for index, (_key, _label, states) in enumerate(phases) if review.state in states)
    return [
        {
            "key": key,
            "label": label,
            # A phase that is done has no due date any more: it would read as still pending.
            "due": _phase_deadline(review, key).for_review(review)
            if key in PHASE_DEADLINES and index >= current
            else None,
            "status": "done" if index < current else "current" if index == current else "todo",
        }
        for index, (key, label, _states) in enumerate(phases)
    ]
