"""The record's sentences: what happened to a review and its goals, in the active language, with
people's names and dates as people write them ("Gewicht gewijzigd van 50% in 60% door Carla Bakker op
9 december 2026"), never field names or ISO dates.

The review page and the PDF both show these, so they say the same thing in the same words. The
returns and objections are read from the review's audit events, so every one of them is kept, not
only the last.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.dates import long_date
from core.text import lower_first
from reviewcycle.models import Goal, Review, ReviewEvent
from reviewcycle.selectors import HistoryLine, actor_name

# The goal's fields as a person names them, in the order a goal card shows them.
GOAL_FIELD_LABELS = {
    "title": pgettext_lazy("goal field", "Goal"),
    "description": pgettext_lazy("goal field", "Description"),
    "measure": pgettext_lazy("goal field", "Measure"),
    "weight": pgettext_lazy("goal field", "Weight"),
    "deadline": pgettext_lazy("goal field", "Deadline"),
    "status": pgettext_lazy("goal field", "Status"),
}


def _value(field: str, value) -> str:
    if field == "weight":
        return f"{value}%"
    if field == "deadline":
        return long_date(date.fromisoformat(value) if isinstance(value, str) else value)
    if field == "status":
        return str(Goal.Status(value).label)
    return f"“{value}”"


def goal_change_sentences(*, changes: dict, who: str, at: datetime) -> list[str]:
    """One sentence per changed field of one goal change (``GoalChange.changes``: field → [old, new]),
    made by ``who`` (a person's name) at ``at``."""
    when = long_date(at)
    sentences = []
    for field, (old, new) in changes.items():
        label = str(GOAL_FIELD_LABELS.get(field, field))
        empty_old, empty_new = old in (None, ""), new in (None, "")
        if field == "status" and new == Goal.Status.WITHDRAWN:
            sentence = _("Goal withdrawn by %(who)s on %(date)s.")
        elif field == "status":
            sentence = _("Goal made active again by %(who)s on %(date)s.")
        elif empty_old:
            sentence = _("%(field)s set to %(new)s by %(who)s on %(date)s.")
        elif empty_new:
            sentence = _("%(field)s %(old)s removed by %(who)s on %(date)s.")
        else:
            sentence = _("%(field)s changed from %(old)s to %(new)s by %(who)s on %(date)s.")
        sentences.append(
            sentence
            % {
                "field": label,
                "old": "" if empty_old else _value(field, old),
                "new": "" if empty_new else _value(field, new),
                "who": who,
                "date": when,
            }
        )
    return sentences


def history_sentence(line: HistoryLine) -> str:
    """One line of the history as a sentence: "Plan ondertekend door Eva de Vries op 9 december 2026 om
    10:15" (the time in the organisation's time zone)."""
    return _("%(what)s by %(who)s on %(date)s at %(time)s") % {
        "what": line.what,
        "who": line.who,
        "date": long_date(line.at),
        "time": formats.time_format(timezone.localtime(line.at), "H:i"),
    }


@dataclass(frozen=True)
class Returned:
    """The second reviewer returned the appraisal to the manager: when, who, and why."""

    at: datetime
    who: str
    reason: str

    @property
    def sentence(self) -> str:
        return _("Returned to the manager by %(who)s on %(date)s.") % {
            "who": self.who,
            "date": long_date(self.at),
        }


@dataclass(frozen=True)
class Objection:
    """One objection to the appraisal and, once taken, HR's decision on it with its reasons."""

    at: datetime
    who: str
    grounds: str
    decided_at: datetime | None = None
    decided_by: str = ""
    decision: str = ""  # the decision's label; "" while undecided
    reasons: str = ""
    upheld: bool = False  # HR upheld it: the appraisal went back to the manager to score again

    @property
    def sentence(self) -> str:
        return _("Objection made by %(who)s on %(date)s.") % {"who": self.who, "date": long_date(self.at)}

    @property
    def decision_sentence(self) -> str:
        if not self.decided_at:
            return ""
        return _("Objection decided by %(who)s on %(date)s: %(decision)s.") % {
            "decision": lower_first(self.decision),
            "who": self.decided_by,
            "date": long_date(self.decided_at),
        }


def returns_of(review: Review) -> list[Returned]:
    """Every return to the manager, oldest first, from the audit events (query-free on a review from
    ``review_detail``: its events are prefetched with their actors)."""
    return [
        Returned(event.created_at, actor_name(event.actor), event.payload.get("reason", ""))
        for event in review.events.all()
        if event.transition == ReviewEvent.Kind.RETURNED_TO_MANAGER
    ]


def objections_of(review: Review) -> list[Objection]:
    """Every objection with HR's decision on it (the first decision after it), oldest first."""
    return objections_in(review.events.all())


def objections_in(events) -> list[Objection]:
    """The objections among ``events`` (oldest first), each with HR's decision on it when among them."""
    objections: list[Objection] = []
    for event in events:
        if event.transition == ReviewEvent.Kind.OBJECTED:
            objections.append(
                Objection(event.created_at, actor_name(event.actor), event.payload.get("grounds", ""))
            )
        elif (
            event.transition == ReviewEvent.Kind.OBJECTION_DECIDED
            and objections
            and not objections[-1].decided_at
        ):
            decision = event.payload.get("decision", "")
            last = objections[-1]
            objections[-1] = Objection(
                last.at,
                last.who,
                last.grounds,
                decided_at=event.created_at,
                decided_by=actor_name(event.actor),
                # Lazy: the label is read in the language of whoever renders it (page, PDF, mail).
                decision=Review.ObjectionDecision(decision).label if decision else "",
                reasons=event.payload.get("reason", ""),
                upheld=decision == Review.ObjectionDecision.UPHELD,
            )
    return objections
