"""What an informant is asked, and the informant's own side: their requests, the form they fill in and
their own answer. Only the informant reads their answer here; everyone else reads
``reviewcycle.informants.selectors.informant_feedback``."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from reviewcycle.models import (
    IndicatorMark,
    InformantAnswer,
    InformantRequest,
    Review,
    TalkForm,
    TalkQuestion,
)
from reviewcycle.selectors import actor_name
from reviewcycle.talk_forms.selectors import form_for, questions_of

Status = InformantRequest.Status


def asked_indicators(review: Review, *, include_next_level: bool) -> list[IndicatorMark]:
    """The behavioural indicators a request asks about: those of the expected level of each competency in
    focus, and the next level's too when asked, in the order of the review's form."""
    indicators = IndicatorMark.objects.filter(assessment__review=review, assessment__in_focus=True)
    if not include_next_level:
        indicators = indicators.filter(is_next_level=False)
    return list(
        indicators.select_related("assessment").order_by(
            "assessment__order", "assessment_id", "is_next_level", "order", "id"
        )
    )


def informant_questions(review: Review) -> list[TalkQuestion]:
    """The questions of the regeling's informant form (empty when it has none)."""
    return [
        question
        for question in questions_of(form_for(review, TalkForm.Talk.INFORMANT))
        if question.answered_by == TalkQuestion.AnsweredBy.INFORMANT
    ]


def informant_label(request: InformantRequest) -> str:
    """How a request names its informant: the person's name, or the external's name and address."""
    if request.is_external:
        return f"{request.external_name} <{request.external_email}>"
    return actor_name(request.informant)


# --- the informant's own side --------------------------------------------------------------------------


def own_requests(*, user) -> QuerySet[InformantRequest]:
    """The requests ``user`` is asked to answer (their inbox), withdrawn ones left out, open ones first."""
    return (
        InformantRequest.objects.filter(informant=user)
        .exclude(status=Status.WITHDRAWN)
        .select_related("review__employee", "review__cycle__template_version", "requested_by__employee")
        .order_by("status", "due_date", "id")
    )


def request_for_informant(*, user, pk: int) -> InformantRequest:
    """``user``'s own request ``pk``; ``InformantRequest.DoesNotExist`` (404) for anyone else's."""
    return own_requests(user=user).get(pk=pk)


def own_answer(request: InformantRequest) -> InformantAnswer | None:
    """The informant's own answer to ``request`` (for them only), with its marks and answers."""
    return (
        InformantAnswer.objects.filter(request=request).prefetch_related("marks", "question_answers").first()
    )


@dataclass(frozen=True)
class AskedIndicator:
    id: int
    competency: str
    text: str
    is_next_level: bool
    mark: str | None  # the informant's own mark, once answered


@dataclass(frozen=True)
class AskedQuestion:
    id: int
    text: str
    help_text: str
    kind: str
    choices: tuple[str, ...]
    required: bool
    answer: str | None  # the informant's own answer, once answered


@dataclass(frozen=True)
class AskedForm:
    """What one request asks, as its informant fills it in (and, once answered, what they gave)."""

    request_id: int
    employee: str
    asked_by: str  # who asked: the page says so (an external knows nobody else in the product)
    relation: str
    anonymous: bool  # the answer is shown only together with others of its group
    min_group: int
    due_date: date
    status: str
    indicators: tuple[AskedIndicator, ...]
    questions: tuple[AskedQuestion, ...]


def asked_form(request: InformantRequest) -> AskedForm:
    """The form of ``request`` for its informant: the indicators and questions asked, with the
    informant's own marks and answers once given. For the informant only (in the product, or through
    the link)."""
    review = request.review
    version = review.cycle.template_version
    answer = own_answer(request) if request.status == Status.ANSWERED else None
    marks = {mark.indicator_id: mark.mark for mark in answer.marks.all()} if answer else {}
    given = {row.question_id: row.value for row in answer.question_answers.all()} if answer else {}
    return AskedForm(
        request_id=request.pk,
        employee=review.employee.name,
        asked_by=actor_name(request.requested_by),
        relation=request.relation,
        anonymous=request.relation in (version.informant_anonymous_relations or []),
        min_group=version.informant_min_group,
        due_date=request.due_date,
        status=request.status,
        indicators=tuple(
            AskedIndicator(
                id=indicator.pk,
                competency=indicator.assessment.name,
                text=indicator.text,
                is_next_level=indicator.is_next_level,
                mark=marks.get(indicator.pk),
            )
            for indicator in asked_indicators(review, include_next_level=request.include_next_level)
        ),
        questions=tuple(
            AskedQuestion(
                id=question.pk,
                text=question.text,
                help_text=question.help_text,
                kind=question.kind,
                choices=tuple(question.choices),
                required=question.required,
                answer=given.get(question.pk),
            )
            for question in informant_questions(review)
        ),
    )
