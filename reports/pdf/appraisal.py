"""The appraisal form: competencies with their marks and ratings, the goals' results, the overall
rating, the appraisal talk and what followed it."""

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from reports.pdf.blocks import competency_heading, development_plan, goal_blocks, indicator_table
from reports.pdf.common import fmt_date, grid, labelled, text
from reviewcycle.record import ReviewForm


def appraisal_sections(form: ReviewForm) -> list:
    story = [text(_("Competencies"), "h2")]
    marks = form.scores_visible  # marks are blank for a reader who may not see them yet
    for item in form.competencies:
        story += competency_heading(item)
        if item.indicators:
            story.append(indicator_table(item.indicators, _("Indicators of the expected level"), marks))
        if item.next_level_indicators:
            story.append(Spacer(1, 3))
            story.append(
                indicator_table(item.next_level_indicators, _("Indicators of the next level"), marks)
            )
        ratings = [
            [
                text(_("Own rating"), "label"),
                text(_("Proposed"), "label"),
                text(_("Manager's rating"), "label"),
            ],
            [
                text(item.self_rating or "—", "cell"),
                text(item.proposed_rating or "—", "cell"),
                text(item.rating or "—", "cell"),
            ],
        ]
        story += [Spacer(1, 3), grid(ratings, [58 * mm, 58 * mm, 58 * mm])]
        if item.self_remark:
            story.append(labelled(_("Employee's remark"), item.self_remark))
        if item.justification:
            story.append(labelled(_("Justification"), item.justification))
    story.append(text(_("Result agreements"), "h2"))
    story += goal_blocks(form, results=True) or [text(_("No goals recorded."))]
    story.append(text(_("Overall rating"), "h2"))
    story.append(
        grid(
            [
                [
                    text(_("Proposed"), "label"),
                    text(_("Overall rating"), "label"),
                    text(_("Weights"), "label"),
                ],
                [
                    text(form.proposed_overall or "—", "cell"),
                    text(form.overall_rating or "—", "cell"),
                    text(
                        _("goals %(goals)s%% / competencies %(competencies)s%%")
                        % {"goals": form.weights[0], "competencies": form.weights[1]},
                        "cell",
                    ),
                ],
            ],
            [58 * mm, 58 * mm, 58 * mm],
        )
    )
    if form.overall_override_reason:
        story.append(labelled(_("Reason for a rating other than the proposal"), form.overall_override_reason))
    story.append(Spacer(1, 3))
    story.append(text(_("How a rating is proposed"), "label"))
    story += [text(line, "small") for line in form.legend]
    story += development_plan(form)
    story.append(text(_("Appraisal talk"), "h2"))
    story.append(labelled(_("Held on"), fmt_date(form.appraisal_talk_date)))
    if form.appraisal_summary:
        story.append(labelled(_("Summary"), form.appraisal_summary))
    if form.self_assessment_skip_reason:
        story.append(labelled(_("Self-assessment skipped"), form.self_assessment_skip_reason))
    if form.employee_response:
        story.append(labelled(_("Employee's response"), form.employee_response))
    if form.objection_grounds:
        story.append(text(_("Objection"), "h2"))
        story.append(labelled(_("Grounds"), form.objection_grounds))
        if form.objection_decision:
            story.append(labelled(_("Decision"), form.objection_decision))
            story.append(labelled(_("Reasons"), form.objection_decision_reason))
    return story
