"""May this user take this step now? The one answer (``step_status``) for the page (which steps to show,
and why one is blocked), the API (409/403) and the tasks, from the steps declared in ``reviewcycle.steps``."""

import functools
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed, can_proceed

from reviewcycle import rules
from reviewcycle.rules import Role
from reviewcycle.steps import BY_NAME, DECIDER_ONLY, HR_WITH_OWN_ROLE, Step


class Status(StrEnum):
    ALLOWED = "allowed"
    NOT_NOW = "not_now"  # no such step from the review's state: 409
    NOT_YOURS = "not_yours"  # the step exists now, but is another's to take: 403
    BLOCKED = "blocked"  # the user's step, but conditions are not met yet: 409, naming them


@dataclass(frozen=True)
class StepStatus:
    """The answer of ``step_status``: ``refusal`` says why (not now, not yours), ``blocked_by`` which
    conditions are unmet (with the input field each concerns, if any, in ``fields``)."""

    step: Step
    status: Status
    refusal: str = ""
    blocked_by: tuple[str, ...] = ()
    fields: tuple[str | None, ...] = ()
    fixes: tuple[str | None, ...] = ()  # per condition in ``blocked_by``: the URL name of where to meet it
    lasting: bool = False  # blocked by a condition that stays unmet in this state (``Condition.lasting``)

    @property
    def allowed(self) -> bool:
        return self.status == Status.ALLOWED

    @property
    def offered(self) -> bool:
        """Shown to the user: theirs to take now, or once the conditions in ``blocked_by`` are met (not
        when one of them never will be in this state, e.g. the term has passed)."""
        return self.status == Status.ALLOWED or (self.status == Status.BLOCKED and not self.lasting)

    def raise_unless_allowed(self) -> None:
        """``TransitionNotAllowed`` (409) not now, ``PermissionDenied`` (403) not yours,
        ``TransitionBlocked`` (409, a ``TransitionNotAllowed``) with the unmet conditions."""
        if self.status == Status.NOT_NOW:
            raise TransitionNotAllowed(self.refusal)
        if self.status == Status.NOT_YOURS:
            raise PermissionDenied(self.refusal)
        if self.status == Status.BLOCKED:
            from reviewcycle.services.errors import TransitionBlocked

            raise TransitionBlocked(list(self.blocked_by), list(self.fields))


def step_status(review, name: str, user, *, conditions: bool = True) -> StepStatus:
    """Whether ``user`` (None: the system) may take step ``name`` on ``review`` now, and if not, why.

    The one answer for the page (which steps to show, and why one is blocked), the API (409/403)
    and the tasks. ``conditions=False`` leaves the conditions unchecked (they may read what the
    service is about to store). ``KeyError`` for a name that is not a step.
    """
    step = BY_NAME[name]
    method = getattr(review, name)
    if not can_proceed(method, check_conditions=False):
        return StepStatus(
            step,
            Status.NOT_NOW,
            _("This step is not possible now: the review is at “%(state)s”.")
            % {"state": review.get_state_display()},
        )
    transition = _transitions(type(review))[name, review.state]
    if not transition.has_perm(review, user):
        owner, refused = step.owner, step.refused
        if name == "decide_objection":  # the regeling's route says whose it is
            owner = rules.objection_decider_role(review)
            refused = DECIDER_ONLY[owner]
        if owner == Role.HR and rules.is_hr_with_own_role(review, user):
            return StepStatus(step, Status.NOT_YOURS, str(HR_WITH_OWN_ROLE))
        return StepStatus(step, Status.NOT_YOURS, str(refused))
    if not conditions:
        return StepStatus(step, Status.ALLOWED)
    unmet = [condition for condition in transition.conditions if not condition(review)]
    if not unmet:
        return StepStatus(step, Status.ALLOWED)
    explained = [
        (message, field, condition) for condition in unmet for message, field in condition.problems(review)
    ]
    return StepStatus(
        step,
        Status.BLOCKED,
        blocked_by=tuple(message for message, _field, _condition in explained),
        fields=tuple(field for _message, field, _condition in explained),
        fixes=tuple(condition.fix for _message, _field, condition in explained),
        lasting=any(condition.lasting for condition in unmet),
    )


@functools.cache
def _transitions(model: type) -> dict:
    """(transition name, source state) → django-fsm's ``Transition`` of ``model``'s state field."""
    return {
        (transition.name, transition.source): transition for transition in model().get_all_state_transitions()
    }
