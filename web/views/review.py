"""One review's page with its steps, and running a step from its form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.pages import confirmation_page, is_back, is_confirmed, post_only
from notifications.forms import TalkForm
from notifications.selectors import talk_kind_due, talks_ahead
from reviewcycle import rules, services, step_access, steps
from reviewcycle.forms import (
    ReassignForm,
    SecondReviewerForm,
)
from reviewcycle.models import Review
from reviewcycle.next_steps import next_step
from reviewcycle.record import build_review_form
from reviewcycle.selectors import available_transitions, step_by_get_message
from reviewcycle.talk_forms.selectors import talk_form_to_fill
from reviewcycle.views.common import SERVICE_ERRORS, show_service_error, visible_review
from reviewcycle.workflow import (
    phase_timeline,
)
from web.informants.section import informant_section

# Where each step's form stands on the page: next to the part of the record it concerns.
STEP_SECTIONS = {
    "record_planning_talk": "plan",
    "reopen_plan": "plan",
    "sign_plan": "plan",
    "record_progress_talk": "progress",
    "acknowledge_talk": "progress",
    "start_appraisal": "progress",
    "complete_talks": "progress",
    "submit_self_assessment": "scores",
    "skip_self_assessment": "scores",
    "submit_scores": "scores",
    "record_appraisal_talk": "appraisal_talk",
    "sign": "response",
    "object": "response",
    "decide_objection": "objection",
    "return_to_manager": "second_review",
    "finalise": "second_review",
}


def _by_section(shown: list[dict]) -> dict[str, list[dict]]:
    sections: dict[str, list[dict]] = {}
    for step in shown:
        sections.setdefault(STEP_SECTIONS.get(step["name"], "other"), []).append(step)
    return sections


def _steps(review: Review, user, bound: dict | None = None) -> list[dict]:
    """The steps the user may take (or will, once unblocked) that people take on the page: with a form."""
    bound = bound or {}
    shown = []
    for available in available_transitions(review=review, user=user):
        step = steps.get(available["name"])
        if step.form is None:
            continue
        shown.append(
            {
                **available,
                "label": steps.label_for(step, review.cycle.template_version),
                "form": bound.get(step.name) or step.form(prefix=step.name, review=review),
                "url_name": step.url_name,
            }
        )
    return shown


def _names(version) -> dict:
    """What the review's regeling calls its talks and goals (``CycleTemplateVersion.talk_name``,
    ``goals_label``), as the page's headings and links say them."""
    return {
        "planning_talk": capfirst(version.talk_name("planning")),
        "progress_talk": capfirst(version.talk_name("progress")),
        "appraisal_talk": capfirst(version.talk_name("appraisal")),
        "goals": version.goals_label,
        "development_only": version.is_development_only,
        "focus": version.has_focus_competencies,
    }


def render_review(
    request, review: Review, *, bound: dict | None = None, side: dict | None = None, status: int = 200
):
    """The review page as ``request.user`` may see it.

    Args:
        bound: step name → the step's form as posted (with its errors), shown instead of a fresh one.
        side: a side form's prefix (``talk``, ``reassign``, ``second``, ``informant``) → that form as posted: shown
            open, with its errors next to its fields.
        status: 200, or 400 when a posted form comes back with errors (403 for another role's step).
    """
    side = side or {}
    hr_may_change = rules.can_change_people(review, request.user)
    form = build_review_form(review, user=request.user, language=translation.get_language())
    shown = _steps(review, request.user, bound)
    version = review.cycle.template_version
    by_section = _by_section(shown)
    return render(
        request,
        "reviewcycle/review.html",
        {
            "review": review,
            "form": form,
            "timeline": phase_timeline(review),
            "next_step": next_step(review, request.user),
            # The summary lists the steps of the review's course; HR's side steps (cancel, exempt) stand
            # once, under "Other steps", and the summary only points there.
            "steps": [step for step in shown if step not in by_section.get("other", [])],
            "steps_by_section": by_section,
            "names": _names(version),
            # Back with the manager after a return: the latest reason, at the top.
            "returned_now": form.returns[-1]
            if form.returns
            and rules.is_manager(review, request.user)
            and rules.returned_by_second_reviewer(review)
            else None,
            "talks": talks_ahead(review=review),
            "informants": informant_section(request, review, side.get("informant"), feedback=form.informants),
            "can_schedule": rules.can_schedule_talk(review, request.user),
            "plan_editable": rules.can_edit_plan(review, request.user),
            "prepare_talk": talk_form_to_fill(review, request.user),
            "talk_form": side.get("talk")
            or TalkForm(prefix="talk", initial={"kind": talk_kind_due(review=review)}, version=version),
            "reassign_form": side.get("reassign")
            or ReassignForm(user=request.user, review=review, prefix="reassign")
            if hr_may_change
            else None,
            "second_reviewer_form": side.get("second")
            or SecondReviewerForm(user=request.user, review=review, prefix="second")
            if hr_may_change and form.shape.has_second_review
            else None,
        },
        status=status,
    )


@login_required
def review_page(request, pk):
    review = visible_review(request, pk)
    services.review_log_access(review=review, user=request.user, via="page")
    return render_review(request, review)


def _step_by_get(request, pk, step) -> str:
    """A GET on a step's URL (a reload after the back button, a copied address): what is true for this person."""
    name = step.replace("-", "_")
    if name not in steps.BY_NAME:
        return str(steps.USE_THE_BUTTON)
    return step_by_get_message(review=visible_review(request, pk), name=name, user=request.user)


@login_required
@post_only("reviewcycle:review", message=_step_by_get)
def review_step(request, pk, step):
    """Run one step from its form; errors go back to the form, next to the field they concern.

    A step that is no longer possible (a second click, a back-and-resubmit) sends the person to the
    review page with a message saying so, instead of a form that is no longer shown. A step declared
    with ``confirm=True`` first shows what it means; it runs only from that page's "Confirm".
    """
    name = step.replace("-", "_")
    review = visible_review(request, pk)
    taken = steps.BY_NAME.get(name)
    if taken is None or taken.form is None:
        raise Http404(_("No such step."))
    status = step_access.step_status(review, name, request.user, conditions=False)
    if status.status == step_access.Status.NOT_NOW:
        already = review.events.filter(transition=name).exists()
        messages.info(request, str(steps.ALREADY_TAKEN) if already else status.refusal)
        return redirect("reviewcycle:review", pk=pk)
    if status.status == step_access.Status.NOT_YOURS:  # the page offers no form for it: say why at the top
        messages.error(request, status.refusal)
        return render_review(request, review, status=403)
    form = taken.form(request.POST, prefix=name, review=review)
    if is_back(request):
        return render_review(request, review, bound={name: form})
    if form.is_valid():
        if taken.confirm and not is_confirmed(request):
            return confirmation_page(
                request,
                title=_("%(step)s: confirm")
                % {"step": steps.label_for(taken, review.cycle.template_version)},
                meaning=form.meaning(),
                form=form,
                summary=form.summary(),
            )
        try:
            taken.service(review=review, actor=request.user, **form.arguments())
        except SERVICE_ERRORS as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"{taken.done_on(review.cycle.template_version)}.")
            return redirect("reviewcycle:review", pk=pk)
    return render_review(request, visible_review(request, pk), bound={name: form}, status=400)
