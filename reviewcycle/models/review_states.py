"""The choices of a review's fields: its states, how it was signed, the decision on an objection, the advice
on the contract, and why it waits for HR (``Review.State``, ``Review.Signature``… name them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewState(models.TextChoices):
    PLANNING = "planning", _("Planning talk")
    PLAN_SIGNOFF = "plan_signoff", _("Plan awaiting signature")
    IN_PROGRESS = "in_progress", _("In progress")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    SCORING = "scoring", _("Scoring")
    APPRAISAL_TALK = "appraisal_talk", _("Appraisal talk")
    EMPLOYEE_RESPONSE = "employee_response", _("Employee response")
    OBJECTION = "objection", _("Objection")
    SECOND_REVIEW = "second_review", _("Second review")
    FINAL = "final", _("Final")
    CANCELLED = "cancelled", _("Cancelled")
    EXEMPT = "exempt", _("Exempt")


# The states in which someone still has to act, and those in which the review is done.
OPEN_STATES = [
    ReviewState.PLANNING,
    ReviewState.PLAN_SIGNOFF,
    ReviewState.IN_PROGRESS,
    ReviewState.SELF_ASSESSMENT,
    ReviewState.SCORING,
    ReviewState.APPRAISAL_TALK,
    ReviewState.EMPLOYEE_RESPONSE,
    ReviewState.OBJECTION,
    ReviewState.SECOND_REVIEW,
]
DONE_STATES = [ReviewState.FINAL, ReviewState.CANCELLED, ReviewState.EXEMPT]


class Signature(models.TextChoices):
    SEEN = "seen", _("Signed as seen")
    AGREED = "agreed", _("Signed as agreed")
    NOT_SIGNED = "not_signed", _("Not signed")


class ObjectionDecision(models.TextChoices):
    UPHELD = "upheld", _("Upheld: the manager scores again")
    REJECTED = "rejected", _("Rejected")


class ContractAdvice(models.TextChoices):
    """The closing talk's advice on the contract, on a regeling with one (``has_advice``: probation)."""

    CONTINUE = "continue", _("Continue the contract")
    EXTEND = "extend", _("Extend the temporary contract")
    END = "end", _("Do not continue the contract")


class Attention(models.TextChoices):
    """Why an open review waits for HR (cleared when HR moves it or names another second reviewer)."""

    MANAGER_LEFT = "manager_left", _("Manager left")
    SECOND_REVIEWER_LEFT = "second_reviewer_left", _("Second reviewer left")
