"""Informants' input on the appraisal form: per group how many answered and, per behavioural indicator,
the aggregates; only what ``reviewcycle.informants.selectors.informant_feedback`` returns (an anonymous
group below its minimum, or with requests still open, prints its name and no number)."""

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from reports.pdf.common import grid, text
from reviewcycle.informants.display import group_counts, per_indicator
from reviewcycle.informants.selectors import InformantFeedback


def informant_sections(feedback: InformantFeedback | None) -> list:
    """Nothing when nobody was asked for input."""
    if feedback is None or not feedback.groups:
        return []
    story = [CondPageBreak(30 * mm), text(_("Input from others"), "h2")]
    rows = [[text(_("Group"), "label"), text(_("Answers"), "label")]]
    rows += [
        [text(label, "cell"), text(_("not shown") if answered is None else answered, "cell")]
        for label, answered in group_counts(feedback)
    ]
    story.append(grid(rows, [100 * mm, 74 * mm]))
    lines = per_indicator(feedback)
    indicators = {item.indicator_id: item.text for group in feedback.groups for item in group.indicators}
    rows = [[text(_("Indicator"), "label"), text(_("Informants"), "label")]]
    rows += [
        [
            text(indicators.get(pk, ""), "cell"),
            text("\n".join(f"{line.group}: {line.text}" for line in shown), "cell"),
        ]
        for pk, shown in lines.items()
    ]
    if len(rows) > 1:
        story += [Spacer(1, 3), grid(rows, [90 * mm, 84 * mm])]
    return story
