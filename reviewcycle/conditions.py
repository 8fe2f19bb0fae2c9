"""Transition conditions that can say why they are not met.

django-fsm only knows *whether* a condition holds; a ``Condition`` also explains itself,
so the API (409), the page (next to the field) and the tests show the same sentence.
"""

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import dates
from core.dates import long_date
from reviewcycle import talk_reports
from reviewcycle.goals import active_goal_weights, weights_problem


def today():
    """The date the conditions judge by (``core.dates.today``: a simulated one under ``manage.py timed --as-of``)."""
    return dates.today()


# Where a person fixes what blocks a step: the URL names of the pages (each takes the review's pk).
PLAN_PAGE = "reviewcycle:plan"
SELF_ASSESSMENT_PAGE = "reviewcycle:self-assessment"
SCORING_PAGE = "reviewcycle:scoring"


class Condition:
    def __init__(
        self,
        name: str,
        check: Callable,
        explain: Callable,
        field: str | None = None,
        fix: str | None = None,
        lasting: bool = False,
    ):
        self.name = name
        self.check = check
        self.explain = explain
        self.field = field  # the input field the message belongs next to, if any
        self.fix = fix  # the URL name of the page where it can be met (takes the review's pk), if any
        # Once unmet, never met again in this state (a term that has passed, a signature given): the page
        # no longer offers the step; the service still refuses it (409) with the sentence.
        self.lasting = lasting
        self.__name__ = name

    def __call__(self, review) -> bool:
        return bool(self.check(review))

    def messages(self, review) -> list[str]:
        return [message for message, _field in self.problems(review)]

    def problems(self, review) -> list[tuple[str, str | None]]:
        """Each unmet part as (sentence, the input field it belongs next to): ``explain`` may give a
        sentence, a list of them (all next to ``field``), or (sentence, field) pairs of its own."""
        explained = self.explain(review)
        explained = list(explained) if isinstance(explained, list) else [explained]
        return [item if isinstance(item, tuple) else (item, self.field) for item in explained]

    def __repr__(self) -> str:
        return f"Condition({self.name})"


def _active_goals(review):
    return [goal for goal in review.goals.all() if goal.is_active]


# --- what the cycle's regeling (``CycleTemplateVersion``) has: never changes for a review ---------------


def _shape(review):
    return review.cycle.template_version


SHAPE_HAS_CLOSING_TALK = Condition(
    "shape_has_closing_talk",
    lambda review: _shape(review).has_appraisal_talk,
    lambda review: (
        _("The regeling %(regeling)s has no appraisal or closing talk.")
        % {"regeling": _shape(review).template.name}
    ),
    lasting=True,
)
SHAPE_WITHOUT_CLOSING_TALK = Condition(
    "shape_without_closing_talk",
    lambda review: not _shape(review).has_appraisal_talk,
    lambda review: (
        _("The regeling %(regeling)s ends with an appraisal or closing talk: start the appraisal.")
        % {"regeling": _shape(review).template.name}
    ),
    lasting=True,
)
SHAPE_HAS_OBJECTION = Condition(
    "shape_has_objection",
    lambda review: _shape(review).objection_route != _shape(review).ObjectionRoute.NONE,
    lambda review: (
        _("The regeling %(regeling)s has no objection procedure here: write your response when you sign.")
        % {"regeling": _shape(review).template.name}
    ),
    lasting=True,
)


# --- the talks' reports signed *voor gezien* (``reviewcycle.talk_reports``) --------------------------------

SHAPE_SIGNS_TALK_REPORTS = Condition(
    "shape_signs_talk_reports",
    talk_reports.signs_reports,
    lambda review: (
        _("In the regeling %(regeling)s the employee does not sign the talks' reports.")
        % {"regeling": _shape(review).template.name}
    ),
    lasting=True,
)
TALK_REPORT_TO_SIGN = Condition(
    "talk_report_to_sign",
    lambda review: bool(talk_reports.reports_to_sign(review)),
    lambda review: _("There is no talk report to sign now: each recorded talk's report is signed."),
)


def _reports_holding_up(review) -> list[str]:
    return [
        _(
            "The employee has not signed the report of progress talk %(number)s yet: the cycle can be "
            "completed once it is signed, or after %(date)s."
        )
        % {"number": report.occurrence, "date": long_date(report.sign_by)}
        for report in talk_reports.reports_holding_up(review)
    ]


TALK_REPORTS_SIGNED_OR_TERM_OVER = Condition(
    "talk_reports_signed_or_term_over",
    lambda review: not talk_reports.reports_holding_up(review),
    _reports_holding_up,
)


# Only where the regeling scores goals (``CycleTemplateVersion.goals_required``): without scores they are
# development agreements, and a talk may well end without one.
HAS_GOAL = Condition(
    "has_goal",
    lambda review: not _shape(review).goals_required or bool(_active_goals(review)),
    lambda review: _("Record at least one result agreement (goal) first."),
    field="goals",
    fix=PLAN_PAGE,
)
GOAL_WEIGHTS_VALID = Condition(
    "goal_weights_valid",
    lambda review: weights_problem(active_goal_weights(review)) is None,
    lambda review: weights_problem(active_goal_weights(review)),
    field="goals",
    fix=PLAN_PAGE,
)


def _appraisal_from(review):
    if review.plan_signed_at is None:
        return None
    return timezone.localtime(review.plan_signed_at).date() + timedelta(
        days=review.cycle.min_review_period_days
    )


