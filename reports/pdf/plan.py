"""The planning and progress forms: the result agreements, the competencies in focus, the
development plan, the planning talk with the employee's signature, and the progress talks."""

from django.utils.translation import gettext as _

from reports.pdf.blocks import competency_heading, development_plan, goal_blocks, indicator_table
from reports.pdf.common import fmt_date, labelled, signed_on, text
from reviewcycle.record import ReviewForm


def planning_sections(form: ReviewForm) -> list:
    story = [text(form.names.get("goals") or _("Result agreements"), "h2")]
    story += goal_blocks(form, results=False, since_signed=True) or [text(_("No goals recorded yet."))]
    story += development_plan(form)
    # Competencies in focus only where the regeling scores or self-assesses them.
    has_focus = form.shape.has_scores or form.shape.has_self_assessment
    if has_focus:
        story.append(text(_("Competencies in focus"), "h2"))
    for item in form.competencies if has_focus else []:
        story += competency_heading(item)
        if item.indicators:
            story.append(indicator_table(item.indicators, _("Behavioural indicators"), with_marks=False))
    story.append(text(form.names.get("planning") or _("Planning talk"), "h2"))
    story.append(labelled(_("Held on"), fmt_date(form.plan_talk_date)))
    story.append(labelled(_("Employee's signature"), signed_on(form.plan_signature, form.plan_signed_on)))
    if form.plan_response:
        story.append(labelled(_("Employee's response"), form.plan_response))
    return story


def progress_sections(form: ReviewForm) -> list:
    story = [text(_("Progress talks"), "h2")]
    if not form.progress_reports:
        story.append(text(_("No progress talks recorded yet.")))
    for talk in form.progress_reports:
        story += [text(fmt_date(talk.talk_date), "h3"), text(talk.notes)]
        if talk.signature:  # the employee's signature voor gezien, on a regeling that asks for it
            story.append(text(talk.signature, "small"))
    story.append(text(_("Result agreements and changes"), "h2"))
    story += goal_blocks(form, results=False, changes=True) or [text(_("No goals recorded yet."))]
    story += development_plan(form)
    return story
