"""The review forms (planning, progress, appraisal) as plain data, built from the one view of the record.

The PDF renders a ``ReviewForm`` (``reports.pdf.render_review_form``), the review page shows one;
the manager's scores in it are the ``ReviewRecord``'s, masked for the reader there.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from reviewcycle.informants.selectors import InformantFeedback, informant_feedback
from reviewcycle.models import Review, ReviewEvent
from reviewcycle.record.advice import AdviceRecord
from reviewcycle.record.consequences import ConsequencesRecord
from reviewcycle.record.progress import ProgressReport, progress_reports
from reviewcycle.record.rounds import EarlierRound, since_last_round
from reviewcycle.record.sentences import Objection, Returned, history_sentence, objections_of
from reviewcycle.record.view import GoalRecord, RecordShape, ReviewRecord, review_record
from reviewcycle.scoring import proposal_legend
from reviewcycle.selectors import review_detail, review_history
from reviewcycle.talk_forms.selectors import TalkRecord
from reviewcycle.workflow import due_date_for, objection_decider, response_term_open, state_label

FORM_KINDS = ("planning", "progress", "appraisal")


def default_form_kind(state: str) -> str:
    """The form that belongs to where the review is now."""
    if state in (Review.State.PLANNING, Review.State.PLAN_SIGNOFF):
        return "planning"
    if state == Review.State.IN_PROGRESS:
        return "progress"
    return "appraisal"


@dataclass
class Indicator:
    text: str
    mark: str  # the mark's label, empty when not marked (or not visible to the reader)


@dataclass
class CompetencyBlock:
    name: str
    definition: str
    expected_level: int | None
    level_summary: str
    indicators: list[Indicator]
    next_level_indicators: list[Indicator]
    self_rating: str = ""
    self_remark: str = ""
    proposed_rating: str = ""
    rating: str = ""
    justification: str = ""


@dataclass
class GoalBlock:
    title: str
    description: str
    measure: str
    weight: int | None
    deadline: date | None
    withdrawn: bool
    self_rating: str = ""
    self_remark: str = ""
    result_note: str = ""
    rating: str = ""
    justification: str = ""
    changes: list[str] = field(default_factory=list)
    signed_weight: int | None = None  # the weight as the plan was signed, when it differs from ``weight``
    changes_since_signed: list[str] = field(default_factory=list)  # in sentences, after the plan was signed


@dataclass
class Signature:
    role: str
    name: str
    date: date | None
    status: str


@dataclass
class ReviewForm:
    kind: str
    language: str
    title: str
    reference: str
    organisation_name: str
    logo_path: str
    generated_at: datetime
    employee_name: str
    employee_number: str
    org_unit: str
    role_label: str
    manager_name: str
    second_reviewer_name: str
    cycle_name: str
    period: tuple[date, date]
    state_label: str
    competencies: list[CompetencyBlock]
    goals: list[GoalBlock]
    development_actions: list[tuple[str, str, date | None, str]]  # description, competency, due, status
    progress_talks: list[tuple[date, str]]
    progress_reports: list[ProgressReport]  # the progress talks with their signatures, in recording order
    scores_visible: bool
    proposed_overall: str = ""
    overall_rating: str = ""
    overall_override_reason: str = ""
    weights: tuple[int, int] = (50, 50)
    legend: list[str] = field(default_factory=list)
    plan_talk_date: date | None = None
    plan_signature: str = ""
    plan_response: str = ""
    appraisal_talk_date: date | None = None
    appraisal_summary: str = ""
    self_assessment_skip_reason: str = ""
    employee_response: str = ""
    objection_grounds: str = ""
    objection_decision: str = ""
    objection_decision_reason: str = ""
    signatures: list[Signature] = field(default_factory=list)
    history: list[tuple[datetime, str, str]] = field(default_factory=list)  # when, what happened, by whom
    history_sentences: list[tuple[datetime, str]] = field(default_factory=list)  # when, in one sentence
    plan_signed_on: date | None = None
    signature: str = ""  # the employee's signature of the appraisal (or why there is none yet)
    signed_on: date | None = None
    response_due: date | None = None  # the term for a response or an objection
    response_term_open: bool = False  # whether the employee may still respond (the term is shown)
    objections: list[Objection] = field(default_factory=list)  # every objection, with HR's decision
    objection_decide_by: date | None = None  # while an objection waits for HR
    objection_decider: str = ""  # who at HR decides it, while it waits ("Name (HR)" or "HR")
    returns: list[Returned] = field(default_factory=list)  # every return to the manager (with the scores)
    earlier_rounds: list[EarlierRound] = field(default_factory=list)  # closed rounds, as the reader sees them
    talks: list[TalkRecord] = field(default_factory=list)  # the talk forms' answers the reader may see
    advice: AdviceRecord | None = None  # on the contract, given with the closing talk (``record.advice``)
    consequences: ConsequencesRecord | None = (
        None  # of the appraisal, with the scores (``record.consequences``)
    )
    # The informants' input as the reader may see it (``informant_feedback``), on the appraisal form only:
    # every PDF of it (the download, HR's export, the personal-data export) prints the same.
    informants: InformantFeedback | None = None
    shape: RecordShape = field(
        default_factory=RecordShape
    )  # the parts the regeling has (the rest is left out)
    # What the regeling calls its talks and goals (``CycleTemplateVersion.talk_name``, ``goals_label``),
    # capitalised as headings: "planning", "progress", "appraisal", "goals".
    names: dict = field(default_factory=dict)


def _names(version) -> dict:
    return {
        "planning": capfirst(version.talk_name("planning")),
        "progress": capfirst(version.talk_name("progress")),
        "appraisal": capfirst(version.talk_name("appraisal")),
        "goals": version.goals_label,
    }


def _when(moment) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def _weight_as_signed(goal: GoalRecord, signed_at: datetime | None) -> int | None:
    """The goal's weight as the plan was signed, when it changed since; None when it did not."""
    weight = goal.weight_at(signed_at)
    return weight if weight != goal.weight else None


