"""The appraisal form: competencies with their marks and ratings, the goals' results, the overall
rating, the appraisal talk and what followed it."""

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from reports.pdf.blocks import competency_heading, development_plan, goal_blocks, indicator_table
from reports.pdf.common import fmt_date, grid, labelled, signed_on, text
from reviewcycle.record import ReviewForm


def appraisal_sections(form: ReviewForm) -> list:
    """The appraisal in the order of the cycle, as the review page shows it to the same reader."""
    scores = form.shape.has_scores  # a regeling without scores has no ratings to print, not empty ones
    return [
        *(_competencies(form) if scores else _competencies_in_focus(form)),
        text(_("Result agreements"), "h2"),
        *(goal_blocks(form, results=scores) or [text(_("No goals recorded."))]),
        *(_overall(form) if scores else []),
        *_consequences(form),
        *development_plan(form),
        *(_talk(form) if form.shape.has_closing_talk else _talks_held(form)),
        *_response(form),
        *_objections(form),
        *_returns(form),
        *_earlier_rounds(form),
    ]


def _competencies(form: ReviewForm) -> list:
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
    return story


def _competencies_in_focus(form: ReviewForm) -> list:
    """The competencies talked about, without marks or ratings (a regeling without scores)."""
    if not form.competencies:
        return []
    story = [text(_("Competencies in focus"), "h2")]
    for item in form.competencies:
        story += competency_heading(item)
    return story


def _talks_held(form: ReviewForm) -> list:
    """A regeling without a closing talk: the planning talk with the plan's signature, and each progress
    talk with its report, as the cycle's summing up."""
    story = [
        text(form.names.get("planning") or _("Planning talk"), "h2"),
        labelled(_("Held on"), fmt_date(form.plan_talk_date)),
        labelled(_("Employee's signature"), signed_on(form.plan_signature, form.plan_signed_on)),
    ]
    if form.plan_response:
        story.append(labelled(_("Employee's response"), form.plan_response))
    story.append(text(_("Progress talks"), "h2"))
    if not form.progress_reports:
        story.append(text(_("No progress talks recorded yet.")))
    for talk in form.progress_reports:
        story += [text(fmt_date(talk.talk_date), "h3"), text(talk.notes)]
        if talk.signature:  # the employee's signature voor gezien, on a regeling that asks for it
            story.append(text(talk.signature, "small"))
    return story


