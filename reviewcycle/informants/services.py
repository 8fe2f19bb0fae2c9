"""Writing informants' input: asking, withdrawing, answering (in the product or through the personal link)
and expiring. Every rule about requests lives here; what readers see of the answers is the selectors'.

Mail: reviewcycle never writes the outbox itself (``docs/architecture.md``): ``informant_requested`` is
announced in the transaction of the request, and notifications' receiver writes the outbox row (the
external's link is made when the mail is delivered: the token is never stored).
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from core.text import single_line
from reviewcycle import rules
from reviewcycle.informants import asked, selectors, whom
from reviewcycle.informants.tokens import request_for_token
from reviewcycle.models import (
    InformantAnswer,
    InformantMark,
    InformantQuestionAnswer,
    InformantRequest,
    Review,
)
from reviewcycle.services.inputs import clean_text
from reviewcycle.signals import informant_requested
from reviewcycle.talk_forms.services import _clean_value

Relation = InformantRequest.Relation
Status = InformantRequest.Status
MAX_DAYS_AHEAD = 366


def may_request(review: Review, user) -> bool:
    """Whether ``user`` may ask for input on ``review``: its manager, or the employee when the regeling
    lets them (``informants_by_employee``)."""
    if rules.is_manager(review, user):
        return True
    return review.cycle.template_version.informants_by_employee and rules.is_reviewee(review, user)


def request_refusal(review: Review, user) -> rules.Refusal | None:
    """Why ``user`` may not ask for input on ``review`` now (None: they may): not theirs (403), or not in a
    phase the regeling allows (409)."""
    if not may_request(review, user):
        return rules.Refusal(_("You may not ask for input on this review."), forbidden=True)
    if review.state not in selectors.request_states(review.cycle.template_version):
        return rules.Refusal(
            _("Input cannot be asked now: the review is at “%(state)s”.")
            % {"state": review.get_state_display()},
            forbidden=False,
        )
    return None


def _locked(review: Review) -> Review:
    return (
        Review.objects.select_for_update(of=("self",))
        .select_related("cycle__template_version", "employee", "manager")
        .get(pk=review.pk)
    )


def _locked_request(pk: int) -> InformantRequest:
    """Request ``pk`` locked for an answer or a withdrawal, its review locked first. Asking, answering and
    withdrawing all change what a group shows, so each takes the review's lock: an answer that completes
    a group waits for a request being added to it (and the other way round), so the group is never shown
    for a moment and then changed by someone added meanwhile."""
    review_id = InformantRequest.objects.filter(pk=pk).values_list("review_id", flat=True).get()
    list(Review.objects.select_for_update(of=("self",)).filter(pk=review_id).values_list("pk", flat=True))
    return (
        InformantRequest.objects.select_for_update(of=("self",))
        .select_related("review__cycle__template_version", "review__employee", "review__manager")
        .get(pk=pk)
    )


def _clean_due(due_date, today: date) -> date:
    if not isinstance(due_date, date):
        raise ValidationError({"due_date": _("Give a date.")})
    if due_date < today:
        raise ValidationError({"due_date": _("The due date cannot be in the past.")})
    if (due_date - today).days > MAX_DAYS_AHEAD:
        raise ValidationError({"due_date": _("The due date is at most a year ahead.")})
    return due_date


def _clean_person(review: Review, actor, relation: str, informant, email: str, name: str) -> dict:
    if relation == Relation.EXTERNAL:
        if informant is not None:
            raise ValidationError({"informant": _("An external contact is asked by e-mail address.")})
        email = clean_text(email, "email", max_length=254).lower()
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
        refusal = whom.address_refusal(review, email)
        if refusal:
            raise ValidationError({"email": refusal})
        name = single_line(clean_text(name, "name", max_length=200))
        return {"external_email": email, "external_name": name}
    if informant is None:
        raise ValidationError({"informant": _("Choose the person to ask.")})
    if email or name:
        raise ValidationError({"email": _("Only an external contact is asked by e-mail address.")})
    refusal = whom.person_refusal(review, actor, relation, informant)
    if refusal:
        raise ValidationError({"informant": refusal})
    return {"informant": informant}


@transaction.atomic
def informant_request(
    *,
    review: Review,
    actor,
    relation: str,
    due_date: date,
    informant=None,
    email: str = "",
    name: str = "",
    include_next_level: bool = False,
    today: date | None = None,
) -> InformantRequest:
    """``actor`` asks one person for input on ``review`` by ``due_date`` (inclusive).

    ``relation`` one of ``InformantRequest.Relation``; a user ``informant`` for every relation but
    ``external``, which takes ``email`` and ``name`` instead. ``include_next_level``: also ask about the
    next level's indicators. The request is announced (``informant_requested``): notifications mails it.

    Errors: ``PermissionDenied`` (403) when ``actor`` is not the manager (or the employee, where the
    regeling allows); ``TransitionNotAllowed`` (409) outside the phases the regeling allows, or when the
    relation's anonymous group was shown already (a new answer would stand out); ``ValidationError``
    (400) for an unknown relation, a missing or invalid person or address, the employee themselves or the
    actor as informant, someone already asked (``informant``/``email``), a due date in the past or more
    than a year ahead. Returns the request.
    """
    today = today or timezone.localdate()
    review = _locked(review)
    refusal = request_refusal(review, actor)
    if refusal:
        refusal.raise_error()
    if relation not in Relation.values:
        raise ValidationError(
            {"relation": _("Choose one of: %(choices)s.") % {"choices": ", ".join(Relation.values)}}
        )
    person = _clean_person(review, actor, relation, informant, email, name)
    due_date = _clean_due(due_date, today)
    if selectors.group_sealed(review, relation, today=today):
        raise TransitionNotAllowed(
            _("The answers of this group have been shown already: nobody can be added to it any more.")
        )
    request = InformantRequest(
        review=review,
        requested_by=actor,
        relation=relation,
        due_date=due_date,
        include_next_level=bool(include_next_level),
        **person,
    )
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        field = "email" if relation == Relation.EXTERNAL else "informant"
        raise ValidationError(
            {field: _("This person has already been asked for input on this review.")}
        ) from None
    informant_requested.send(sender=InformantRequest, request=request, actor=actor)
    return request


@transaction.atomic
def informant_withdraw(*, request: InformantRequest, actor, today: date | None = None) -> InformantRequest:
    """``actor`` withdraws ``request``: the informant need not answer any more, the link stops working.

    Who: whoever asked, or the review's manager. An open request may be withdrawn; in an anonymous group
    an answered one too, with its answer (so that a refusal never tells whether someone answered), until
    the group is shown; nothing once the review is closed. Errors: ``PermissionDenied`` (403) for anyone else; ``TransitionNotAllowed``
    (409) for a request withdrawn, expired or answered (named relations) already, or in a group shown
    already. Returns the request.
    """
    request = _locked_request(request.pk)
    withdraw_check(request=request, actor=actor, today=today)
    InformantAnswer.objects.filter(request=request).delete()
    request.status = Status.WITHDRAWN
    request.save(update_fields=["status", "updated_at"])
    return request


def withdraw_check(*, request: InformantRequest, actor, today: date | None = None) -> None:
    """Whether ``actor`` may withdraw ``request`` now (``informant_withdraw``'s rule, for the page that asks
    them to confirm first). Raises what ``informant_withdraw`` raises; returns None when they may."""
    today = today or timezone.localdate()
    review = request.review
    if not (request.requested_by_id == actor.pk or rules.is_manager(review, actor)):
        raise PermissionDenied(_("You may not withdraw this request."))
    if review.state in Review.DONE_STATES:
        # Its answers are part of the closed review's record: withdrawing would erase one.
        raise TransitionNotAllowed(_("This review is closed: its requests for input stay as they are."))
    anonymous = request.relation in selectors.anonymous_relations(review)
    withdrawable = [Status.REQUESTED, Status.ANSWERED] if anonymous else [Status.REQUESTED]
    if anonymous and selectors.group_sealed(review, request.relation, today=today):
        raise TransitionNotAllowed(_("The answers of this group have been shown already: the request stays."))
    if request.status not in withdrawable or (anonymous and request.due_date < today):
        raise TransitionNotAllowed(_("This request can no longer be withdrawn."))


def _clean_marks(request: InformantRequest, marks: dict) -> list[InformantMark]:
    wanted = {
        indicator.pk: indicator
        for indicator in asked.asked_indicators(request.review, include_next_level=request.include_next_level)
    }
    cleaned = []
    for key, mark in (marks or {}).items():
        try:
            indicator = wanted[int(key)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                {"marks": _("Indicator %(id)s is not asked in this request.") % {"id": key}}
            ) from None
        if mark in ("", None):
            continue  # left out: the informant has no view on it
        if mark not in InformantMark.Mark.values:
            raise ValidationError(
                {
                    "marks": _("Choose one of: %(choices)s.")
                    % {"choices": ", ".join(InformantMark.Mark.values)}
                }
            )
        cleaned.append(InformantMark(indicator=indicator, mark=mark))
    return cleaned


def _clean_answers(request: InformantRequest, answers: list[dict]) -> list[InformantQuestionAnswer]:
    questions = {question.pk: question for question in asked.informant_questions(request.review)}
    named = [entry.get("question") for entry in answers or []]
    if len(named) != len(set(named)):
        raise ValidationError(
            {"answers": _("Each question may be answered once; one is named more than once.")}
        )
    cleaned = {}
    for entry in answers or []:
        question = questions.get(entry.get("question"))
        if question is None:
            raise ValidationError(
                {
                    "answers": _("Question %(id)s is not on the informant form.")
                    % {"id": entry.get("question")}
                }
            )
        value = _clean_value(question, entry.get("value"))
        if value:
            cleaned[question.pk] = InformantQuestionAnswer(question=question, value=value)
    missing = [q.text for q in questions.values() if q.required and q.pk not in cleaned]
    if missing:
        raise ValidationError(
            {"answers": _("Answer these questions too: %(questions)s.") % {"questions": "; ".join(missing)}}
        )
    return list(cleaned.values())


def _answer(request: InformantRequest, marks: dict, answers: list[dict], today: date) -> InformantRequest:
    if request.status != Status.REQUESTED or request.due_date < today:
        raise TransitionNotAllowed(_("This request can no longer be answered."))
    if request.review.state in Review.DONE_STATES:
        raise TransitionNotAllowed(_("This review is closed: no answer is needed any more."))
    mark_rows = _clean_marks(request, marks)
    answer_rows = _clean_answers(request, answers)
    if not mark_rows and not answer_rows:
        raise ValidationError({"marks": _("Give at least one mark or answer.")})
    answer = InformantAnswer.objects.create(request=request)
    for row in mark_rows:
        row.answer = answer
    for row in answer_rows:
        row.answer = answer
    InformantMark.objects.bulk_create(mark_rows)
    InformantQuestionAnswer.objects.bulk_create(answer_rows)
    request.status = Status.ANSWERED  # single use: the link is refused from now on
    request.save(update_fields=["status", "updated_at"])
    return request


@transaction.atomic
def informant_answer(
    *, request: InformantRequest, actor, marks: dict, answers: list[dict], today: date | None = None
) -> InformantRequest:
    """The informant ``actor`` answers ``request`` once: ``marks`` maps an asked indicator's id to a mark
    (``not``, ``partly``, ``fully``; empty or left out: no view), ``answers`` is a list of
    ``{"question": id, "value": str}`` for the regeling's informant form.

    Errors: ``PermissionDenied`` (403) when ``actor`` is not the informant; ``TransitionNotAllowed``
    (409) when the request is answered, withdrawn or past its due date, or the review is done;
    ``ValidationError`` (400, ``marks``/``answers``) for an indicator not asked, an unknown mark, a
    question not on the form, an answer not among its options, a required question left empty, or
    nothing given at all. Returns the request.
    """
    today = today or timezone.localdate()
    request = _locked_request(request.pk)
    if request.informant_id is None or request.informant_id != actor.pk:
        raise PermissionDenied(_("This request is not yours to answer."))
    return _answer(request, marks, answers, today)


@transaction.atomic
def informant_answer_by_token(
    *, token: str, address: str | None, marks: dict, answers: list[dict], today: date | None = None
) -> InformantRequest:
    """An external informant answers through their personal link (no account): as ``informant_answer``,
    the request found by ``token`` (``tokens.request_for_token``: 404 unknown, 409 used, withdrawn or
    expired, 429 after too many refusals from ``address``). The link works once."""
    today = today or timezone.localdate()
    request = request_for_token(token, address=address)
    return _answer(_locked_request(request.pk), marks, answers, today)


def informants_expire(*, today: date | None = None) -> int:
    """Requests past their due date without an answer expire (their links stop working), and so do the
    open requests of a review that was closed (``informants_close``). Idempotent; run by the hourly task.
    Returns how many expired."""
    today = today or timezone.localdate()
    return (
        InformantRequest.objects.filter(status=Status.REQUESTED)
        .filter(Q(due_date__lt=today) | Q(review__state__in=Review.DONE_STATES))
        .update(status=Status.EXPIRED, updated_at=timezone.now())
    )


def informants_close(*, review: Review) -> int:
    """``review`` was closed (final, cancelled, exempt): its open requests expire at once, in the same
    transaction. Nobody is asked or reminded about a closed review any more, a link says it is closed,
    and reopening a final appraisal does not bring a request back to life (its group may have been shown
    meanwhile; an answer after that would stand out). Returns how many expired."""
    return InformantRequest.objects.filter(review=review, status=Status.REQUESTED).update(
        status=Status.EXPIRED, updated_at=timezone.now()
    )


def informants_to_remind(*, today: date | None = None, days_before: int = 2):
    """The open requests due in ``days_before`` days (the reminder before the due date), for the
    reminder sweep (notifications writes the reminders, one per request: its dedupe key)."""
    today = today or timezone.localdate()
    return InformantRequest.objects.filter(
        status=Status.REQUESTED, due_date=today + timedelta(days=days_before)
    ).select_related("review__employee", "informant__employee")


def user_by_id(pk: int):
    """The active user ``pk`` (``ValidationError`` on ``informant``, 400, when there is none)."""
    user = get_user_model().objects.filter(pk=pk, is_active=True).select_related("employee").first()
    if user is None:
        raise ValidationError({"informant": _("There is no such person.")})
    return user
