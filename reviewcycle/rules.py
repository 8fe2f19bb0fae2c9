"""Who may act on a review, as ``(review, user) -> bool`` predicates.

They feed ``@transition(permission=…)``, the API's permission checks and the buttons a
page shows. Nobody acts on their own review in any role but the employee's.

The second half says who may edit what of a review, and in which states (the state lists live only
here): the services enforce these rules and the pages show or hide their forms by the same ones, so a
page never offers what the service refuses.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from people.selectors import can_import_frameworks, hr_org_units, hr_sees_whole_organisation, is_hr
from reviewcycle.goals import weights_problem
from reviewcycle.rated import manager_scores_released


class Role(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    SECOND_REVIEWER = "second_reviewer"
    HR = "hr"
    COMMITTEE = "committee"  # a member of the regeling's objection committee (``objection_decider_role``)


def _user_id(user) -> int | None:
    return user.pk if user is not None and getattr(user, "is_authenticated", False) else None


def _employee_user_id(employee) -> int | None:
    return employee.user_id if employee is not None else None


def is_reviewee(review, user) -> bool:
    uid = _user_id(user)
    return uid is not None and review.employee.user_id == uid


def is_manager(review, user) -> bool:
    uid = _user_id(user)
    return uid is not None and _employee_user_id(review.manager) == uid and not is_reviewee(review, user)


def is_second_reviewer(review, user) -> bool:
    uid = _user_id(user)
    return (
        uid is not None and _employee_user_id(review.second_reviewer) == uid and not is_reviewee(review, user)
    )


def is_hr_for(review, user) -> bool:
    """HR whose scope covers the employee's unit (never for their own review)."""
    if _user_id(user) is None or is_reviewee(review, user):
        return False
    if hr_sees_whole_organisation(user=user):
        return True
    # Once per user object (a list asks for every row): the units, empty for anyone who is not HR.
    cache = getattr(user, "_hr_unit_ids", None)
    if cache is None:
        cache = user._hr_unit_ids = set(hr_org_units(user=user).values_list("id", flat=True))
    return review.employee.org_unit_id in cache


def is_hr_without_own_role(review, user) -> bool:
    """HR for the employee's unit who holds no other role on this review: not its employee, manager or
    second reviewer. The one rule for every HR-only action on a review (cancel, exempt, reopen, decide
    an objection, reassign, name a second reviewer, re-baseline): HR who takes part in a review (the
    people import may legitimately make them someone's manager) does not also steer or close it; a
    colleague in HR does."""
    return is_hr_for(review, user) and not is_manager(review, user) and not is_second_reviewer(review, user)


def is_hr_with_own_role(review, user) -> bool:
    """HR for the employee's unit who is refused an HR-only action because they hold another role here."""
    return is_hr_for(review, user) and not is_hr_without_own_role(review, user)


def is_committee_member(review, user) -> bool:
    """A member of the objection committee of the review's regeling (route "committee"), who holds no other
    role on the review: not its employee, manager or second reviewer (they are heard, they do not decide)."""
    uid = _user_id(user)
    version = review.cycle.template_version
    if uid is None or version.objection_route != version.ObjectionRoute.COMMITTEE:
        return False
    if version.objection_committee_id is None or is_reviewee(review, user):
        return False
    if is_manager(review, user) or is_second_reviewer(review, user):
        return False
    cache = getattr(user, "_group_ids", None)
    if cache is None:
        cache = user._group_ids = set(user.groups.values_list("id", flat=True))
    return version.objection_committee_id in cache


def objection_decider_role(review) -> Role:
    """Who decides an objection on ``review``, as its regeling's route says: HR, the second reviewer
    (HR when the review has none named, as in second review) or the objection committee."""
    version = review.cycle.template_version
    route = version.objection_route
    if route == version.ObjectionRoute.SECOND_REVIEWER and review.second_reviewer_id is not None:
        return Role.SECOND_REVIEWER
    if route == version.ObjectionRoute.COMMITTEE:
        return Role.COMMITTEE
    return Role.HR


def may_decide_objection(review, user) -> bool:
    """The one rule for deciding an objection (the step, the page, the API, the work lists and the
    notifications follow it): the party ``objection_decider_role`` names; HR only without another role
    on the review (``is_hr_without_own_role``)."""
    check = {
        Role.HR: is_hr_without_own_role,
        Role.SECOND_REVIEWER: is_second_reviewer,
        Role.COMMITTEE: is_committee_member,
    }[objection_decider_role(review)]
    return check(review, user)


