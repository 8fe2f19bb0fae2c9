"""Reading talk forms and their answers, with the one rule of who sees which answer.

``can_see_answer`` is the rule; ``talk_records`` applies it to a review for one reader and is what the
record (``reviewcycle.record.review_record``) carries to the review page, the API, every PDF and the
personal-data export. Nothing else reads ``TalkAnswer`` rows for a reader.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch

from reviewcycle.models import Review, TalkAnswer, TalkForm, TalkFormSection, TalkQuestion
from reviewcycle.selectors import actor_name

Talk = TalkForm.Talk
AnsweredBy = TalkQuestion.AnsweredBy


def can_see_answer(answer: TalkAnswer, reader_id: int | None) -> bool:
    """Whether the user with id ``reader_id`` (None: the system, e.g. the PDF for the personnel file)
    may read ``answer``, given that they may see the review at all (``reviews_visible_to``; nobody else
    ever reaches an answer).

    The rule (domain brief, "Preparation forms are private to their author until the talk"): an answer
    is its author's alone until the talk it belongs to is recorded (``talk_recorded_at``) or the author
    shares it before the talk (``shared_at``); from then on it is part of the review's record, read by
    everyone who may read the review. The report's answers are written when the talk is recorded, so
    the same rule keeps the manager's draft of the report to the manager until then.
    """
    return (
        (reader_id is not None and answer.author_id == reader_id)
        or answer.shared_at is not None
        or answer.talk_recorded_at is not None
    )


def talk_label(talk: str, occurrence: int) -> str:
    """A talk's name with its number when there may be several: "Planning talk", "Progress talk 2"."""
    label = str(Talk(talk).label)
    return f"{label} {occurrence}" if talk == Talk.PROGRESS else label


@dataclass(frozen=True)
class AnswerRecord:
    id: int
    question_id: int
    answered_by: str  # TalkQuestion.AnsweredBy value: employee, manager or report
    author: str  # the person's name
    value: str  # as stored (the API)
    shown: str  # as the reader reads it (``TalkQuestion.answer_label``): the page, the PDF, the exports
    shared_at: datetime | None
    talk_recorded_at: datetime | None
    mine: bool  # the reader wrote it (and may still change it while the talk is not recorded)

    @property
    def private(self) -> bool:
        """Seen by its author only, so far."""
        return self.shared_at is None and self.talk_recorded_at is None


@dataclass(frozen=True)
class QuestionRecord:
    id: int
    section: str
    text: str
    help_text: str
    kind: str
    answered_by: str
    answered_by_label: str
    required: bool
    answers: tuple[AnswerRecord, ...]


@dataclass(frozen=True)
class TalkRecord:
    """The answers one reader may see of one talk of a review (the ``occurrence``-th of its kind)."""

    talk: str
    occurrence: int
    title: str
    recorded: bool
    questions: tuple[QuestionRecord, ...]

    @property
    def label(self) -> str:
        return talk_label(self.talk, self.occurrence)


def answers_prefetch() -> Prefetch:
    """What ``talk_records`` reads, for ``prefetch_related`` on reviews (one query for any number)."""
    return Prefetch(
        "talk_answers",
        queryset=TalkAnswer.objects.select_related("question__section__form", "author__employee").order_by(
            "occurrence", "question__section__order", "question__order", "question_id", "id"
        ),
    )


def talk_records(*, review: Review, reader_id: int | None) -> tuple[TalkRecord, ...]:
    """Every talk of ``review`` with an answer the reader (user id, None: the system) may see, in the
    order of the cycle (planning, progress 1, 2, …, appraisal); per talk its questions with their
    visible answers. Query-free when ``review`` has ``answers_prefetch``."""
    talks: dict[tuple[str, int], dict] = {}
    for answer in review.talk_answers.all():
        if not can_see_answer(answer, reader_id):
            continue
        question = answer.question
        form = question.section.form
        talk = talks.setdefault(
            (form.talk, answer.occurrence), {"title": form.title, "recorded": False, "questions": {}}
        )
        talk["recorded"] = talk["recorded"] or answer.talk_recorded_at is not None
        talk["questions"].setdefault(question, []).append(
            AnswerRecord(
                id=answer.pk,
                question_id=question.pk,
                answered_by=question.answered_by,
                author=actor_name(answer.author),
                value=answer.value,
                shown=question.answer_label(answer.value),
                shared_at=answer.shared_at,
                talk_recorded_at=answer.talk_recorded_at,
                mine=reader_id is not None and answer.author_id == reader_id,
            )
        )
    order = {value: index for index, value in enumerate(Talk.values)}
    return tuple(
        TalkRecord(
            talk=talk,
            occurrence=occurrence,
            title=data["title"],
            recorded=data["recorded"],
            questions=tuple(_question(question, answers) for question, answers in data["questions"].items()),
        )
        for (talk, occurrence), data in sorted(
            talks.items(), key=lambda item: (order[item[0][0]], item[0][1])
        )
    )


