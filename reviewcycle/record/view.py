"""One view of the record: what one reader may see of one review, with every masking rule applied once.

The API detail, the review page, every PDF, the exports and the personal-data export render a
``ReviewRecord`` and never read the manager's scores from the models themselves, so they cannot
disagree about what a reader sees.

The rules (from ``reviewcycle.rules``):

- The manager's scores (indicator marks, competency and goal ratings, justifications, result notes,
  the overall rating and the reason for overriding its proposal, and the proposals made from the
  marks) are the employee's to see once submitted and not while the review is back in scoring
  (after an upheld objection or a return by the second reviewer). Everyone else involved sees the
  manager's draft (``rules.can_see_manager_scores``).
- The employee's self-assessment (ratings and remarks) is shown to everyone involved as it is saved,
  as it always was: the manager prepares the appraisal talk from it.
- The second reviewer's reasons for returning the appraisal concern the manager's scores: they are
  seen with them.
- The answers on the talk forms: a preparation is its author's alone until the talk is recorded or the
  author shares it (``talk_forms.selectors.can_see_answer``, applied in ``talks``).
- The closing talk's advice on the contract (probation) is everyone's once the talk is recorded
  (``record.advice``).
- Nothing else of a review is private to one person (progress-talk notes are the talk's, shared).
"""

import copy
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import User
from django.db.models import Model

from reviewcycle import rules
from reviewcycle.models import (
    ClosedRound,
    CompetencyAssessment,
    Goal,
    IndicatorMark,
    Review,
    ReviewEvent,
)
from reviewcycle.rated import is_rated, manager_scores_released
from reviewcycle.record.advice import AdviceRecord, advice_of
from reviewcycle.record.consequences import ConsequencesRecord, consequences_of
from reviewcycle.record.rounds import EarlierRound, rounds_for
from reviewcycle.record.sentences import Returned, goal_change_sentences, returns_of
from reviewcycle.scoring import assessment_proposal, overall_proposal, scale_of
from reviewcycle.selectors import actor_name
from reviewcycle.talk_forms.selectors import TalkRecord, talk_records

# Every stored field that holds the manager's judgement, per model: the one list the masking reads.
MANAGER_SCORE_FIELDS: dict[type[Model], tuple[str, ...]] = {
    Review: ("overall_rating", "overall_override_reason"),
    CompetencyAssessment: ("rating", "justification"),
    IndicatorMark: ("mark",),
    Goal: ("rating", "result_note", "justification"),
    ClosedRound: ("scores",),  # an earlier round's, shown with the current ones (``record.rounds``)
}


@dataclass(frozen=True)
class MarkRecord:
    id: int
    text: str
    is_next_level: bool
    mark: str  # IndicatorMark.Mark value; "" when not marked, or hidden from the reader

    @property
    def mark_label(self) -> str:
        return str(IndicatorMark.Mark(self.mark).label) if self.mark else ""


@dataclass(frozen=True)
class AssessmentRecord:
    id: int
    competency_id: int
    name: str
    definition: str
    expected_level: int | None
    level_summary: str
    in_focus: bool
    marks: tuple[MarkRecord, ...]
    self_rating: str | None  # labels of the rating scale; None when not rated (or hidden)
    self_remark: str
    proposed_rating: str | None  # made from the marks, so hidden with them
    rating: str | None
    justification: str


@dataclass(frozen=True)
class GoalChangeRecord:
    changed_at: datetime
    changed_by: str  # the person's name
    changes: dict  # field → [old, new]

    @property
    def sentences(self) -> list[str]:
        """The change in words, one sentence per field, with the name and a Dutch date under Dutch."""
        return goal_change_sentences(changes=self.changes, who=self.changed_by, at=self.changed_at)


@dataclass(frozen=True)
class GoalRecord:
    id: int
    title: str
    description: str
    measure: str
    weight: int | None  # percent
    deadline: date | None
    status: str
    self_rating: str | None
    self_remark: str
    result_note: str
    rating: str | None
    justification: str
    changes: tuple[GoalChangeRecord, ...]

    @property
    def withdrawn(self) -> bool:
        return self.status == Goal.Status.WITHDRAWN

    def changes_since(self, moment: datetime | None) -> tuple[GoalChangeRecord, ...]:
        """The changes made after ``moment`` (none when ``moment`` is None), oldest first."""
        return tuple(change for change in self.changes if moment and change.changed_at > moment)

    def weight_at(self, moment: datetime | None) -> int | None:
        """The weight the goal had at ``moment`` (as the plan was signed): the old weight of the first
        later change of weight, or else the weight it has now."""
        for change in self.changes_since(moment):
            if "weight" in change.changes:
                return change.changes["weight"][0]
        return self.weight


