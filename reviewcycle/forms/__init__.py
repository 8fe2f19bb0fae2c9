"""The forms of the review pages, each handing its cleaned data to a service. One module per page family."""

from reviewcycle.forms.drafts import ScoringForm, SelfAssessmentForm
from reviewcycle.forms.hr import (
    CloseCycleForm,
    CycleDueDatesForm,
    CycleForm,
    OpenCycleForm,
    ReassignForm,
    SecondReviewerForm,
    regeling_of,
    regelingen_to_choose,
)
from reviewcycle.forms.plan import DevelopmentActionForm, FocusForm, GoalForm, GoalWeightsForm, NewRows
from reviewcycle.forms.steps import StepForm

__all__ = [
    "CloseCycleForm",
    "CycleDueDatesForm",
    "CycleForm",
    "DevelopmentActionForm",
    "FocusForm",
    "GoalForm",
    "GoalWeightsForm",
    "NewRows",
    "OpenCycleForm",
    "ReassignForm",
    "ScoringForm",
    "SecondReviewerForm",
    "SelfAssessmentForm",
    "StepForm",
    "regeling_of",
    "regelingen_to_choose",
]