def _question(question: TalkQuestion, answers: list[AnswerRecord]) -> QuestionRecord:
    return QuestionRecord(
        id=question.pk,
        section=question.section.title,
        text=question.text,
        help_text=question.help_text,
        kind=question.kind,
        answered_by=question.answered_by,
        answered_by_label=str(question.get_answered_by_display()),
        required=question.required,
        answers=tuple(answers),
    )


# --- the talk being prepared now --------------------------------------------------------------------

# Where the review stands while each talk is prepared, and so while its answers may be written.
PREPARED_IN = {
    Talk.PLANNING: (Review.State.PLANNING,),
    Talk.PROGRESS: (Review.State.IN_PROGRESS,),
    Talk.APPRAISAL: (Review.State.SELF_ASSESSMENT, Review.State.SCORING, Review.State.APPRAISAL_TALK),
}
# The step that records each talk (and so makes its preparations part of the record).
RECORDED_BY = {
    "record_planning_talk": Talk.PLANNING,
    "record_progress_talk": Talk.PROGRESS,
    "record_appraisal_talk": Talk.APPRAISAL,
}


def talk_now(review: Review) -> tuple[str, int] | None:
    """The talk prepared now and its number (``(talk, occurrence)``): the planning talk while planning,
    the next progress talk while in progress, the closing talk from the self-assessment until it is
    recorded; None in every other state."""
    for talk, states in PREPARED_IN.items():
        if review.state in states:
            occurrence = review.progress_talk_count + 1 if talk == Talk.PROGRESS else 1
            return talk, occurrence
    return None


def form_for(review: Review, talk: str) -> TalkForm | None:
    """The form of ``talk`` in the regeling version ``review``'s cycle runs on (None: it has none), with
    its sections and questions prefetched."""
    return (
        TalkForm.objects.filter(template_version_id=review.cycle.template_version_id, talk=talk)
        .prefetch_related(
            Prefetch(
                "sections",
                queryset=TalkFormSection.objects.prefetch_related(
                    Prefetch("questions", queryset=TalkQuestion.objects.order_by("order", "id"))
                ),
            )
        )
        .first()
    )


def questions_of(form: TalkForm | None) -> list[TalkQuestion]:
    """``form``'s questions in order (empty without a form)."""
    if form is None:
        return []
    return [question for section in form.sections.all() for question in section.questions.all()]


def answered_by_reader(review: Review, user) -> set[str]:
    """Which questions ``user`` answers on ``review``'s talk forms (``AnsweredBy`` values): the employee
    their preparation, the manager theirs and the talk's report; nobody else any."""
    from reviewcycle import rules

    mine = set()
    if rules.is_reviewee(review, user):
        mine.add(AnsweredBy.EMPLOYEE)
    if rules.is_manager(review, user):
        mine |= {AnsweredBy.MANAGER, AnsweredBy.REPORT}
    return mine


def may_answer(question: TalkQuestion, review: Review, user) -> bool:
    """Whether ``user`` writes ``question``'s answers on ``review`` (``answered_by_reader``)."""
    return question.answered_by in answered_by_reader(review, user)


def talk_form_to_fill(review: Review, user) -> bool:
    """Whether ``user`` has questions to answer on the form of the talk ``review`` prepares now: the one
    rule for offering the talk form (the review page's link, the talk form page, the API's
    ``talk_form_to_fill`` and ``answerable``). False when no talk is prepared now, the regeling has no form
    for it, or none of its questions is the reader's. At most one query (none when no talk is prepared)."""
    current = talk_now(review)
    if current is None:
        return False
    mine = answered_by_reader(review, user)
    return (
        bool(mine)
        and TalkQuestion.objects.filter(
            section__form__template_version_id=review.cycle.template_version_id,
            section__form__talk=current[0],
            answered_by__in=mine,
        ).exists()
    )


