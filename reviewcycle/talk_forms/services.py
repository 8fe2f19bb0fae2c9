"""Writing talk forms and answers: the built-in forms loaded into their regeling, an author's answers
saved and shared before the talk, and the answers made part of the record when the talk is recorded."""

from django.contrib.auth.models import AbstractBaseUser as User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from reviewcycle.models import (
    CycleTemplateEvent,
    CycleTemplateVersion,
    Review,
    TalkAnswer,
    TalkForm,
    TalkFormSection,
    TalkQuestion,
)
from reviewcycle.services.inputs import clean_text
from reviewcycle.talk_forms.builtin_more import BUILTIN_FORMS
from reviewcycle.talk_forms.selectors import form_for, may_answer, questions_of, talk_now

AnsweredBy = TalkQuestion.AnsweredBy


def talk_forms_create(*, version: CycleTemplateVersion, forms: dict) -> list[TalkForm]:
    """Create ``version``'s talk forms from ``forms`` (talk → definition, as in ``talk_forms.builtin``).
    ``IntegrityError`` when the version already has a form for one of the talks."""
    created = []
    for talk, definition in forms.items():
        form = TalkForm.objects.create(
            template_version=version,
            talk=talk,
            title=definition["title"],
            introduction=definition.get("introduction", ""),
        )
        for section_order, section_definition in enumerate(definition["sections"]):
            section = TalkFormSection.objects.create(
                form=form, title=section_definition["title"], order=section_order
            )
            TalkQuestion.objects.bulk_create(
                TalkQuestion(
                    section=section,
                    order=order,
                    text=question["text"],
                    help_text=question.get("help", ""),
                    kind=question.get("kind", TalkQuestion.Kind.TEXT),
                    options=question.get("options", []),
                    answered_by=question["by"],
                    required=question.get("required", False),
                )
                for order, question in enumerate(section_definition["questions"])
            )
        created.append(form)
    return created


@transaction.atomic
def talk_forms_load_builtin(*, just_loaded: frozenset[int] = frozenset()) -> list[TalkForm]:
    """Give version 1 of each built-in regeling the built-in talk forms (``talk_forms.builtin_more``) it has
    none for yet, talk by talk: the regelingen loaded before their forms existed (*Gemeentelijk* v1, which every
    earlier cycle runs on; *Proeftijd*, *Twee gesprekken* and *R&O* loaded before they had forms) get them
    too, and those loaded before the informant form get that one. Returns the forms created; idempotent.

    The version stays published and keeps its number, though published versions are otherwise never
    changed: a version gets only questions for talks it had no form for, and nothing a cycle on it runs by changes.
    No answer exists yet (there was no form to answer), no built-in report question is required (so
    recording a talk is not blocked by the new form), and the shape, dates and scores are untouched. A
    new version instead would leave every cycle already running on version 1 without forms. Audited:
    one ``BUILTIN_LOADED`` event per version, by the system, naming the talks that got a form — except for
    the versions of ``just_loaded`` (ids), loaded in the same call, whose own event covers their forms."""
    created = []
    versions = CycleTemplateVersion.objects.filter(
        template__slug__in=BUILTIN_FORMS, template__builtin=True, number=1
    ).select_related("template")
    for version in versions:
        present = set(version.talk_forms.values_list("talk", flat=True))
        missing = {
            talk: form for talk, form in BUILTIN_FORMS[version.template.slug].items() if talk not in present
        }
        if not missing:
            continue
        forms = talk_forms_create(version=version, forms=missing)
        created += forms
        if version.pk in just_loaded:
            continue
        CycleTemplateEvent.record(
            version=version,
            actor=None,
            kind=CycleTemplateEvent.Kind.BUILTIN_LOADED,
            payload={"slug": version.template.slug, "talk_forms": [form.talk for form in forms]},
        )
    return created