def _overall(form: ReviewForm) -> list:
    """The proposed overall rating beside the chosen one, and why they differ."""
    story = [text(_("Overall rating"), "h2")]
    story.append(
        grid(
            [
                [
                    text(_("Proposed overall rating"), "label"),
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
    return story


def _consequences(form: ReviewForm) -> list:
    """The consequences of the appraisal (``record.consequences``), with their status and effective date."""
    consequences = form.consequences
    if consequences is None:
        return []
    status = consequences.status_label
    if consequences.effective_date:
        status += " — " + _("effective from %(date)s") % {"date": fmt_date(consequences.effective_date)}
    story = [text(_("Consequences of the appraisal"), "h2"), text(status)]
    for item in consequences.items:
        line = item.label
        if item.amount is not None:
            line += f": € {item.amount}"
        if item.note:
            line += f" ({item.note})"
        story.append(text(f"• {line}"))
    if not consequences.items:
        story.append(text(_("No consequences.")))
    if consequences.reason:
        story.append(labelled(_("Reason"), consequences.reason))
    return story


def _talk(form: ReviewForm) -> list:
    story = [
        text(form.names.get("appraisal") or _("Appraisal talk"), "h2"),
        labelled(_("Held on"), fmt_date(form.appraisal_talk_date)),
    ]
    if form.appraisal_summary:
        story.append(labelled(_("Summary"), form.appraisal_summary))
    if form.advice:
        story.append(labelled(_("Advice on the contract"), form.advice.label))
        if form.advice.explanation:
            story.append(labelled(_("Explanation of the advice"), form.advice.explanation))
    if form.self_assessment_skip_reason:
        story.append(labelled(_("Self-assessment skipped"), form.self_assessment_skip_reason))
    return story


def _response(form: ReviewForm) -> list:
    """The employee's signature (voor gezien / voor akkoord) with its date, the term and the response."""
    if not form.response_due:
        return []
    signature = signed_on(form.signature, form.signed_on)
    story = [text(_("The employee's signature and response"), "h2"), text(signature)]
    # "tot en met 14 december 2026", as the page says: a bare date after the label reads as "for or until?"
    until = _("until %(date)s") % {"date": fmt_date(form.response_due)}
    story.append(labelled(_("Term for a response or an objection"), until))
    if form.employee_response:
        story.append(labelled(_("Written response"), form.employee_response))
    return story


def _objections(form: ReviewForm) -> list:
    """Every objection with its grounds and HR's decision with its reasons, or who decides by when."""
    if not form.objections:
        return []
    story = [text(_("Objection"), "h2")]
    for objection in form.objections:
        story += [CondPageBreak(25 * mm), text(objection.sentence, "h3")]
        story.append(labelled(_("Grounds"), objection.grounds))
        if objection.decided_at:
            story.append(text(objection.decision_sentence, "label"))
            story.append(labelled(_("Reasons"), objection.reasons))
        elif form.objection_decide_by:
            story.append(
                text(
                    _(
                        "%(who)s decides on the objection by %(date)s: upheld sends the appraisal back to "
                        "the manager to score again, rejected sends it on to the second reviewer."
                    )
                    % {"who": form.objection_decider, "date": fmt_date(form.objection_decide_by)}
                )
            )
    return story


def _returns(form: ReviewForm) -> list:
    """Every return to the manager by the second reviewer, with its reason (seen with the scores)."""
    if not form.returns:
        return []
    story = [text(_("Second review"), "h2")]
    for returned in form.returns:
        story += [
            CondPageBreak(20 * mm),
            text(returned.sentence, "h3"),
            labelled(_("Reason"), returned.reason),
        ]
    return story


def _earlier_rounds(form: ReviewForm) -> list:
    """Each earlier round (closed by a return, an upheld objection or a reopening) as the page shows it:
    the scores as they were, the talk, the signature and the objection (``record.earlier_rounds``)."""
    if not form.earlier_rounds:
        return []
    story = [text(_("Earlier rounds"), "h2")]
    for round_ in form.earlier_rounds:
        story += [CondPageBreak(30 * mm), text(round_.title, "h3")]
        if round_.reason:
            story.append(labelled(round_.ending_label, round_.reason))
        if round_.scored_sentence:
            story.append(text(round_.scored_sentence))
        if round_.scores_visible:
            rows = [[text(_("Part"), "label"), text(_("Rating"), "label"), text(_("Explanation"), "label")]]
            for item in round_.competencies:
                rows.append(
                    [
                        text(item.name, "cell"),
                        text(item.rating or "—", "cell"),
                        text(item.justification or "—", "cell"),
                    ]
                )
            for item in round_.goals:
                name = (
                    _("Goal") + f": {item.name}" + (f" ({item.weight}%)" if item.weight is not None else "")
                )
                explanation = (
                    "\n".join(part for part in (item.result_note, item.justification) if part) or "—"
                )
                rows.append([text(name, "cell"), text(item.rating or "—", "cell"), text(explanation, "cell")])
            if len(rows) > 1:
                story += [Spacer(1, 3), grid(rows, [60 * mm, 30 * mm, 84 * mm])]
            if round_.proposed_overall_rating:
                story.append(labelled(_("Proposed overall rating"), round_.proposed_overall_rating))
            if round_.overall_rating:
                story.append(labelled(_("Overall rating"), round_.overall_rating))
            if round_.override_reason:
                story.append(
                    labelled(_("Reason for a rating other than the proposal"), round_.override_reason)
                )
        if round_.talk_sentence:
            story.append(text(round_.talk_sentence))
        if round_.appraisal_summary:
            story.append(labelled(_("Summary of the talk"), round_.appraisal_summary))
        if round_.signature_sentence:
            story.append(labelled(_("The employee's signature"), round_.signature_sentence))
        if round_.employee_response:
            story.append(labelled(_("Written response"), round_.employee_response))
        if round_.objection:
            story += [
                text(round_.objection.sentence, "label"),
                labelled(_("Grounds"), round_.objection.grounds),
            ]
            if round_.objection.decided_at:
                story += [
                    text(round_.objection.decision_sentence, "label"),
                    labelled(_("Reasons"), round_.objection.reasons),
                ]
    return story
