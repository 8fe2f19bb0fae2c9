"""The forms of the review pages, each handing its cleaned data to a service. One module per page family."""

from reviewcycle.forms.drafts import ScoringForm, SelfAssessmentForm
from reviewcycle.forms.hr import CloseCycleForm, CycleForm, ReassignForm, SecondReviewerForm
from reviewcycle.forms.plan import DevelopmentActionForm, FocusForm, GoalForm
from reviewcycle.forms.steps import STEP_FORMS, STEP_LABELS, StepForm

__all__ = [
    "STEP_FORMS",
    "STEP_LABELS",
    "CloseCycleForm",
    "CycleForm",
    "DevelopmentActionForm",
    "FocusForm",
    "GoalForm",
    "ReassignForm",
    "ScoringForm",
    "SecondReviewerForm",
    "SelfAssessmentForm",
    "StepForm",
]