def is_system(review, user) -> bool:
    """Time-driven transitions run by beat, with no user."""
    return user is None


def is_manager_or_system(review, user) -> bool:
    return is_system(review, user) or is_manager(review, user)


def is_hr_without_own_role_or_system(review, user) -> bool:
    """HR without another role on the review, or the system acting on an HR data feed (a leaver's
    review is cancelled)."""
    return is_system(review, user) or is_hr_without_own_role(review, user)


def roles_of(review, user) -> set[Role]:
    """The roles ``user`` holds on this review; on their own review only the employee's."""
    if is_reviewee(review, user):
        return {Role.EMPLOYEE}
    checks = {
        Role.MANAGER: is_manager,
        Role.SECOND_REVIEWER: is_second_reviewer,
        Role.HR: is_hr_for,
        Role.COMMITTEE: is_committee_member,
    }
    return {role for role, check in checks.items() if check(review, user)}


def can_see_manager_scores(review, user) -> bool:
    """The employee sees the manager's scores once they are submitted (from the appraisal talk on)."""
    if not is_reviewee(review, user):
        return True
    return manager_scores_released(review)


# --- who may edit what, and when ---------------------------------------------------------------
# (``review.State`` rather than an import: the models import this module for their transitions.)


@dataclass(frozen=True)
class Refusal:
    """Why an edit is refused: ``forbidden`` when it is not this user's to make (403), else not now (409)."""

    message: str
    forbidden: bool

    def raise_error(self) -> NoReturn:
        """Raise ``PermissionDenied`` (403) or ``TransitionNotAllowed`` (409) with the message."""
        if self.forbidden:
            raise PermissionDenied(self.message)
        raise TransitionNotAllowed(self.message)


def _forbidden(what: str) -> Refusal:
    return Refusal(_("You may not change %(what)s of this review.") % {"what": what}, forbidden=True)


def _not_now(review, what: str) -> Refusal:
    return Refusal(
        capfirst(
            _("%(what)s cannot be changed now: the review is at “%(state)s”.")
            % {"what": what, "state": review.get_state_display()}
        ),
        forbidden=False,
    )


def _refusal(review, user, *, what: str, editors, states) -> Refusal | None:
    """Not one of ``editors`` → forbidden; not in one of ``states`` → not now; else None."""
    if not any(editor(review, user) for editor in editors):
        return _forbidden(what)
    if review.state not in states:
        return _not_now(review, what)
    return None


def returned_by_second_reviewer(review) -> bool:
    """In scoring because the second reviewer returned the appraisal (not after an objection or a reopen)."""
    if review.state != review.State.SCORING or not review.return_reason:
        return False
    entered_scoring = (
        review.events.filter(to_state=review.State.SCORING)
        .exclude(from_state=review.State.SCORING)
        .order_by("-id")
        .values_list("transition", flat=True)
        .first()
    )
    return entered_scoring == "return_to_manager"


def goals_in_correction(review) -> bool:
    """In scoring, the manager may correct the goals (titles, measures, weights) when the second reviewer
    returned the appraisal, or when the goals' weights break the weight rule (which blocks submitting)."""
    if review.state != review.State.SCORING:
        return False
    if returned_by_second_reviewer(review):
        return True
    return (
        weights_problem(list(review.goals.filter(status="active").values_list("weight", flat=True)))
        is not None
    )


def goals_are_drafts(review) -> bool:
    """In planning the goals are drafts: no history is kept and the weights may be incomplete (the
    planning talk's condition checks them). After planning every change is kept and keeps the weight rule."""
    return review.state == review.State.PLANNING


def add_goals_refusal(review, user) -> Refusal | None:
    """Goals are added in planning, by the manager or proposed by the employee."""
    return _refusal(
        review, user, what=_("the goals"), editors=(is_manager, is_reviewee), states={review.State.PLANNING}
    )


def edit_goals_refusal(review, user) -> Refusal | None:
    """Goals are drafted in planning (manager or employee); after the planning talk they change in a progress
    talk (with history), or, by the manager, as a correction in scoring (``goals_in_correction``)."""
    may_draft = is_manager(review, user) or is_reviewee(review, user)
    if review.state == review.State.SCORING and may_draft and goals_in_correction(review):
        return None if is_manager(review, user) else _forbidden(_("the goals"))
    return add_goals_refusal(review, user)