def _signature_status(review: Review, signature: str, *, of_plan: bool = False, objected: bool = True) -> str:
    if signature:
        return str(Review.Signature(signature).label)
    if of_plan and review.state == Review.State.PLAN_SIGNOFF:
        return _("Awaiting signature")
    if not of_plan and review.state == Review.State.EMPLOYEE_RESPONSE:
        return _("Awaiting signature")  # the term's last day is given beside it, once
    if not of_plan and objected and review.objected_at is not None:
        return _("Not signed: objected")  # "not yet" would suggest the employee may still sign
    return _("Not signed yet")


def review_form(*, user: User, pk: int, kind: str | None = None) -> ReviewForm:
    """The form of one review as ``user`` may see it (``Review.DoesNotExist`` when they may not: 404)."""
    review = review_detail(user=user, pk=pk)
    return build_review_form(review, user=user, kind=kind)


def build_review_form(
    review: Review,
    *,
    user: User | None = None,
    record: ReviewRecord | None = None,
    kind: str | None = None,
    language: str | None = None,
) -> ReviewForm:
    """The form of an already loaded review (``review_detail``'s prefetches keep this query-free).

    ``kind``: one of ``FORM_KINDS`` (``ValueError`` otherwise), by default the one of the review's
    state. In ``language``, or else the employee's: the PDF goes into their personnel file, while a
    page speaks the language of whoever reads it. The content is ``record``, or else what ``user``
    may see of the review (``review_record``); the personal-data export passes the employee's view.
    """
    kind = kind or default_form_kind(review.state)
    if kind not in FORM_KINDS:
        raise ValueError(f"unknown form {kind!r}")
    if record is None and user is None:
        raise TypeError("build_review_form needs its reader: user= or their record=")
    record = record or review_record(review=review, user=user)
    language = language or review.employee.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        return _build(review, record, kind=kind, language=language)


