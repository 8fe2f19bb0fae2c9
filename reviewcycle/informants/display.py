"""How the pages, the scoring form and the PDF word what ``selectors.informant_feedback`` returns: the
groups' names and, per behavioural indicator, one line per group. Wording only: it reads nothing but the
feedback it is given, so it can show nothing the anonymity rule did not let through."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import long_date
from reviewcycle.informants.selectors import MARKS, MERGED, GroupFeedback, InformantFeedback
from reviewcycle.models import IndicatorMark, InformantRequest

Relation = InformantRequest.Relation
# The relations in a sentence ("Answers of colleagues and direct reports are anonymous").
RELATION_PLURALS = {
    Relation.MANAGER: gettext_lazy("managers"),
    Relation.COLLEAGUE: gettext_lazy("colleagues"),
    Relation.REPORT: gettext_lazy("direct reports"),
    Relation.EXTERNAL: gettext_lazy("external contacts"),
}


def group_label(group: str) -> str:
    """A group's name: a relation's, or the pooled anonymous groups'."""
    if group == MERGED:
        return _("Colleagues and reports together")
    return str(InformantRequest.Relation(group).label)


GROUP_TITLES = {
    Relation.MANAGER: gettext_lazy("Managers"),
    Relation.COLLEAGUE: gettext_lazy("Colleagues"),
    Relation.REPORT: gettext_lazy("Direct reports"),
    Relation.EXTERNAL: gettext_lazy("External contacts"),
}


def group_title(group: str) -> str:
    """A group's heading on the review page: the relation in the plural ("Collega's"), or the pooled
    anonymous groups' name."""
    if group == MERGED:
        return group_label(group)
    return str(GROUP_TITLES[group])


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


def anonymity_note(anonymous: set[str], min_group: int) -> str:
    """What the review page says first about the regeling's anonymous relations ``anonymous``."""
    if not anonymous:
        return _("Every answer is shown with the informant’s name.")
    names = [str(RELATION_PLURALS[relation]) for relation in Relation.values if relation in anonymous]
    groups = names[0]
    if len(names) > 1:
        groups = _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
    return _(
        "Answers of %(groups)s are anonymous: you see them only together, per group, once at least %(n)s "
        "of a group answered and none of its requests is still open. Below that nothing of the group is "
        "shown, so that nobody can tell who answered what."
    ) % {"groups": groups, "n": min_group}


def hidden_reason(group: GroupFeedback, feedback: InformantFeedback, anonymous: set[str]) -> str | None:
    """Why an anonymous group shows nothing (None: it is shown, or named): requests still open (their
    lines say so too), or too few answered once none is open. Tells no more than the request lines and
    the rule do: a hidden group with no request open had fewer than N answers."""
    if group.released or not group.anonymous:
        return None
    relations = anonymous if group.group == MERGED else {group.group}
    open_until = [
        line.due_date for line in feedback.requests if line.relation in relations and line.state == "open"
    ]
    if open_until:
        return _(
            "Not shown yet: requests of this group are still open (until %(date)s). The answers are "
            "anonymous: they are shown together once none is open and at least %(n)s of them answered."
        ) % {"date": long_date(max(open_until)), "n": feedback.min_group}
    return _(
        "Not shown: fewer than %(n)s of this group answered. The answers are anonymous, so nothing of them "
        "is shown below %(n)s: else you could tell who answered what."
    ) % {"n": feedback.min_group}
