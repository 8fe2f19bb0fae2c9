"""Reading informants' input: THE one place that decides what of it anyone but the informant may see.

The rule (issue 22, "anonymity by group"): answers of an anonymous relation (the regeling's
``informant_anonymous_relations``, default colleagues and direct reports) leave this module only as
aggregates of their group, and only once the group is *released*:

- at least ``informant_min_group`` (N) of the group answered, and
- none of its requests is still open (requested and not past its due date).

So an aggregate never changes after it was shown: a later answer cannot be told apart by comparing two
aggregates, because once a group is released it is *sealed* (``group_sealed``: no new request in it; its
requests can no longer be withdrawn). Below N nothing of the group is shown, no count either. Per
indicator the same N applies to the number of marks (informants may leave an indicator out), and per
question to the number of answers. A reader who answered in a group themselves (a colleague who later
became its second reviewer) knows one answer of it: for them the group needs N answers besides theirs. Open
answers of an anonymous group are listed in alphabetical order, never in the order they arrived. With
``informant_merge_small_groups``, while one anonymous group is too small all anonymous groups are
pooled into one (and released together), never shown both apart and pooled.

A request of an anonymous relation shows its readers no status beyond *open*, *closed* or *withdrawn*
(``RequestLine.state``): whether one person already answered is not for the manager or the employee to
know. Named relations (``manager`` and ``external`` by default: the informant as the regelingen mean it)
are shown answer by answer, with the informant's name, in the order of their names.

Readers: everyone who may read the review (``reviews_visible_to``) reads the same ``informant_feedback``;
an informant reads their own answer through ``own_requests``/``request_for_informant``. Nothing else
reads ``InformantAnswer``, ``InformantMark`` or ``InformantQuestionAnswer`` rows for a reader (except the
informant's own personal-data export, which holds their answers).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from people.models import Employee
from people.selectors import person_matches
from reviewcycle.informants.asked import asked_indicators, informant_label, informant_questions
from reviewcycle.models import (
    IndicatorMark,
    InformantRequest,
    Review,
)
from reviewcycle.selectors import actor_name

Relation = InformantRequest.Relation
Status = InformantRequest.Status
MERGED = "anonymous"  # the key of the pooled anonymous groups
MARKS = [value for value, _label in IndicatorMark.Mark.choices]

# The review's states in which each phase a regeling names lets a review ask for input.
PHASE_STATES = {
    "progress": (Review.State.IN_PROGRESS,),
    "appraisal": (Review.State.SELF_ASSESSMENT, Review.State.SCORING),
}


def request_states(version) -> set[str]:
    """The review states in which input may be asked on regeling ``version``."""
    return {state for phase in version.informant_phases or [] for state in PHASE_STATES.get(phase, ())}


def is_open(request: InformantRequest, today: date) -> bool:
    """Still waiting for an answer: requested, and its due date (inclusive) not passed."""
    return request.status == Status.REQUESTED and request.due_date >= today


# --- groups and release ------------------------------------------------------------------------------


def _version(review: Review):
    return review.cycle.template_version


def anonymous_relations(review: Review) -> set[str]:
    """The relations (``InformantRequest.Relation`` values) whose answers ``review``'s regeling shows
    only as a group."""
    return set(_version(review).informant_anonymous_relations or [])


def group_of(review: Review, relation: str, requests: list[InformantRequest], today: date) -> str:
    """The group ``relation``'s answers are shown in on ``review`` now: the relation itself, or
    ``MERGED`` when the regeling merges small anonymous groups and one of them is too small."""
    version = _version(review)
    anonymous = anonymous_relations(review)
    if relation not in anonymous or not version.informant_merge_small_groups:
        return relation
    answered = Counter(r.relation for r in requests if r.status == Status.ANSWERED)
    asked = {r.relation for r in requests if r.status != Status.WITHDRAWN and r.relation in anonymous}
    if any(answered[other] < version.informant_min_group for other in asked):
        return MERGED
    return relation


def _released(members: list[InformantRequest], minimum: int, today: date) -> bool:
    answered = sum(1 for r in members if r.status == Status.ANSWERED)
    return answered >= minimum and not any(is_open(r, today) for r in members)


def group_released(review: Review, relation: str, requests: list[InformantRequest], today: date) -> bool:
    """Whether ``relation``'s group on ``review`` is shown now (named relations: always)."""
    anonymous = anonymous_relations(review)
    if relation not in anonymous:
        return True
    version = _version(review)
    if version.informant_merge_small_groups:
        # The groups are decided together (pooled or apart), so none is shown while any is still open.
        pool = [r for r in requests if r.relation in anonymous]
        if any(is_open(r, today) for r in pool):
            return False
        group = group_of(review, relation, requests, today)
        members = pool if group == MERGED else [r for r in pool if r.relation == relation]
        return _released(members, version.informant_min_group, today)
    members = [r for r in requests if r.relation == relation]
    return _released(members, version.informant_min_group, today)