ENOUGH_PROGRESS_TALKS = Condition(
    "enough_progress_talks",
    lambda review: review.progress_talk_count >= review.cycle.min_progress_talks,
    lambda review: (
        ngettext(
            "At least %(required)s progress talk must be recorded before the appraisal; so far %(done)s.",
            "At least %(required)s progress talks must be recorded before the appraisal; so far %(done)s.",
            review.cycle.min_progress_talks,
        )
        % {"required": review.cycle.min_progress_talks, "done": review.progress_talk_count}
    ),
)
REVIEW_PERIOD_PASSED = Condition(
    "review_period_passed",
    lambda review: _appraisal_from(review) is not None and today() >= _appraisal_from(review),
    lambda review: (
        _(
            "The review period must last at least %(days)s days after the plan was signed: "
            "the appraisal can start on %(date)s."
        )
        % {"days": review.cycle.min_review_period_days, "date": long_date(_appraisal_from(review))}
    ),
)


def _missing_self_ratings(review) -> list[str]:
    missing = [
        item.name for item in review.assessments.all() if item.in_focus and item.self_rating_id is None
    ]
    missing += [goal.title for goal in _active_goals(review) if goal.self_rating_id is None]
    return missing


SELF_ASSESSMENT_COMPLETE = Condition(
    "self_assessment_complete",
    lambda review: not _missing_self_ratings(review),
    lambda review: (
        _("Give your own rating for: %(items)s.") % {"items": ", ".join(_missing_self_ratings(review))}
    ),
    field="assessments",
    fix=SELF_ASSESSMENT_PAGE,
)
SELF_ASSESSMENT_OVERDUE = Condition(
    "self_assessment_overdue",
    lambda review: today() > review.cycle.self_assessment_due,
    lambda review: (
        _("The self-assessment can only be skipped after its due date (%(date)s).")
        % {"date": long_date(review.cycle.self_assessment_due)}
    ),
)


def _scoring_problems(review) -> list[tuple[str, str | None]]:
    from reviewcycle.scoring import scoring_problems

    return scoring_problems(review)


SCORES_COMPLETE = Condition(
    "scores_complete",
    lambda review: not _scoring_problems(review),
    _scoring_problems,
    field="assessments",
    fix=SCORING_PAGE,
)
WITHIN_RESPONSE_TERM = Condition(
    "within_response_term",
    lambda review: review.response_due is not None and today() <= review.response_due,
    lambda review: (
        _("The term for a response or an objection ended on %(date)s.")
        % {"date": long_date(review.response_due)}
    ),
    lasting=True,
)
RESPONSE_TERM_PASSED = Condition(
    "response_term_passed",
    lambda review: review.response_due is not None and today() > review.response_due,
    lambda review: (
        _("The employee may respond until %(date)s; the appraisal proceeds unsigned after that.")
        % {"date": long_date(review.response_due)}
    ),
)


# --- objecting after signing "voor gezien" -----------------------------------------------------------
# A signature counts for the appraisal as it stands when it was given after any objection: a signature
# from before an objection, or from an earlier round (before a return or an upheld objection), does not.


def signed_since_objection(review) -> bool:
    """The employee's signature stands for the appraisal as it is now (given after any objection)."""
    return review.signed_at is not None and (
        review.objected_at is None or review.objected_at < review.signed_at
    )


NOT_SIGNED_AS_AGREED = Condition(
    "not_signed_as_agreed",
    lambda review: not (review.signature == review.Signature.AGREED and signed_since_objection(review)),
    lambda review: _(
        "You signed the appraisal as agreed (voor akkoord): you agree with it, so you can no longer object."
    ),
    lasting=True,
)
NOT_OBJECTED_YET = Condition(
    "not_objected_yet",
    lambda review: review.objected_at is None or signed_since_objection(review),
    lambda review: (
        _("You already objected to this appraisal; it was decided on %(date)s.")
        % {"date": long_date(timezone.localtime(review.objection_decided_at).date())}
        if review.objection_decided_at
        else _("You already objected to this appraisal.")
    ),
    lasting=True,
)
# Signed "voor gezien" (not "voor akkoord"), the employee keeps the right to object until the response
# term ends, also once the appraisal is with the second reviewer.
OBJECTION_AFTER_SIGNING = [WITHIN_RESPONSE_TERM, NOT_SIGNED_AS_AGREED, NOT_OBJECTED_YET]


def may_still_object(review) -> bool:
    """With the second reviewer: the employee signed as seen and may still object (the term runs, no
    objection since signing). The second reviewer cannot finalise meanwhile."""
    return review.state == review.State.SECOND_REVIEW and all(
        condition(review) for condition in OBJECTION_AFTER_SIGNING
    )


def signed_in_response(review) -> bool:
    """At the employee's response, already signed (in this round: since the review came here): signed
    "voor gezien" on a shape without a second reviewer, the review waits for the term to end
    (``CycleTemplateVersion.after_signing_state``); the employee may still object until then."""
    return (
        review.state == review.State.EMPLOYEE_RESPONSE
        and review.signature == review.Signature.SEEN
        and review.signed_at is not None
        and review.signed_at >= review.state_changed_at
        and _shape(review).after_signing_state(review.signature) == review.State.EMPLOYEE_RESPONSE
    )


NOT_SIGNED_YET = Condition(
    "not_signed_yet",
    lambda review: not signed_in_response(review),
    lambda review: (
        _("You already signed the appraisal; you may still object until %(date)s.")
        % {"date": long_date(review.response_due)}
    ),
    lasting=True,
)


OBJECTION_TERM_OVER = Condition(
    "objection_term_over",
    lambda review: not may_still_object(review),
    lambda review: (
        _("The employee can still object until %(date)s; you can finalise after that.")
        % {"date": long_date(review.response_due)}
    ),
)