def missing_report_answers(review: Review, talk: str) -> list[TalkQuestion]:
    """The required report questions of ``talk`` on ``review`` (its next occurrence) not answered yet.
    At most two queries, once per review instance and talk (the page asks for every step it shows)."""
    cache = review.__dict__.setdefault("_missing_report_answers", {})
    if talk not in cache:
        occurrence = review.progress_talk_count + 1 if talk == Talk.PROGRESS else 1
        required = list(
            TalkQuestion.objects.filter(
                section__form__template_version_id=review.cycle.template_version_id,
                section__form__talk=talk,
                answered_by=AnsweredBy.REPORT,
                required=True,
            ).order_by("section__order", "order", "id")
        )
        answered = (
            set(
                TalkAnswer.objects.filter(
                    review=review, occurrence=occurrence, question__in=required, value__gt=""
                ).values_list("question_id", flat=True)
            )
            if required
            else set()
        )
        cache[talk] = [question for question in required if question.pk not in answered]
    return cache[talk]


@dataclass(frozen=True)
class OpenQuestion:
    id: int
    section: str
    text: str
    help_text: str
    kind: str
    choices: tuple[str, ...]
    answered_by: str
    required: bool
    yours: bool  # the reader answers this question
    answer: str | None  # the reader's own answer; None when they gave none (others' are in the record)
    shared: bool

    @property
    def answered_by_label(self) -> str:
        return str(AnsweredBy(self.answered_by).label)

    @property
    def in_report(self) -> bool:
        """Answered together, as the talk's report (else: a preparation before the talk)."""
        return self.answered_by == AnsweredBy.REPORT


@dataclass(frozen=True)
class OpenTalkForm:
    """The form of the talk prepared now, as one reader fills it in."""

    talk: str | None
    occurrence: int | None
    title: str
    introduction: str
    questions: tuple[OpenQuestion, ...]

    def section_list(self) -> list[tuple[str, list[OpenQuestion]]]:
        """The questions grouped by section, in order (for the page)."""
        sections: dict[str, list[OpenQuestion]] = {}
        for question in self.questions:
            sections.setdefault(question.section, []).append(question)
        return list(sections.items())

    @property
    def answerable(self) -> bool:
        """The reader has questions to answer (as ``talk_form_to_fill`` says for a review)."""
        return any(question.yours for question in self.questions)

    @property
    def label(self) -> str:
        """The talk's name and number: "Planning talk", "Progress talk 2" (empty for no talk)."""
        return talk_label(self.talk, self.occurrence) if self.talk else ""


def talk_form_now(*, review: Review, user) -> OpenTalkForm:
    """The form of the talk ``review`` prepares now (``talk_now``) with ``user``'s own answers, and which
    questions are theirs; an empty form (``talk`` None) when no talk is prepared now or the regeling has
    no form for it. Four queries."""
    current = talk_now(review)
    form = form_for(review, current[0]) if current else None
    if form is None:
        return OpenTalkForm(None, None, "", "", ())
    talk, occurrence = current
    own = {
        answer.question_id: answer
        for answer in TalkAnswer.objects.filter(
            review=review, occurrence=occurrence, author_id=user.pk, question__section__form=form
        )
    }
    return OpenTalkForm(
        talk=talk,
        occurrence=occurrence,
        title=form.title,
        introduction=form.introduction,
        questions=tuple(
            OpenQuestion(
                id=question.pk,
                section=section.title,
                text=question.text,
                help_text=question.help_text,
                kind=question.kind,
                choices=tuple(question.choices),
                answered_by=question.answered_by,
                required=question.required,
                yours=may_answer(question, review, user),
                answer=own[question.pk].value if question.pk in own else None,
                shared=question.pk in own and own[question.pk].shared_at is not None,
            )
            for section in form.sections.all()
            for question in section.questions.all()
        ),
    )


# --- HR's preview of a form ---------------------------------------------------------------------

PREVIEW_READERS = ("employee", "manager")


def talk_form_preview(*, form: TalkForm, reader: str) -> OpenTalkForm:
    """``form`` (sections and questions prefetched) as ``reader`` ("employee" or "manager") fills it in
    before the talk, on the same page form as a review's (``talk_form_now``), with no answers: the
    employee answers the employee's preparation, the manager their own and the talk's report."""
    mine = {AnsweredBy.EMPLOYEE} if reader == "employee" else {AnsweredBy.MANAGER, AnsweredBy.REPORT}
    return OpenTalkForm(
        talk=form.talk,
        occurrence=1,
        title=form.title,
        introduction=form.introduction,
        questions=tuple(
            OpenQuestion(
                id=question.pk,
                section=section.title,
                text=question.text,
                help_text=question.help_text,
                kind=question.kind,
                choices=tuple(question.choices),
                answered_by=question.answered_by,
                required=question.required,
                yours=question.answered_by in mine,
                answer=None,
                shared=False,
            )
            for section in form.sections.all()
            for question in section.questions.all()
        ),
    )