@dataclass(frozen=True)
class RecordShape:
    """Which parts the review's regeling has, and so which the record shows at all: a part the shape lacks
    (scores, a second reviewer, an objection…) is left out of the page, the API and every PDF, not shown
    empty. Read from the cycle's ``CycleTemplateVersion`` (``shape_of``)."""

    has_scores: bool = True  # goal and competency ratings, the overall rating, weights and scale
    has_self_assessment: bool = True
    has_second_review: bool = True
    has_objection: bool = True  # an objection to HR (else the employee only writes a response)
    has_closing_talk: bool = True  # an appraisal or evaluation talk (else the last talk closes the cycle)
    has_advice: bool = False  # the closing talk's advice on the contract (probation)
    talk_reports_signed: bool = False  # the employee signs each talk's report *voor gezien*


def shape_of(review: Review) -> RecordShape:
    """The parts ``review``'s regeling has (query-free when the cycle's template version is loaded)."""
    return shape_of_version(review.cycle.template_version)


def shape_of_version(version) -> RecordShape:
    """The parts a cycle on regeling ``version`` (a ``CycleTemplateVersion``) has: the one answer for the
    record, the dashboard's sections and the review lists' filters (``filters.filters_for_shape``)."""
    return RecordShape(
        has_scores=version.has_scores,
        has_self_assessment=version.has_self_assessment,
        has_second_review=version.has_second_review,
        has_objection=version.objection_route != version.ObjectionRoute.NONE,
        has_closing_talk=version.has_appraisal_talk,
        has_advice=version.has_advice,
        talk_reports_signed=getattr(version, "talk_reports_signed", False),
    )


@dataclass(frozen=True)
class ReviewRecord:
    """What one reader sees of one review's content: goals, competencies and the overall rating."""

    review_id: int
    scores_visible: bool  # whether the manager's scores are the reader's to see
    goals: tuple[GoalRecord, ...]
    assessments: tuple[AssessmentRecord, ...]
    proposed_overall_rating: str | None
    overall_rating: str | None
    overall_override_reason: str
    returns: tuple[Returned, ...] = ()  # every return to the manager with its reason; with the scores
    earlier_rounds: tuple[EarlierRound, ...] = ()  # the closed rounds of the appraisal (``record.rounds``)
    events: tuple[ReviewEvent, ...] = ()  # the audit trail, judgements masked (``JUDGEMENT_EVENTS``)
    talks: tuple[TalkRecord, ...] = ()  # the talk forms' answers the reader may see (``talk_forms``)
    consequences: ConsequencesRecord | None = None  # of the appraisal, seen with the scores
    advice: AdviceRecord | None = None  # on the contract, with the closing talk (``record.advice``)
    shape: RecordShape = RecordShape()  # which parts the regeling has: the rest is not shown at all
    reader_id: int | None = (
        None  # whose view this is (the informants' anonymity rule counts their own answer)
    )

    def goal(self, pk: int) -> GoalRecord:
        """The goal with id ``pk`` (``KeyError`` when the review has none)."""
        for goal in self.goals:
            if goal.id == pk:
                return goal
        raise KeyError(pk)

    @property
    def competencies_in_focus(self) -> tuple[AssessmentRecord, ...]:
        return tuple(item for item in self.assessments if item.in_focus)


def review_record(*, review: Review, user: User | None) -> ReviewRecord:
    """What ``user`` (someone with a role in the review, or None for the system) sees of ``review``.

    ``review`` as loaded by ``selectors.review_detail`` / ``reviews_with_content`` (its prefetches keep
    this query-free); any review works, at a few queries more. Raises nothing: who may open the
    review at all is the selector's question (``Review.DoesNotExist`` → 404 there).
    """
    return _record(
        review,
        scores_visible=rules.can_see_manager_scores(review, user),
        reviewee=rules.is_reviewee(review, user),
        reader_id=user.pk if user is not None and user.is_authenticated else None,
    )


def review_record_for_reviewee(*, review: Review) -> ReviewRecord:
    """What the reviewed employee sees of ``review``, whoever hands it to them (their data request)."""
    return _record(
        review,
        scores_visible=manager_scores_released(review),
        reviewee=True,
        reader_id=review.employee.user_id,
    )


def visible_overall_rating(*, review: Review, user: User | None) -> str | None:
    """The label of the overall rating as ``user`` sees it (lists and exports: no content loaded)."""
    if not is_rated(review) or not rules.can_see_manager_scores(review, user):
        return None
    return _label(review.overall_rating)