def set_focus_refusal(review, user) -> Refusal | None:
    """The manager decides the competencies in focus, in planning."""
    return _refusal(
        review,
        user,
        what=_("the competencies in focus"),
        editors=(is_manager,),
        states={review.State.PLANNING},
    )


def edit_development_plan_refusal(review, user) -> Refusal | None:
    """Manager and employee keep the development plan (POP) while the review is open, except during an
    objection: that freezes the record HR decides on."""
    state = review.State
    states = {
        state.PLANNING,
        state.PLAN_SIGNOFF,
        state.IN_PROGRESS,
        state.SELF_ASSESSMENT,
        state.SCORING,
        state.APPRAISAL_TALK,
        state.EMPLOYEE_RESPONSE,
        state.SECOND_REVIEW,
    }
    return _refusal(
        review, user, what=_("the development plan"), editors=(is_manager, is_reviewee), states=states
    )


def self_assess_refusal(review, user) -> Refusal | None:
    """The employee rates themselves during the self-assessment."""
    return _refusal(
        review,
        user,
        what=_("the self-assessment"),
        editors=(is_reviewee,),
        states={review.State.SELF_ASSESSMENT},
    )


def score_refusal(review, user) -> Refusal | None:
    """The manager scores during scoring."""
    return _refusal(review, user, what=_("the scores"), editors=(is_manager,), states={review.State.SCORING})


def require(refusal: Refusal | None) -> None:
    """Raise a rule's refusal, if any: ``PermissionDenied`` (403) or ``TransitionNotAllowed`` (409)."""
    if refusal is not None:
        refusal.raise_error()


def can_add_goals(review, user) -> bool:
    return add_goals_refusal(review, user) is None


def can_edit_goals(review, user) -> bool:
    return edit_goals_refusal(review, user) is None


def can_set_focus(review, user) -> bool:
    return set_focus_refusal(review, user) is None


def can_edit_development_plan(review, user) -> bool:
    return edit_development_plan_refusal(review, user) is None


def can_self_assess(review, user) -> bool:
    return self_assess_refusal(review, user) is None


def can_score(review, user) -> bool:
    return score_refusal(review, user) is None


def can_edit_plan(review, user) -> bool:
    """Anything on the plan page (goals, focus, development plan) is this user's to change now."""
    return (
        can_edit_goals(review, user) or can_set_focus(review, user) or can_edit_development_plan(review, user)
    )


# --- reminders ---------------------------------------------------------------------------------


def can_send_reminder(review, user) -> bool:
    """Whoever follows the review up may remind the person whose turn it is, now: HR for the
    employee's unit and the manager, while the review is open."""
    return review.is_open and (is_hr_for(review, user) or is_manager(review, user))


# --- changes beside the steps (the review page's side forms) --------------------------------------


def can_schedule_talk(review, user) -> bool:
    """The manager plans the review's talks, while it runs (``talk_schedule`` refuses anyone else)."""
    return review.is_open and is_manager(review, user)


def can_change_people(review, user) -> bool:
    """HR without a role of their own in the review names another manager or second reviewer, while it runs."""
    return review.is_open and is_hr_without_own_role(review, user)


# --- running a cycle ---------------------------------------------------------------------------


def cycle_scope_refusal(org_units, user) -> str | None:
    """Why ``user`` may not run (open, change, copy, delete, close) a cycle over ``org_units``; None
    when they may: HR whose scope covers every one of them, a superuser, or the system (None)."""
    if user is None or user.is_superuser:
        return None
    if not is_hr(user=user):
        return _("Only HR can run review cycles.")
    allowed = set(hr_org_units(user=user).values_list("id", flat=True))
    outside = [unit.name for unit in org_units if unit.pk not in allowed]
    if outside:
        return _("These units are outside your HR scope: %(units)s.") % {"units": ", ".join(outside)}
    return None


# --- the organisation's regelingen --------------------------------------------------------------


def can_edit_regelingen(user) -> bool:
    """Whether ``user`` makes, changes and publishes regelingen and their talk forms: a regeling holds for
    the whole organisation, as a competency framework does, so who may import one may (HR with a scope
    on a top-level unit, or a superuser); HR of a unit below may not."""
    return can_import_frameworks(user=user)