def group_sealed(review: Review, relation: str, *, today: date | None = None) -> bool:
    """Whether ``relation``'s anonymous group on ``review`` was shown already: then no request may join
    or leave it (with merging: any anonymous group shown seals them all)."""
    today = today or timezone.localdate()
    anonymous = anonymous_relations(review)
    if relation not in anonymous:
        return False
    requests = list(review.informant_requests.all())
    others = anonymous if _version(review).informant_merge_small_groups else {relation}
    return any(group_released(review, other, requests, today) for other in others if _asked(requests, other))


def _asked(requests: list[InformantRequest], relation: str) -> bool:
    return any(r.relation == relation and r.status != Status.WITHDRAWN for r in requests)


# --- what readers see ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorAggregate:
    indicator_id: int
    competency: str
    text: str
    is_next_level: bool
    counts: dict[str, int] | None  # mark → how many; None: too few marks to show


@dataclass(frozen=True)
class QuestionAggregate:
    question_id: int
    text: str
    answers: tuple[str, ...]  # in alphabetical order, never in the order they came


@dataclass(frozen=True)
class NamedAnswer:
    informant: str
    relation: str
    marks: dict[int, str]  # indicator id → mark
    answers: dict[int, str]  # question id → answer


@dataclass(frozen=True)
class GroupFeedback:
    group: str  # a relation, or ``MERGED``
    anonymous: bool
    released: bool
    answered: int | None  # None while not released (nothing of the group is shown then)
    indicators: tuple[IndicatorAggregate, ...]
    questions: tuple[QuestionAggregate, ...]
    named: tuple[NamedAnswer, ...]  # named relations only


@dataclass(frozen=True)
class RequestLine:
    """A request as its review's readers see it: an anonymous one's state says only open or closed."""

    id: int
    relation: str
    informant: str
    due_date: date
    state: str  # named: the status; anonymous: "open", "closed" or "withdrawn"
    requested_by: str
    mine: bool  # the reader asked for it (and may withdraw it while that is allowed)


@dataclass(frozen=True)
class InformantFeedback:
    requests: tuple[RequestLine, ...]
    groups: tuple[GroupFeedback, ...]
    min_group: int


def requests_prefetch() -> Prefetch:
    """What ``informant_feedback`` reads, for ``prefetch_related`` on reviews."""
    return Prefetch(
        "informant_requests",
        queryset=InformantRequest.objects.select_related(
            "informant__employee", "requested_by__employee", "answer"
        )
        .prefetch_related("answer__marks", "answer__question_answers")
        .order_by("relation", "id"),
    )


def _requests(review: Review) -> list[InformantRequest]:
    if "informant_requests" not in getattr(review, "_prefetched_objects_cache", {}):
        from django.db.models import prefetch_related_objects

        prefetch_related_objects([review], requests_prefetch())
    return list(review.informant_requests.all())


def _state(request: InformantRequest, *, anonymous: bool, released: bool, done: bool, today: date) -> str:
    if request.status == Status.WITHDRAWN:
        return "withdrawn"
    if not anonymous:
        return request.status
    waiting = request.status in (Status.REQUESTED, Status.ANSWERED) and request.due_date >= today
    return "open" if waiting and not (released or done) else "closed"  # a closed review waits for nothing


def informant_feedback(
    *, review: Review, reader_id: int | None, today: date | None = None
) -> InformantFeedback:
    """What of ``review``'s informants a reader may see (they may see the review: ``reviews_visible_to``):
    the requests (anonymous ones without their answered status), and per group the aggregates when
    released, the named answers with names. Groups in the order of ``Relation`` (``MERGED`` first).
    Four queries without prefetching; none with ``requests_prefetch`` and the indicators cached."""
    today = today or timezone.localdate()
    requests = _requests(review)
    anonymous = anonymous_relations(review)
    released = {relation: group_released(review, relation, requests, today) for relation in Relation.values}
    # An anonymous group's lines are in the order of the informants' names, never of asking or answering.
    lines = sorted(
        (
            RequestLine(
                id=request.pk,
                relation=request.relation,
                informant=informant_label(request),
                due_date=request.due_date,
                state=_state(
                    request,
                    anonymous=request.relation in anonymous,
                    released=released[request.relation],
                    done=review.state in Review.DONE_STATES,
                    today=today,
                ),
                requested_by=actor_name(request.requested_by),
                mine=reader_id is not None and request.requested_by_id == reader_id,
            )
            for request in requests
        ),
        key=lambda line: (Relation.values.index(line.relation), line.informant.lower(), line.id),
    )
    indicators = _indicators_of(review, requests)
    questions = informant_questions(review) if any(r.status == Status.ANSWERED for r in requests) else []
    groups: dict[str, list[InformantRequest]] = {}
    for request in requests:
        if request.status != Status.WITHDRAWN:
            groups.setdefault(group_of(review, request.relation, requests, today), []).append(request)
    order = [MERGED, *Relation.values]
    feedback = []
    for group in sorted(groups, key=order.index):
        members = groups[group]
        is_anonymous = group == MERGED or group in anonymous
        answers = [r.answer for r in members if r.status == Status.ANSWERED]
        if is_anonymous:
            # A reader who answered in the group themselves (roles change: a colleague becomes the second
            # reviewer) knows one answer in it: for them the minimum counts the others only.
            minimum = _version(review).informant_min_group + _answered_by(members, reader_id)
            shown = released[members[0].relation] and len(answers) >= minimum
            feedback.append(_anonymous(group, shown, answers, indicators, questions, minimum))
        else:
            feedback.append(_named(group, members, indicators, questions))
    return InformantFeedback(
        requests=tuple(lines), groups=tuple(feedback), min_group=_version(review).informant_min_group
    )