def visible_consequences(*, review: Review, user: User | None) -> ConsequencesRecord | None:
    """The consequences of the appraisal as ``user`` sees them (exports: no other content loaded)."""
    if not rules.can_see_manager_scores(review, user):
        return None
    return consequences_of(review)


def masked_row(model: type[Model], row: dict, *, record: ReviewRecord) -> dict:
    """A stored row of ``model`` (field name → value) as the record's reader sees it: the manager's
    scores blank (None, or "" for text) where the record hides them. For exports of whole rows."""
    if record.scores_visible:
        return row
    hidden = MANAGER_SCORE_FIELDS.get(model, ())
    return {key: _blank(model, key) if key in hidden else value for key, value in row.items()}


def _blank(model: type[Model], field: str):
    return None if model._meta.get_field(field).null else ""


def _label(option) -> str | None:
    return option.label if option is not None else None


def _record(review: Review, *, scores_visible: bool, reviewee: bool, reader_id: int | None) -> ReviewRecord:
    def score(instance, field: str):
        if scores_visible or field not in MANAGER_SCORE_FIELDS[type(instance)]:
            return getattr(instance, field)
        return _blank(type(instance), field)

    scale = scale_of(review)
    assessments = []
    for item in review.assessments.all():
        proposal = assessment_proposal(item, scale) if scores_visible else None
        assessments.append(
            AssessmentRecord(
                id=item.pk,
                competency_id=item.competency_id,
                name=item.name,
                definition=item.definition,
                expected_level=item.expected_level,
                level_summary=item.level_summary,
                in_focus=item.in_focus,
                marks=tuple(
                    MarkRecord(mark.pk, mark.text, mark.is_next_level, score(mark, "mark"))
                    for mark in item.marks.all()
                ),
                self_rating=_label(item.self_rating),
                self_remark=item.self_remark,
                proposed_rating=proposal.label if proposal else None,
                rating=_label(score(item, "rating")),
                justification=score(item, "justification"),
            )
        )
    goals = tuple(
        GoalRecord(
            id=goal.pk,
            title=goal.title,
            description=goal.description,
            measure=goal.measure,
            weight=goal.weight,
            deadline=goal.deadline,
            status=goal.status,
            self_rating=_label(goal.self_rating),
            self_remark=goal.self_remark,
            result_note=score(goal, "result_note"),
            rating=_label(score(goal, "rating")),
            justification=score(goal, "justification"),
            changes=tuple(
                GoalChangeRecord(
                    change.changed_at,
                    actor_name(change.changed_by),
                    change.changes,
                )
                for change in goal.changes.all()
            ),
        )
        for goal in review.goals.all()
    )
    proposal = overall_proposal(review) if scores_visible else None
    return ReviewRecord(
        review_id=review.pk,
        reader_id=reader_id,
        scores_visible=scores_visible,
        goals=goals,
        assessments=tuple(assessments),
        proposed_overall_rating=proposal.label if proposal else None,
        overall_rating=_label(score(review, "overall_rating")),
        overall_override_reason=score(review, "overall_override_reason"),
        returns=tuple(returns_of(review)) if scores_visible else (),
        earlier_rounds=rounds_for(review, reviewee=reviewee),
        events=tuple(_event(event, scores_visible) for event in review.events.all()),
        talks=talk_records(review=review, reader_id=reader_id),
        consequences=consequences_of(review) if scores_visible else None,
        advice=advice_of(review),
        shape=shape_of(review),
    )


# Events whose content is the manager's or the second reviewer's judgement of the scores (the scores
# submitted, why they went back): the reader's only with the scores (``rules.can_see_manager_scores``).
JUDGEMENT_EVENTS = frozenset(
    {
        ReviewEvent.Kind.SCORES_SUBMITTED,
        ReviewEvent.Kind.RETURNED_TO_MANAGER,
        ReviewEvent.Kind.REOPENED,
        ReviewEvent.Kind.CONSEQUENCES_PROPOSED,
    }
)


def _event(event: ReviewEvent, scores_visible: bool) -> ReviewEvent:
    """``event`` as the reader may see it: that it happened, always; a judgement's content only with the
    scores (an unsaved copy with an empty payload and no old or new values)."""
    if scores_visible or event.transition not in JUDGEMENT_EVENTS:
        return event
    masked = copy.copy(event)
    masked.payload, masked.old_value, masked.new_value = {}, None, None
    return masked
