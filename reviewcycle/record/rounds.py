"""The earlier rounds of the appraisal: each time the review went back to scoring (the second reviewer
returned it, HR upheld an objection, HR reopened it), the round before it closed and the manager
scored again. Each round is read from two places: the review's events (who scored, the talk's date,
the employee's signature or objection, and who closed the round, when and why) and the
``ClosedRound`` kept when it closed (the manager's scores and the talk's summary). A round closed
before rounds were kept shows what its events hold (the ratings, without justifications).

What each reader sees of an earlier round follows the rules of the record (``record.view``):

- Everyone involved but the employee sees the whole round.
- The employee saw a round's scores once the manager submitted them in that round; they see them
  again while the manager's current scores are theirs to see too, not while the manager scores
  again (then no manager's judgement is shown, earlier or new). The reasons for returning or
  reopening concern the scores: they are seen with them. HR's reasons for upholding the employee's
  objection, the talk and the employee's own signature, response and objection are always theirs.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from core.dates import long_date
from reviewcycle import rules
from reviewcycle.models import IndicatorMark, Review, ReviewEvent
from reviewcycle.rated import manager_scores_released
from reviewcycle.record.sentences import Objection, objections_in
from reviewcycle.selectors import actor_name

Kind = ReviewEvent.Kind


@dataclass(frozen=True)
class RoundMark:
    text: str
    is_next_level: bool
    mark: str  # IndicatorMark.Mark value; "" when not marked

    @property
    def mark_label(self) -> str:
        return str(IndicatorMark.Mark(self.mark).label) if self.mark else ""


@dataclass(frozen=True)
class RoundScore:
    """The manager's score of one competency or goal in an earlier round (blank where hidden)."""

    name: str  # the competency's name, the goal's title
    rating: str | None  # the label on the scale
    justification: str = ""
    result_note: str = ""  # goals
    weight: int | None = None  # goals, percent
    marks: tuple[RoundMark, ...] = ()  # competencies


@dataclass(frozen=True)
class EarlierRound:
    """One closed round of the appraisal as one reader may see it; the sentences are in the active
    language, with names and dates as people write them."""

    number: int  # 1 for the first round
    ending: str  # the closing event's kind: "return_to_manager", "decide_objection" (upheld), "reopen"
    ended_at: datetime
    ended_by: str
    reason: str  # why it was closed; "" when hidden from the reader
    scores_visible: bool
    scored_by: str
    scored_at: datetime | None
    overall_rating: str | None
    proposed_overall_rating: str | None
    override_reason: str
    competencies: tuple[RoundScore, ...]
    goals: tuple[RoundScore, ...]
    appraisal_talk_date: date | None
    appraisal_summary: str
    signature: str  # Review.Signature value given in this round; "" when not signed in it
    signed_at: datetime | None
    employee_response: str
    objection: Objection | None  # the round's objection, with HR's decision on it

    @property
    def title(self) -> str:
        """ "Earlier round 1 — returned on 3 December 2026 by Carla Bakker"."""
        titles = {
            Kind.RETURNED_TO_MANAGER: _("Earlier round %(number)s — returned on %(date)s by %(who)s"),
            Kind.OBJECTION_DECIDED: _("Earlier round %(number)s — objection upheld on %(date)s by %(who)s"),
            Kind.REOPENED: _("Earlier round %(number)s — reopened on %(date)s by %(who)s"),
        }
        return titles[Kind(self.ending)] % {
            "number": self.number,
            "date": long_date(self.ended_at),
            "who": self.ended_by,
        }

    @property
    def ending_label(self) -> str:
        """What closed the round, as a label for its reason."""
        labels = {
            Kind.RETURNED_TO_MANAGER: _("Reason for returning"),
            Kind.OBJECTION_DECIDED: _("Reasons for upholding the objection"),
            Kind.REOPENED: _("Reason for reopening"),
        }
        return str(labels[Kind(self.ending)])

    @property
    def scored_sentence(self) -> str:
        if self.scored_at is None:
            return ""
        return _("Scored by %(who)s on %(date)s.") % {
            "who": self.scored_by,
            "date": long_date(self.scored_at),
        }

    @property
    def talk_sentence(self) -> str:
        if self.appraisal_talk_date is None:
            return ""
        return _("Appraisal talk held on %(date)s.") % {"date": long_date(self.appraisal_talk_date)}

    @property
    def signature_sentence(self) -> str:
        """How the employee answered the appraisal in this round."""
        if self.signature == Review.Signature.NOT_SIGNED:
            return _("Not signed within the term.")
        if self.signature:
            return _("%(signature)s on %(date)s.") % {
                "signature": Review.Signature(self.signature).label,
                "date": long_date(self.signed_at),
            }
        if self.objection is not None:
            return _("Not signed: objected")
        return ""


