"""The yearly cycle and each employee's review, run as a django-fsm state machine.

One module per responsibility; import the models from here.
"""

from reviewcycle.models.audit import (
    ClosedRound,
    CycleEvent,
    ReviewAccess,
    ReviewEvent,
)
from reviewcycle.models.consequences import (
    EXCLUSIVE_KINDS,
    ConsequenceKind,
    ConsequenceProposal,
    ReviewConsequence,
    TemplateConsequence,
    TemplateConsequenceDefault,
)
from reviewcycle.models.content import (
    CompetencyAssessment,
    DevelopmentAction,
    Goal,
    GoalChange,
    IndicatorMark,
    ProgressTalk,
)
from reviewcycle.models.cycle import (
    CYCLE_SETTINGS,
    DEFAULT_REMINDER_OFFSETS,
    DUE_DATE_FIELDS,
    OPEN_CYCLE_SETTINGS,
    REMINDER_SETTINGS,
    ReviewCycle,
    _year_end,
    _year_start,
)
from reviewcycle.models.informants import (
    InformantAnswer,
    InformantMark,
    InformantQuestionAnswer,
    InformantRequest,
)
from reviewcycle.models.jobs import CycleOpening
from reviewcycle.models.review import Review
from reviewcycle.models.talk_forms import TalkAnswer, TalkForm, TalkFormSection, TalkQuestion
from reviewcycle.models.template import SHAPE_FIELDS, CycleTemplate, CycleTemplateVersion
from reviewcycle.models.template_events import CycleTemplateEvent

__all__ = [
    "CYCLE_SETTINGS",
    "DEFAULT_REMINDER_OFFSETS",
    "DUE_DATE_FIELDS",
    "EXCLUSIVE_KINDS",
    "OPEN_CYCLE_SETTINGS",
    "REMINDER_SETTINGS",
    "SHAPE_FIELDS",
    "ClosedRound",
    "CompetencyAssessment",
    "ConsequenceKind",
    "ConsequenceProposal",
    "CycleEvent",
    "CycleOpening",
    "CycleTemplate",
    "CycleTemplateEvent",
    "CycleTemplateVersion",
    "DevelopmentAction",
    "Goal",
    "GoalChange",
    "IndicatorMark",
    "InformantAnswer",
    "InformantMark",
    "InformantQuestionAnswer",
    "InformantRequest",
    "ProgressTalk",
    "Review",
    "ReviewAccess",
    "ReviewConsequence",
    "ReviewCycle",
    "ReviewEvent",
    "TalkAnswer",
    "TalkForm",
    "TalkFormSection",
    "TalkQuestion",
    "TemplateConsequence",
    "TemplateConsequenceDefault",
    "_year_end",
    "_year_start",
]
