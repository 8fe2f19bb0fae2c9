"""The self-assessment and the scoring form: drafts saved as often as wanted, then submitted once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from core.pages import post_only
from reviewcycle import rules, services
from reviewcycle.forms import (
    ScoringForm,
    SelfAssessmentForm,
)
from reviewcycle.forms.consequences import consequence_arguments
from reviewcycle.forms.drafts import overall_rating_label
from reviewcycle.informants.display import group_counts, per_indicator
from reviewcycle.informants.selectors import informant_feedback
from reviewcycle.record import build_review_form
from reviewcycle.scoring import (
    needs_justification,
    overall_proposal,
    proposal_formula,
    proposed_rating,
    scale_of,
)
from reviewcycle.views.common import SERVICE_ERRORS, show_service_error, visible_review


@login_required
def self_assessment(request, pk):
    """The self-assessment: saved as a draft as often as the employee likes, then submitted once."""
    review = visible_review(request, pk)
    if not rules.can_self_assess(review, request.user):
        messages.info(request, _("The self-assessment is not open for you now."))
        return redirect("reviewcycle:review", pk=pk)
    form = SelfAssessmentForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            if "submit" in request.POST:
                services.review_submit_self_assessment(
                    review=review, actor=request.user, ratings=form.entries()
                )
                messages.success(request, _("Your self-assessment has been sent to your manager."))
                return redirect("reviewcycle:review", pk=pk)
            services.review_save_self_assessment_draft(
                review=review, actor=request.user, ratings=form.entries()
            )
            messages.success(request, _("Saved as a draft. Nothing is sent until you submit."))
            return redirect("reviewcycle:self-assessment", pk=pk)
        except SERVICE_ERRORS as error:
            show_service_error(form, error)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "reviewcycle/self_assessment.html", {"review": review, "form": form}, status=status
    )


@login_required
def scoring_page(request, pk):
    """The scoring form: marks per indicator, ratings, justifications; saved as a draft, then submitted."""
    review = visible_review(request, pk)
    if not rules.can_score(review, request.user):
        messages.info(request, _("Scoring is not open for you now."))
        return redirect("reviewcycle:review", pk=pk)
    form = ScoringForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_save_scores_draft(review=review, actor=request.user, **form.draft())
            if "submit" not in request.POST:
                messages.success(request, _("Saved as a draft. The employee sees nothing until you submit."))
                return redirect("reviewcycle:scoring", pk=pk)
            services.review_submit_scores(
                review=review,
                actor=request.user,
                overall_rating=form.cleaned_data["overall_rating"] or None,
                override_reason=form.cleaned_data["override_reason"],
                **consequence_arguments(form),
            )
            messages.success(request, _("Scores submitted. Next: the appraisal talk."))
            return redirect("reviewcycle:review", pk=pk)
        except SERVICE_ERRORS as error:
            show_service_error(form, error)
        review = visible_review(request, pk)
    record = build_review_form(review, user=request.user, language=translation.get_language())
    feedback = record.informants  # the appraisal form's (scoring is on it): asked once
    if feedback is None:
        feedback = informant_feedback(review=review, reader_id=request.user.pk)
    lines = per_indicator(feedback)  # only what the anonymity rule lets through (informants.selectors)
    for entry in form.competencies:
        for indicator in entry["expected"] + entry["next_level"]:
            indicator["informants"] = lines.get(indicator["mark"].pk, [])
    context = {
        "review": review,
        "form": form,
        "self_assessment": record,
        # Why the review came back to the manager, if it did: the record's returns and upheld objections.
        "returns": record.returns,
        "upheld_objections": [objection for objection in record.objections if objection.upheld],
        # The manager's help text states the formula; the record and the form say it in words.
        "legend": proposal_formula(),
        # Per group of informants how many answered (an anonymous group not shown yet: no number).
        "informant_groups": group_counts(feedback),
    }
    return render(
        request, "reviewcycle/scoring.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
@post_only("reviewcycle:scoring")
def scoring_proposal(request, pk):
    """The proposals for marks and ratings not saved yet: for the competency ``assessment`` (if given)
    its proposed rating and whether the chosen ``rating`` needs a justification; always the proposed
    overall rating from the posted ``assessment-<id>-rating`` and ``goal-<id>-rating`` (the stored
    ratings where none is posted). 404 for a competency not in the review.

    The scoring page asks this on every change, so the formulas live only in reviewcycle.scoring.
    403 for anyone who may not score now (``rules.can_score``): the proposal is worked out from the
    stored, unsubmitted ratings, which the employee may not see yet.
    """
    review = visible_review(request, pk)
    if not rules.can_score(review, request.user):
        raise PermissionDenied
    scale = scale_of(review)
    values = {str(point.value): point.value for point in scale}
    unsaved = {
        name: values.get(request.POST.get(name, ""))
        for name in request.POST
        if name.endswith("-rating") and name.startswith(("assessment-", "goal-"))
    }
    overall = overall_proposal(review, unsaved)
    answer = {
        "overall": overall.label if overall else None,
        "overall_field_label": overall_rating_label(overall),
    }
    if request.POST.get("assessment"):
        answer.update(_competency_proposal(request, review, scale))
    return JsonResponse(answer)


def _competency_proposal(request, review, scale) -> dict:
    try:
        assessment = next(
            item for item in review.assessments.all() if str(item.pk) == request.POST.get("assessment")
        )
    except StopIteration:
        raise Http404(_("No such competency.")) from None
    marks = list(assessment.marks.all())
    expected = [request.POST.get(f"mark-{mark.pk}", "") for mark in marks if not mark.is_next_level]
    next_level = [
        "fully" if request.POST.get(f"mark-{mark.pk}") else "" for mark in marks if mark.is_next_level
    ]
    proposal = proposed_rating(expected, next_level, scale)
    chosen = next((point for point in scale if str(point.value) == request.POST.get("rating")), None)
    return {
        "proposed": proposal.label if proposal else None,
        "proposed_value": proposal.value if proposal else None,
        "needs_justification": bool(chosen and needs_justification(rating=chosen, proposed=proposal)),
    }
