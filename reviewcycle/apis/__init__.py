"""REST API for cycles and reviews: read-only viewsets on selectors, one small view per write.

One module per responsibility; ``config/api_router.py`` routes to the views exported here.
"""

from reviewcycle.apis.changes import ReassignView, RebaselineView, SecondReviewerView
from reviewcycle.apis.content import (
    AssessmentFocusView,
    AssessmentScoreView,
    AssessmentSelfAssessmentView,
    DevelopmentActionDetailView,
    DevelopmentActionListView,
    GoalDetailView,
    GoalListView,
    GoalScoreView,
    GoalSelfAssessmentView,
    GoalWeightsView,
)
from reviewcycle.apis.cycles import (
    CycleCloseView,
    CycleOpeningView,
    CycleOpenView,
    CycleProgressView,
    CycleViewSet,
)
from reviewcycle.apis.drafts import FocusView, ScoresDraftView, SelfAssessmentDraftView
from reviewcycle.apis.informants import (
    InformantCandidatesView,
    InformantLinkView,
    OwnRequestListView,
    OwnRequestView,
    ReviewInformantsView,
    ReviewInformantWithdrawView,
)
from reviewcycle.apis.reviews import ReviewFilter, ReviewViewSet
from reviewcycle.apis.steps import StepView, step_view
from reviewcycle.apis.talk_forms import TalkFormShareView, TalkFormView
from reviewcycle.apis.templates import CycleTemplateViewSet

__all__ = [
    "AssessmentFocusView",
    "AssessmentScoreView",
    "AssessmentSelfAssessmentView",
    "CycleCloseView",
    "CycleOpenView",
    "CycleOpeningView",
    "CycleProgressView",
    "CycleTemplateViewSet",
    "CycleViewSet",
    "DevelopmentActionDetailView",
    "DevelopmentActionListView",
    "FocusView",
    "GoalDetailView",
    "GoalListView",
    "GoalScoreView",
    "GoalSelfAssessmentView",
    "GoalWeightsView",
    "InformantCandidatesView",
    "InformantLinkView",
    "OwnRequestListView",
    "OwnRequestView",
    "ReassignView",
    "RebaselineView",
    "ReviewFilter",
    "ReviewInformantWithdrawView",
    "ReviewInformantsView",
    "ReviewViewSet",
    "ScoresDraftView",
    "SecondReviewerView",
    "SelfAssessmentDraftView",
    "StepView",
    "TalkFormShareView",
    "TalkFormView",
    "step_view",
]