def earlier_rounds(*, review: Review, user: User | None) -> tuple[EarlierRound, ...]:
    """The closed rounds of ``review``'s appraisal, oldest first, as ``user`` may see them (empty when
    the manager never scored again). Query-free on a review from ``selectors.review_detail`` (its events
    and kept rounds prefetched). Raises nothing."""
    return rounds_for(review, reviewee=rules.is_reviewee(review, user))


def rounds_for(review: Review, *, reviewee: bool) -> tuple[EarlierRound, ...]:
    """The closed rounds as the reviewed employee (``reviewee``) or anyone else involved sees them."""
    kept = {closed.closed_by_id: closed for closed in review.closed_rounds.all()}
    released = not reviewee or manager_scores_released(review)
    rounds, events = [], []
    for event in review.events.all():
        events.append(event)
        if event.closes_round:
            rounds.append(_round(len(rounds) + 1, events, kept.get(event.pk), reviewee, released))
            events = []
    return tuple(rounds)


def since_last_round(review: Review) -> set[str] | None:
    """The kinds of the events since the appraisal's last round closed; None while none has. What the
    review's fields hold of a step not taken again since (the talk, the signature) is the earlier
    round's, shown there and not as the current round's."""
    kinds = None
    for event in review.events.all():
        if event.closes_round:
            kinds = set()
        elif kinds is not None:
            kinds.add(event.transition)
    return kinds


def _round(number: int, events: list, kept, reviewee: bool, released: bool) -> EarlierRound:
    closing = events[-1]
    by_kind = {event.transition: event for event in events}  # the last of each kind in the round
    scored = by_kind.get(Kind.SCORES_SUBMITTED)
    talk = by_kind.get(Kind.APPRAISAL_TALK_RECORDED)
    signed = by_kind.get(Kind.APPRAISAL_SIGNED) or by_kind.get(Kind.RESPONSE_TERM_EXPIRED)
    objections = objections_in(events)
    visible = released and (scored is not None or not reviewee)
    reason_visible = released or closing.transition == Kind.OBJECTION_DECIDED
    scores = kept.scores if kept is not None else _scores_from_event(scored)
    competencies = tuple(
        RoundScore(
            name=item["name"],
            rating=item.get("rating") if visible else None,
            justification=item.get("justification", "") if visible else "",
            marks=tuple(RoundMark(*mark) for mark in item.get("marks", ())) if visible else (),
        )
        for item in scores.get("competencies", ())
    )
    goals = tuple(
        RoundScore(
            name=item["title"],
            rating=item.get("rating") if visible else None,
            justification=item.get("justification", "") if visible else "",
            result_note=item.get("result_note", "") if visible else "",
            weight=item.get("weight"),
        )
        for item in scores.get("goals", ())
    )
    return EarlierRound(
        number=number,
        ending=closing.transition,
        ended_at=closing.created_at,
        ended_by=actor_name(closing.actor),
        reason=closing.payload.get("reason", "") if reason_visible else "",
        scores_visible=visible,
        scored_by=actor_name(scored.actor) if scored else "",
        scored_at=scored.created_at if scored else None,
        overall_rating=scores.get("overall") if visible else None,
        proposed_overall_rating=scores.get("proposed") if visible else None,
        override_reason=scores.get("override_reason", "") if visible else "",
        competencies=competencies,
        goals=goals,
        appraisal_talk_date=date.fromisoformat(talk.payload["talk_date"]) if talk else None,
        appraisal_summary=kept.appraisal_summary if kept is not None else "",
        signature=(
            signed.payload.get("signature", "")
            if signed and signed.transition == Kind.APPRAISAL_SIGNED
            else (Review.Signature.NOT_SIGNED if signed else "")
        ),
        signed_at=signed.created_at if signed else None,
        employee_response=signed.payload.get("response", "") if signed else "",
        objection=objections[-1] if objections else None,
    )


def _scores_from_event(scored) -> dict:
    """What the scores event of a round closed before rounds were kept holds: the rating labels."""
    if scored is None:
        return {}
    payload = scored.payload
    return {
        "overall": payload.get("overall"),
        "proposed": payload.get("proposed"),
        "competencies": [{"name": k, "rating": v} for k, v in payload.get("competencies", {}).items()],
        "goals": [{"title": k, "rating": v} for k, v in payload.get("goals", {}).items()],
    }
