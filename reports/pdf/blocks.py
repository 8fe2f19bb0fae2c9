"""The parts the review forms share: goals, competencies with their indicators, the development plan."""

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Table

from reports.pdf.common import fmt_date, grid, labelled, text
from reviewcycle.record import ReviewForm


def competency_heading(item) -> list:
    level = (
        _("expected level %(level)s") % {"level": item.expected_level}
        if item.expected_level
        else _("no level set")
    )
    parts = [CondPageBreak(40 * mm), text(f"{item.name} — {level}", "h3")]
    if item.definition:
        parts.append(text(item.definition, "small"))
    if item.level_summary:
        parts.append(labelled(_("Expected level"), item.level_summary, "small"))
    return parts


def indicator_table(indicators, heading: str, with_marks: bool) -> Table:
    if with_marks:
        rows = [[text(heading, "label"), text(_("Mark"), "label")]]
        rows += [[text(item.text, "cell"), text(item.mark or "—", "cell")] for item in indicators]
        return grid(rows, [134 * mm, 40 * mm])
    rows = [[text(heading, "label")]] + [[text(f"• {item.text}", "cell")] for item in indicators]
    return grid(rows, [174 * mm])


def goal_blocks(
    form: ReviewForm, *, results: bool, changes: bool = False, since_signed: bool = False
) -> list:
    """The goals, each with its weight, and beside it the weight as the plan was signed when that
    changed since. ``changes``: every change in words; ``since_signed``: those after the signing."""
    story = []
    for number, goal in enumerate(form.goals, start=1):
        facts = []
        if goal.weight is not None and goal.signed_weight is not None:
            facts.append(
                _("weight %(weight)s%%, %(signed)s%% when the plan was signed")
                % {"weight": goal.weight, "signed": goal.signed_weight}
            )
        elif goal.weight is not None:
            facts.append(_("weight %(weight)s%%") % {"weight": goal.weight})
        if goal.deadline:
            facts.append(_("deadline %(date)s") % {"date": fmt_date(goal.deadline)})
        if goal.withdrawn:
            facts.append(_("withdrawn"))
        title = f"{number}. {goal.title}" + (f" ({', '.join(facts)})" if facts else "")
        story += [CondPageBreak(25 * mm), text(title, "h3")]
        if goal.description:
            story.append(text(goal.description))
        if goal.measure:
            story.append(labelled(_("How it is measured"), goal.measure))
        if changes:
            story += [labelled(_("Changed"), change, "small") for change in goal.changes]
        if since_signed and goal.changes_since_signed:
            story.append(text(_("Changed since the plan was signed"), "label"))
            story += [text(f"• {change}", "small") for change in goal.changes_since_signed]
        if results:
            story.append(
                grid(
                    [
                        [text(_("Own rating"), "label"), text(_("Manager's rating"), "label")],
                        [text(goal.self_rating or "—", "cell"), text(goal.rating or "—", "cell")],
                    ],
                    [87 * mm, 87 * mm],
                )
            )
            if goal.self_remark:
                story.append(labelled(_("Employee's remark"), goal.self_remark))
            if goal.result_note:
                story.append(labelled(_("Result"), goal.result_note))
            if goal.justification:
                story.append(labelled(_("Justification"), goal.justification))
    return story


def development_plan(form: ReviewForm) -> list:
    story = [text(_("Development plan (POP)"), "h2")]
    if not form.development_actions:
        return [*story, text(_("No development actions."))]
    for description, competency, due, status in form.development_actions:
        facts = ", ".join(part for part in (competency, fmt_date(due) if due else "", status) if part)
        story.append(text(f"• {description} ({facts})"))
    return story