def _indicators_of(review: Review, requests: list[InformantRequest]) -> list[IndicatorMark]:
    if not any(r.status == Status.ANSWERED for r in requests):
        return []
    return asked_indicators(review, include_next_level=any(r.include_next_level for r in requests))


def _answered_by(members: list[InformantRequest], reader_id: int | None) -> int:
    """1 when the reader answered one of ``members`` (their own answer is in the group), else 0."""
    return int(
        reader_id is not None
        and any(r.informant_id == reader_id and r.status == Status.ANSWERED for r in members)
    )


def _anonymous(group, released, answers, indicators, questions, minimum) -> GroupFeedback:
    if not released:
        return GroupFeedback(group, True, False, None, (), (), ())
    marks: dict[int, Counter] = {}
    texts: dict[int, list[str]] = {}
    for answer in answers:
        for mark in answer.marks.all():
            marks.setdefault(mark.indicator_id, Counter())[mark.mark] += 1
        for given in answer.question_answers.all():
            if given.value:
                texts.setdefault(given.question_id, []).append(given.value)
    aggregates = []
    for indicator in indicators:
        counted = marks.get(indicator.pk, Counter())
        total = sum(counted.values())
        if indicator.is_next_level and total < minimum:
            # Asked of a few only (per request): that such a row exists would say which indicators they
            # had a view on. A next-level indicator is shown once enough marked it, never as a bare row.
            continue
        aggregates.append(
            IndicatorAggregate(
                indicator_id=indicator.pk,
                competency=indicator.assessment.name,
                text=indicator.text,
                is_next_level=indicator.is_next_level,
                counts={mark: counted[mark] for mark in MARKS} if total >= minimum else None,
            )
        )
    return GroupFeedback(
        group=group,
        anonymous=True,
        released=True,
        answered=len(answers),
        indicators=tuple(aggregates),
        questions=tuple(
            QuestionAggregate(question.pk, question.text, _enough(texts.get(question.pk, []), minimum))
            for question in questions
        ),
        named=(),
    )


def _enough(texts: list[str], minimum: int) -> tuple[str, ...]:
    """A question's answers in an anonymous group, in alphabetical order; none when fewer than
    ``minimum`` answered it (as for an indicator's marks: one answer among many left empty stands alone)."""
    return tuple(sorted(texts, key=str.lower)) if len(texts) >= minimum else ()


def _named(group, members, indicators, questions) -> GroupFeedback:
    answered = sorted(
        (r for r in members if r.status == Status.ANSWERED), key=lambda r: (informant_label(r).lower(), r.pk)
    )
    return GroupFeedback(
        group=group,
        anonymous=False,
        released=True,
        answered=len(answered),
        indicators=tuple(
            IndicatorAggregate(
                indicator_id=indicator.pk,
                competency=indicator.assessment.name,
                text=indicator.text,
                is_next_level=indicator.is_next_level,
                counts=None,
            )
            for indicator in indicators
        ),
        questions=tuple(QuestionAggregate(question.pk, question.text, ()) for question in questions),
        named=tuple(
            NamedAnswer(
                informant=informant_label(r),
                relation=r.relation,
                marks={mark.indicator_id: mark.mark for mark in r.answer.marks.all()},
                answers={given.question_id: given.value for given in r.answer.question_answers.all()},
            )
            for r in answered
        ),
    )


# --- whom to ask ---------------------------------------------------------------------------------------


def informant_candidates(*, review: Review, actor, search: str = "") -> QuerySet[Employee]:
    """Whom ``actor`` is offered to ask for input on ``review``: the employee's colleagues (same unit or same
    manager), their direct reports and the manager's peers, whose login works; never the employee, the
    review's manager (``whom.person_refusal``: they would read the aggregate with their own answer in it)
    or ``actor``. People near the employee only; ``search`` as ``person_matches``. Ordered by
    name, the unit joined. The caller pages it (a unit may have hundreds of people)."""
    employee, manager = review.employee, review.manager
    near = Q(org_unit_id=employee.org_unit_id) | Q(manager_id=employee.pk)
    if manager is not None:
        near |= Q(manager_id=manager.pk)
        if manager.manager_id:
            near |= Q(manager_id=manager.manager_id)
    return (
        Employee.objects.filter(near, active=True, user__is_active=True)
        .exclude(pk__in=[employee.pk, manager.pk] if manager is not None else [employee.pk])
        .exclude(user_id=actor.pk)
        .filter(person_matches(search))
        .select_related("org_unit", "user")
        .order_by("name", "id")
    )
