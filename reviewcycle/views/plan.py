"""The plan page: goals, competencies in focus and the development plan (POP)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reviewcycle import rules, services
from reviewcycle.forms import (
    DevelopmentActionForm,
    FocusForm,
    GoalForm,
    GoalWeightsForm,
    NewRows,
)
from reviewcycle.goals import active_goal_weights, weights_problem
from reviewcycle.models import Review
from reviewcycle.views.common import SERVICE_ERRORS, show_service_error, visible_review


def _plan_forms(review: Review, user, post=None, action: str = "") -> dict:
    """The planning page's forms, each offered exactly when ``rules`` lets this user make that change
    now (what the services enforce); only the one that was posted is bound."""

    def bound(name):
        return post if action == name else None

    weights_apart = not rules.goals_are_drafts(review)
    return {
        "goals_addable": rules.can_add_goals(review, user),
        "goals_editable": rules.can_edit_goals(review, user),
        "focus_editable": rules.can_set_focus(review, user),
        "pop_editable": rules.can_edit_development_plan(review, user),
        "weights": GoalWeightsForm(bound("weights"), review=review),
        "goal_forms": [
            (goal, GoalForm.for_goal(goal, bound(f"goal-{goal.pk}"), weights_apart=weights_apart))
            for goal in review.goals.all()
        ],
        "new_goals": NewRows(GoalForm, bound("new-goal"), prefix="new-goal"),
        "weight_total": sum(weight for weight in active_goal_weights(review) if weight is not None),
        # A draft may be incomplete: what is wrong with the weights is a warning here, not a refusal.
        "weights_problem": weights_problem(active_goal_weights(review)),
        "focus": FocusForm(bound("focus"), review=review),
        "actions": [
            (
                item,
                DevelopmentActionForm(
                    bound(f"action-{item.pk}"),
                    review=review,
                    prefix=f"action-{item.pk}",
                    initial={
                        "description": item.description,
                        "competency": str(item.competency_id or ""),
                        "due_date": item.due_date,
                        "status": item.status,
                    },
                ),
            )
            for item in review.development_actions.all()
        ],
        "new_actions": NewRows(
            DevelopmentActionForm, bound("new-action"), prefix="new-action", review=review
        ),
    }


@login_required
def plan(request, pk):
    """The plan: goals (proposed by either, agreed in the planning talk), competencies in focus, the POP."""
    review = visible_review(request, pk)
    action = request.POST.get("action", "")
    forms_ = _plan_forms(review, request.user, request.POST if request.method == "POST" else None, action)
    if not any(
        forms_[name] for name in ("goals_addable", "goals_editable", "focus_editable", "pop_editable")
    ):
        messages.info(request, _("The plan cannot be changed now."))
        return redirect("reviewcycle:review", pk=pk)
    if request.method == "POST":
        form = _posted_plan_form(forms_, action)
        if form is None:
            raise Http404(_("No such form."))
        if form.is_valid():
            try:
                _save_plan_form(review, request.user, action, form)
            except SERVICE_ERRORS as error:
                show_service_error(_row_of(form, error), error)
            else:
                messages.success(request, _("Saved."))
                problem = weights_problem(active_goal_weights(visible_review(request, pk)))
                if problem is not None:
                    messages.warning(request, problem)
                return redirect("reviewcycle:plan", pk=pk)
        return render(request, "reviewcycle/plan.html", {"review": review, **forms_}, status=400)
    return render(request, "reviewcycle/plan.html", {"review": review, **forms_})


def _posted_plan_form(forms_: dict, action: str):
    """The posted form, if it is one this user is offered (any other is refused as not found)."""
    named = {}
    if forms_["goals_addable"]:
        named["new-goal"] = forms_["new_goals"]
    if forms_["goals_editable"]:
        named.update({f"goal-{goal.pk}": form for goal, form in forms_["goal_forms"]})
        if forms_["weights"].goals:
            named["weights"] = forms_["weights"]
    if forms_["focus_editable"]:
        named["focus"] = forms_["focus"]
    if forms_["pop_editable"]:
        named["new-action"] = forms_["new_actions"]
        named.update({f"action-{item.pk}": form for item, form in forms_["actions"]})
    return named.get(action)


def _row_of(form, error):
    """The form an error belongs on: for blank rows, the row the service names (else the first)."""
    if isinstance(form, NewRows):
        return form.forms[getattr(error, "row", (None, 0))[1]]
    return form


def _action_values(data: dict) -> dict:
    values = {**data, "competency": int(data["competency"]) if data["competency"] else None}
    if not values.get("status"):
        values.pop("status", None)
    return values


def _save_plan_form(review: Review, user, action: str, form) -> None:
    if action == "new-goal":
        services.review_add_plan_items(review=review, actor=user, goals=form.rows())
        return
    if action == "new-action":
        actions = [_action_values(row) for row in form.rows()]
        services.review_add_plan_items(review=review, actor=user, actions=actions)
        return
    data = form.cleaned_data
    if action.startswith("goal-"):
        goal = review.goals.get(pk=action.removeprefix("goal-"))
        services.goal_update(goal=goal, actor=user, **data)
    elif action == "weights":
        services.goal_weights_update(review=review, actor=user, weights=form.weights())
    elif action == "focus":
        services.review_set_focus(review=review, actor=user, in_focus=form.in_focus())
    else:
        existing = review.development_actions.get(pk=action.removeprefix("action-"))
        services.development_action_save(review=review, actor=user, action=existing, **_action_values(data))