def _build(review: Review, record: ReviewRecord, *, kind: str, language: str) -> ReviewForm:
    competencies = [
        CompetencyBlock(
            name=item.name,
            definition=item.definition,
            expected_level=item.expected_level,
            level_summary=item.level_summary,
            indicators=[
                Indicator(mark.text, mark.mark_label) for mark in item.marks if not mark.is_next_level
            ],
            next_level_indicators=[
                Indicator(mark.text, mark.mark_label) for mark in item.marks if mark.is_next_level
            ],
            self_rating=item.self_rating or "",
            self_remark=item.self_remark,
            proposed_rating=item.proposed_rating or "",
            rating=item.rating or "",
            justification=item.justification,
        )
        for item in record.competencies_in_focus
    ]
    goals = [
        GoalBlock(
            title=goal.title,
            description=goal.description,
            measure=goal.measure,
            weight=goal.weight,
            deadline=goal.deadline,
            withdrawn=goal.withdrawn,
            self_rating=goal.self_rating or "",
            self_remark=goal.self_remark,
            result_note=goal.result_note,
            rating=goal.rating or "",
            justification=goal.justification,
            changes=[sentence for change in goal.changes for sentence in change.sentences],
            signed_weight=_weight_as_signed(goal, review.plan_signed_at),
            changes_since_signed=[
                sentence
                for change in goal.changes_since(review.plan_signed_at)
                for sentence in change.sentences
            ],
        )
        for goal in record.goals
    ]
    history = review_history(review=review)
    employee = review.employee
    manager, second = review.manager, review.second_reviewer
    # After a round closed, the talk and the signature are the current round's only once taken again.
    since = since_last_round(review)
    talk_now = since is None or ReviewEvent.Kind.APPRAISAL_TALK_RECORDED in since
    signed_now = since is None or bool(
        {ReviewEvent.Kind.APPRAISAL_SIGNED, ReviewEvent.Kind.RESPONSE_TERM_EXPIRED} & since
    )
    talk_date = review.appraisal_talk_date if talk_now else None
    signature, signed_at = (review.signature, review.signed_at) if signed_now else ("", None)
    objected_now = since is None or ReviewEvent.Kind.OBJECTED in since
    # The leidinggevende's line: the talk of this form (the latest progress talk on the progress form).
    shape = record.shape
    last_progress_talk = max((talk.talk_date for talk in review.progress_talks.all()), default=None)
    # Without a closing talk the appraisal form sums up the talks held: the last one is the manager's line.
    closing = talk_date if shape.has_closing_talk else (last_progress_talk or review.planning_talk_date)
    held_on = {"appraisal": closing, "progress": last_progress_talk}.get(kind, review.planning_talk_date)
    employee_signs_appraisal = kind == "appraisal" and shape.has_closing_talk
    signatures = [
        Signature(
            _("Manager"), manager.name, held_on, _("Talk recorded") if held_on else _("Talk not recorded yet")
        ),
        Signature(
            _("Employee"),
            employee.name,
            _when(signed_at) if employee_signs_appraisal else _when(review.plan_signed_at),
            _signature_status(review, signature, objected=objected_now)
            if employee_signs_appraisal
            else _signature_status(review, review.plan_signature, of_plan=True),
        ),
    ]
    if kind == "appraisal" and shape.has_second_review:
        signatures.append(
            Signature(
                _("Second reviewer"),
                second.name if second else "—",
                _when(review.finalised_at),
                _("Finalised") if review.finalised_at else _("Not finalised yet"),
            )
        )
    version = review.cycle.template_version
    titles = {
        "planning": capfirst(version.talk_name("planning")),
        "progress": _("Progress talks"),
        "appraisal": _("Appraisal") if shape.has_closing_talk else _("Talks of the cycle"),
    }
    return ReviewForm(
        kind=kind,
        language=language,
        title=f"{titles[kind]} — {employee.name}",
        reference=f"GC-{review.cycle_id}-{review.pk}",
        organisation_name=settings.ORGANISATION_NAME,
        logo_path=settings.ORGANISATION_LOGO,
        generated_at=timezone.localtime(),
        employee_name=employee.name,
        employee_number=employee.employee_number,
        org_unit=review.org_unit.name,
        role_label=review.role_label,
        manager_name=manager.name,
        second_reviewer_name=second.name if second and shape.has_second_review else "",
        cycle_name=review.cycle.name,
        period=(review.cycle.period_start, review.cycle.period_end),
        state_label=state_label(review),
        competencies=competencies,
        goals=goals,
        development_actions=[
            (
                action.description,
                action.competency.name if action.competency else "",
                action.due_date,
                str(action.get_status_display()),
            )
            for action in review.development_actions.all()
        ],
        progress_talks=[(talk.talk_date, talk.notes) for talk in review.progress_talks.all()],
        progress_reports=progress_reports(review),
        scores_visible=record.scores_visible,
        proposed_overall=record.proposed_overall_rating or "",
        overall_rating=record.overall_rating or "",
        overall_override_reason=record.overall_override_reason,
        weights=(review.cycle.goal_weight, review.cycle.competency_weight),
        legend=proposal_legend(),
        plan_talk_date=review.planning_talk_date,
        plan_signature=_signature_status(review, review.plan_signature, of_plan=True),
        plan_response=review.plan_response,
        appraisal_talk_date=talk_date,
        appraisal_summary=review.appraisal_summary if talk_now else "",
        self_assessment_skip_reason=review.self_assessment_skip_reason,
        employee_response=review.employee_response if signed_now else "",
        objection_grounds=review.objection_grounds,
        objection_decision=str(review.get_objection_decision_display()) if review.objection_decision else "",
        objection_decision_reason=review.objection_decision_reason,
        signatures=signatures,
        history=[(timezone.localtime(line.at), line.what, line.who) for line in history],
        history_sentences=[(timezone.localtime(line.at), history_sentence(line)) for line in history],
        plan_signed_on=_when(review.plan_signed_at),
        signature=_signature_status(review, signature, objected=objected_now),
        signed_on=_when(signed_at),
        response_due=review.response_due if talk_now else None,
        response_term_open=response_term_open(review),
        objections=objections_of(review),
        objection_decide_by=due_date_for(review) if review.state == Review.State.OBJECTION else None,
        objection_decider=objection_decider(review) if review.state == Review.State.OBJECTION else "",
        returns=list(record.returns),
        earlier_rounds=list(record.earlier_rounds),
        talks=list(record.talks),
        names=_names(version),
        consequences=record.consequences,
        informants=informant_feedback(review=review, reader_id=record.reader_id)
        if kind == "appraisal"
        else None,
        advice=record.advice,
        shape=shape,
    )
