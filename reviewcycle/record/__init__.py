"""One view of the record: what a given reader may see of a review (``view``) and of the appraisal's
earlier rounds (``rounds``), and the review forms built from it (``form``)."""

from reviewcycle.record.advice import AdviceRecord, advice_of
from reviewcycle.record.consequences import ConsequenceRecord, ConsequencesRecord, consequences_of
from reviewcycle.record.form import (
    FORM_KINDS,
    CompetencyBlock,
    GoalBlock,
    Indicator,
    ReviewForm,
    Signature,
    build_review_form,
    default_form_kind,
    review_form,
)
from reviewcycle.record.rounds import EarlierRound, RoundMark, RoundScore, earlier_rounds
from reviewcycle.record.view import (
    MANAGER_SCORE_FIELDS,
    AssessmentRecord,
    GoalChangeRecord,
    GoalRecord,
    MarkRecord,
    RecordShape,
    ReviewRecord,
    masked_row,
    review_record,
    review_record_for_reviewee,
    shape_of,
    shape_of_version,
    visible_consequences,
    visible_overall_rating,
)

__all__ = [
    "FORM_KINDS",
    "MANAGER_SCORE_FIELDS",
    "AdviceRecord",
    "AssessmentRecord",
    "CompetencyBlock",
    "ConsequenceRecord",
    "ConsequencesRecord",
    "EarlierRound",
    "GoalBlock",
    "GoalChangeRecord",
    "GoalRecord",
    "Indicator",
    "MarkRecord",
    "RecordShape",
    "ReviewForm",
    "ReviewRecord",
    "RoundMark",
    "RoundScore",
    "Signature",
    "advice_of",
    "build_review_form",
    "consequences_of",
    "default_form_kind",
    "earlier_rounds",
    "masked_row",
    "review_form",
    "review_record",
    "review_record_for_reviewee",
    "shape_of",
    "shape_of_version",
    "visible_consequences",
    "visible_overall_rating",
]
