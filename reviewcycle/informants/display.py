"""How the pages, the scoring form and the PDF word what ``selectors.informant_feedback`` returns: the
groups' names and, per behavioural indicator, one line per group. Wording only: it reads nothing but the
feedback it is given, so it can show nothing the anonymity rule did not let through."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from reviewcycle.informants.selectors import MARKS, MERGED, InformantFeedback
from reviewcycle.models import IndicatorMark, InformantRequest


def group_label(group: str) -> str:
    """A group's name: a relation's, or the pooled anonymous groups'."""
    if group == MERGED:
        return _("Colleagues and reports together")
    return str(InformantRequest.Relation(group).label)


def mark_label(mark: str) -> str:
    return str(IndicatorMark.Mark(mark).label)


def counts_text(counts: dict[str, int]) -> str:
    """``{"not": 0, "partly": 1, "fully": 2}`` → "Not shown 0 · Partly shown 1 · Fully shown 2"."""
    return " · ".join(f"{mark_label(mark)} {counts.get(mark, 0)}" for mark in MARKS)


@dataclass(frozen=True)
class IndicatorLine:
    group: str  # the group's name
    text: str  # the aggregate, or a named informant's mark with their name


def per_indicator(feedback: InformantFeedback) -> dict[int, list[IndicatorLine]]:
    """Indicator id → the lines the scoring form and the PDF show beside it: an anonymous group's counts
    (when it is shown and enough marked the indicator), each named informant's mark with their name."""
    lines: dict[int, list[IndicatorLine]] = {}
    for group in feedback.groups:
        if not group.released:
            continue
        label = group_label(group.group)
        if group.anonymous:
            for aggregate in group.indicators:
                if aggregate.counts is not None:
                    lines.setdefault(aggregate.indicator_id, []).append(
                        IndicatorLine(label, counts_text(aggregate.counts))
                    )
            continue
        for named in group.named:
            for indicator_id, mark in named.marks.items():
                lines.setdefault(indicator_id, []).append(
                    IndicatorLine(label, f"{named.informant}: {mark_label(mark)}")
                )
    return lines


def group_counts(feedback: InformantFeedback) -> list[tuple[str, int | None]]:
    """Per group its name and how many answered (None: an anonymous group not shown, so no count)."""
    return [(group_label(group.group), group.answered) for group in feedback.groups]


def state_label(state: str) -> str:
    """A request line's state (``RequestLine.state``) in words."""
    labels = {
        "requested": _("Waiting for the answer"),
        "answered": _("Answered"),
        "withdrawn": _("Withdrawn"),
        "expired": _("Expired without an answer"),
        "open": _("Open"),
        "closed": _("Closed"),
    }
    return str(labels.get(state, state))