def _clean_value(question: TalkQuestion, value) -> str:
    """``value`` as stored for ``question``: text stripped; for a scale, a choice or yes/no one of its
    answers (``question.choices``). ``ValidationError`` (400) on ``answers`` otherwise."""
    value = clean_text("" if value is None else str(value), "answers", required=False)
    if value and question.choices and value not in question.choices:
        raise ValidationError(
            {
                "answers": _("“%(value)s” is not an answer to “%(question)s”: choose one of %(choices)s.")
                % {"value": value, "question": question.text, "choices": ", ".join(question.choices)}
            }
        )
    return value


def _open_talk(review: Review) -> tuple[str, int]:
    current = talk_now(review)
    if current is None:
        raise TransitionNotAllowed(
            _("No talk is being prepared now: the review is at “%(state)s”.")
            % {"state": review.get_state_display()}
        )
    return current


@transaction.atomic
def talk_answers_save(*, review: Review, actor: User, answers: list[dict]) -> list[TalkAnswer]:
    """``actor`` saves their answers to the form of the talk prepared now (``selectors.talk_now``):
    ``answers`` is a list of ``{"question": id, "value": str}``; an empty value clears the answer.

    The employee answers the employee's preparation questions; the manager their own and the talk's
    report. Errors: ``TransitionNotAllowed`` (409) when no talk is prepared now (once the talk is recorded
    its answers stay as they were, unless the review comes back to it, e.g. a plan reopened); ``PermissionDenied`` (403) for a question that is not the
    actor's to answer; ``ValidationError`` (400, ``answers``) for a question not on the form, an answer
    not among a scale's or a choice's options, or a question named twice. Returns the saved answers.
    """
    review = (
        Review.objects.select_for_update(of=("self",))
        .select_related("cycle", "employee", "manager")
        .get(pk=review.pk)
    )
    talk, occurrence = _open_talk(review)
    questions = {question.pk: question for question in questions_of(form_for(review, talk))}
    named = [entry.get("question") for entry in answers]
    if len(named) != len(set(named)):
        raise ValidationError(
            {"answers": _("Each question may be answered once; one is named more than once.")}
        )
    saved = []
    for entry in answers:
        question = questions.get(entry.get("question"))
        if question is None:
            raise ValidationError(
                {
                    "answers": _("Question %(id)s is not on the form of this talk.")
                    % {"id": entry.get("question")}
                }
            )
        if not may_answer(question, review, actor):
            raise PermissionDenied(
                _("“%(question)s” is answered by: %(who)s.")
                % {"question": question.text, "who": question.get_answered_by_display()}
            )
        value = _clean_value(question, entry.get("value"))
        answer, _created = TalkAnswer.objects.update_or_create(
            review=review,
            question=question,
            occurrence=occurrence,
            author=actor,
            defaults={"value": value},
        )
        saved.append(answer)
    return saved


@transaction.atomic
def talk_answers_share(*, review: Review, actor: User) -> int:
    """``actor`` shares their preparation of the talk prepared now before the talk: the other side may
    read it from now on. Returns how many answers were shared (0 when there was nothing new to share).
    ``TransitionNotAllowed`` (409) when no talk is prepared now."""
    review = Review.objects.select_for_update(of=("self",)).get(pk=review.pk)
    talk, occurrence = _open_talk(review)
    return TalkAnswer.objects.filter(
        review=review,
        occurrence=occurrence,
        author=actor,
        question__section__form__talk=talk,
        question__answered_by__in=[AnsweredBy.EMPLOYEE, AnsweredBy.MANAGER],
        shared_at__isnull=True,
        talk_recorded_at__isnull=True,
    ).update(shared_at=timezone.now())


def talk_answers_record(*, review: Review, talk: str, occurrence: int) -> int:
    """Make the answers of the ``occurrence``-th ``talk`` of ``review`` part of its record: called in the
    transaction of the step that records the talk (``receivers``). Returns how many answers it released."""
    return TalkAnswer.objects.filter(
        review=review,
        occurrence=occurrence,
        question__section__form__talk=talk,
        talk_recorded_at__isnull=True,
    ).update(talk_recorded_at=timezone.now())
