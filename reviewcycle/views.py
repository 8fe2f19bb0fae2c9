"""Pages of the review cycle: my cycle, my team, the second reviewer's queue, one review with its steps.

Thin: visibility comes from the selectors, the steps a user sees from ``available_transitions``
(the same predicates as the API), every change from the step's service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from core.jobs import JobNotQueuedError
from notifications.forms import TalkForm
from people.selectors import is_hr
from reports.selectors import build_review_form
from reviewcycle import rules, services
from reviewcycle.forms import (
    EVENT_LABELS,
    STEP_FORMS,
    STEP_LABELS,
    CloseCycleForm,
    CycleForm,
    DevelopmentActionForm,
    FocusForm,
    GoalForm,
    ReassignForm,
    ScoringForm,
    SecondReviewerForm,
    SelfAssessmentForm,
)
from reviewcycle.models import Review, ReviewCycle
from reviewcycle.scoring import needs_justification, proposed_rating, scale_of
from reviewcycle.selectors import available_transitions, cycle_for_hr, review_detail, reviews_visible_to
from reviewcycle.services.errors import TransitionBlocked
from reviewcycle.workflow import (
    NEXT_ACTION,
    PHASE_LABEL,
    PHASE_OF_STATE,
    STATE_OWNER,
    is_overdue,
    phase_timeline,
)


def _open_reviews(queryset):
    return queryset.filter(cycle__state=ReviewCycle.State.OPEN).order_by("employee__name", "id")


def _rows(reviews) -> list[dict]:
    today = timezone.localdate()
    return [
        {
            "review": review,
            "phase": PHASE_LABEL[PHASE_OF_STATE[review.state]],
            "next_action": NEXT_ACTION.get(review.state, ""),
            "waiting_for": STATE_OWNER.get(review.state),
            "overdue": is_overdue(review, today),
        }
        for review in reviews
    ]


@login_required
def home(request):
    """Mijn gesprekscyclus: the current review, what is expected now, earlier years; links by role."""
    visible = reviews_visible_to(user=request.user)
    own = list(visible.filter(employee__user=request.user).order_by("-cycle__period_start", "-id"))
    current = next((review for review in own if review.is_open), own[0] if own else None)
    context = {
        "current": current,
        "timeline": phase_timeline(current) if current else [],
        "next_action": NEXT_ACTION.get(current.state) if current else None,
        "my_turn": current is not None and STATE_OWNER.get(current.state) == "employee",
        "earlier": [review for review in own if review is not current],
        "team_count": _open_reviews(visible.filter(manager__user=request.user)).count(),
        "queue_count": visible.filter(
            second_reviewer__user=request.user, state=Review.State.SECOND_REVIEW
        ).count(),
        "is_hr": is_hr(user=request.user),
    }
    return render(request, "reviewcycle/home.html", context)


@login_required
def team(request):
    """Mijn team: every report's phase, next due date, overdue flag and the one next action."""
    reviews = _open_reviews(reviews_visible_to(user=request.user).filter(manager__user=request.user))
    return render(request, "reviewcycle/team.html", {"rows": _rows(reviews)})


@login_required
def second_review_queue(request):
    reviews = reviews_visible_to(user=request.user).filter(
        Q(second_reviewer__user=request.user), state=Review.State.SECOND_REVIEW
    )
    return render(request, "reviewcycle/queue.html", {"rows": _rows(reviews.order_by("due_date", "id"))})


def _visible(request, pk) -> Review:
    try:
        return review_detail(user=request.user, pk=pk)
    except (Review.DoesNotExist, ValueError):
        # 404, not 403: whether a review exists is not for others to learn.
        raise Http404(_("No such review.")) from None


def _steps(review: Review, user, bound: dict | None = None) -> list[dict]:
    bound = bound or {}
    return [
        {
            **step,
            "label": STEP_LABELS[step["name"]],
            "form": bound.get(step["name"]) or STEP_FORMS[step["name"]](prefix=step["name"], review=review),
            "url_name": step["name"].replace("_", "-"),
        }
        for step in available_transitions(review=review, user=user)
        if step["name"] in STEP_FORMS
    ]


def _render_review(request, review: Review, *, bound: dict | None = None, status: int = 200):
    from people.models import Employee

    actor_ids = {event.actor_id for event in review.events.all() if event.actor_id}
    names = dict(Employee.objects.filter(user_id__in=actor_ids).values_list("user_id", "name"))
    names.update(
        {
            event.actor_id: event.actor.get_username()
            for event in review.events.all()
            if event.actor_id and event.actor_id not in names
        }
    )
    hr_may_change = review.is_open and rules.is_hr_without_own_role(review, request.user)
    return render(
        request,
        "reviewcycle/review.html",
        {
            "review": review,
            "form": build_review_form(review, user=request.user, language=translation.get_language()),
            "timeline": phase_timeline(review),
            "steps": _steps(review, request.user, bound),
            "talks": [talk for talk in review.scheduled_talks.all() if talk.cancelled_at is None],
            "can_schedule": review.is_open and rules.is_manager(review, request.user),
            "talk_form": TalkForm(prefix="talk"),
            "reassign_form": ReassignForm(user=request.user, review=review, prefix="reassign")
            if hr_may_change
            else None,
            "second_reviewer_form": SecondReviewerForm(user=request.user, review=review, prefix="second")
            if hr_may_change
            else None,
            "history": [
                {
                    "at": event.created_at,
                    "what": EVENT_LABELS.get(event.transition, event.transition),
                    "who": names.get(event.actor_id, _("the system")) if event.actor_id else _("the system"),
                }
                for event in review.events.all()
            ],
        },
        status=status,
    )


@login_required
def review_page(request, pk):
    review = _visible(request, pk)
    services.review_log_access(review=review, user=request.user, via="page")
    return _render_review(request, review)


def _show_service_error(form, error: Exception) -> None:
    """Put what the service refused on the form: next to its field where it names one, else above the form."""
    if isinstance(error, TransitionBlocked):
        problems = [(None, message) for message in error.messages]
    elif isinstance(error, ConcurrentTransition):
        problems = [(None, _("Someone else changed this review at the same moment; reload and try again."))]
    elif isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        problems = [
            (field if field in form.fields else None, message)
            for field, messages_ in error.message_dict.items()
            for message in messages_
        ]
    elif isinstance(error, ValidationError):
        problems = [(None, message) for message in error.messages]
    else:
        problems = [(None, _("This step is not possible now."))]
    for field, message in problems:
        form.add_error(field, message)


SERVICE_ERRORS = (
    ValidationError,
    TransitionNotAllowed,
    ConcurrentTransition,
    PermissionDenied,
    JobNotQueuedError,
)


@login_required
@require_POST
def review_step(request, pk, step):
    """Run one step from its form; errors go back to the form, next to the field they concern."""
    name = step.replace("-", "_")
    review = _visible(request, pk)
    if name not in STEP_FORMS:
        raise Http404(_("No such step."))
    form = STEP_FORMS[name](request.POST, prefix=name, review=review)
    if form.is_valid():
        try:
            services.TRANSITION_SERVICES[name](review=review, actor=request.user, **form.arguments())
        except SERVICE_ERRORS as error:
            _show_service_error(form, error)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": STEP_LABELS[name]})
            return redirect("reviewcycle:review", pk=pk)
    return _render_review(request, _visible(request, pk), bound={name: form}, status=400)


@login_required
def self_assessment(request, pk):
    """The self-assessment: saved as a draft as often as the employee likes, then submitted once."""
    review = _visible(request, pk)
    if not (review.employee.user_id == request.user.pk and review.state == Review.State.SELF_ASSESSMENT):
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
            _save_self_assessment_draft(review, request.user, form)
            messages.success(request, _("Saved as a draft. Nothing is sent until you submit."))
            return redirect("reviewcycle:self-assessment", pk=pk)
        except SERVICE_ERRORS as error:
            _show_service_error(form, error)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "reviewcycle/self_assessment.html", {"review": review, "form": form}, status=status
    )


@transaction.atomic
def _save_self_assessment_draft(review: Review, user, form: SelfAssessmentForm) -> None:
    targets = {(item["kind"], item["target"].pk): item["target"] for item in form.items}
    for entry in form.entries():
        kind = "assessment" if "assessment" in entry else "goal"
        services.self_rating_save(
            review=review,
            actor=user,
            target=targets[(kind, entry[kind])],
            rating=entry["rating"],
            remark=entry["remark"],
        )


@login_required
def scoring_page(request, pk):
    """The scoring form: marks per indicator, ratings, justifications; saved as a draft, then submitted."""
    review = _visible(request, pk)
    if not (rules.is_manager(review, request.user) and review.state == Review.State.SCORING):
        messages.info(request, _("Scoring is not open for you now."))
        return redirect("reviewcycle:review", pk=pk)
    form = ScoringForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            _save_scores_draft(review, request.user, form)
            if "submit" not in request.POST:
                messages.success(request, _("Saved as a draft. The employee sees nothing until you submit."))
                return redirect("reviewcycle:scoring", pk=pk)
            services.review_submit_scores(
                review=review,
                actor=request.user,
                overall_rating=form.cleaned_data["overall_rating"] or None,
                override_reason=form.cleaned_data["override_reason"],
            )
            messages.success(request, _("Scores submitted. Next: the appraisal talk."))
            return redirect("reviewcycle:review", pk=pk)
        except SERVICE_ERRORS as error:
            _show_service_error(form, error)
        review = _visible(request, pk)
    context = {
        "review": review,
        "form": form,
        "self_assessment": build_review_form(review, user=request.user, language=translation.get_language()),
    }
    return render(
        request, "reviewcycle/scoring.html", context, status=400 if request.method == "POST" else 200
    )


@transaction.atomic
def _save_scores_draft(review: Review, user, form: ScoringForm) -> None:
    for entry in form.competencies:
        prefix = f"assessment-{entry['item'].pk}"
        services.assessment_score(
            assessment=entry["item"],
            actor=user,
            marks=form.marks_of(entry),
            rating=form.cleaned_data[f"{prefix}-rating"] or None,
            justification=form.cleaned_data[f"{prefix}-justification"],
        )
    for entry in form.goals:
        prefix = f"goal-{entry['goal'].pk}"
        services.goal_score(
            goal=entry["goal"],
            actor=user,
            rating=form.cleaned_data[f"{prefix}-rating"] or None,
            result_note=form.cleaned_data[f"{prefix}-result"],
            justification=form.cleaned_data[f"{prefix}-justification"],
        )


@login_required
@require_POST
def scoring_proposal(request, pk):
    """The proposed rating for marks not saved yet, and whether the chosen rating needs a justification.

    The scoring page asks this on every change, so the formula lives only in reviewcycle.scoring.
    """
    review = _visible(request, pk)
    try:
        assessment = next(
            item for item in review.assessments.all() if str(item.pk) == request.POST.get("assessment")
        )
    except StopIteration:
        raise Http404(_("No such competency.")) from None
    scale = scale_of(review)
    marks = list(assessment.marks.all())
    expected = [request.POST.get(f"mark-{mark.pk}", "") for mark in marks if not mark.is_next_level]
    next_level = [
        "fully" if request.POST.get(f"mark-{mark.pk}") else "" for mark in marks if mark.is_next_level
    ]
    proposal = proposed_rating(expected, next_level, scale)
    chosen = next((point for point in scale if str(point.value) == request.POST.get("rating")), None)
    return JsonResponse(
        {
            "proposed": proposal.label if proposal else None,
            "proposed_value": proposal.value if proposal else None,
            "needs_justification": bool(chosen and needs_justification(rating=chosen, proposed=proposal)),
        }
    )


def _plan_forms(review: Review, user, post=None, action: str = "") -> dict:
    """The planning page's forms; only the one that was posted is bound."""

    def bound(name):
        return post if action == name else None

    goals_editable = review.state == Review.State.PLANNING and (
        rules.is_manager(review, user) or rules.is_reviewee(review, user)
    )
    pop_editable = review.is_open and (rules.is_manager(review, user) or rules.is_reviewee(review, user))
    return {
        "goals_editable": goals_editable,
        "focus_editable": review.state == Review.State.PLANNING and rules.is_manager(review, user),
        "pop_editable": pop_editable,
        "goal_forms": [
            (goal, GoalForm.for_goal(goal, bound(f"goal-{goal.pk}"))) for goal in review.goals.all()
        ],
        "new_goal": GoalForm(bound("new-goal"), prefix="new-goal"),
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
        "new_action": DevelopmentActionForm(bound("new-action"), review=review, prefix="new-action"),
    }


@login_required
def plan(request, pk):
    """The plan: goals (proposed by either, agreed in the planning talk), competencies in focus, the POP."""
    review = _visible(request, pk)
    action = request.POST.get("action", "")
    forms_ = _plan_forms(review, request.user, request.POST if request.method == "POST" else None, action)
    if not (forms_["goals_editable"] or forms_["pop_editable"]):
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
                _show_service_error(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("reviewcycle:plan", pk=pk)
        return render(request, "reviewcycle/plan.html", {"review": review, **forms_}, status=400)
    return render(request, "reviewcycle/plan.html", {"review": review, **forms_})


def _posted_plan_form(forms_: dict, action: str):
    """The posted form, if it is one this user is offered (any other is refused as not found)."""
    named = {}
    if forms_["goals_editable"]:
        named["new-goal"] = forms_["new_goal"]
        named.update({f"goal-{goal.pk}": form for goal, form in forms_["goal_forms"]})
    if forms_["focus_editable"]:
        named["focus"] = forms_["focus"]
    if forms_["pop_editable"]:
        named["new-action"] = forms_["new_action"]
        named.update({f"action-{item.pk}": form for item, form in forms_["actions"]})
    return named.get(action)


def _save_plan_form(review: Review, user, action: str, form) -> None:
    data = form.cleaned_data
    if action == "new-goal":
        data = {key: value for key, value in data.items() if key != "withdrawn"}
        services.goal_create(review=review, actor=user, **data)
    elif action.startswith("goal-"):
        goal = review.goals.get(pk=action.removeprefix("goal-"))
        services.goal_update(goal=goal, actor=user, **data)
    elif action == "focus":
        with transaction.atomic():
            for item in form.assessments:
                wanted = data[f"focus-{item.pk}"]
                if wanted != item.in_focus:
                    services.assessment_set_focus(assessment=item, actor=user, in_focus=wanted)
    else:
        existing = (
            None
            if action == "new-action"
            else review.development_actions.get(pk=action.removeprefix("action-"))
        )
        values = {**data, "competency": int(data["competency"]) if data["competency"] else None}
        if not values["status"]:
            values.pop("status")
        services.development_action_save(review=review, actor=user, action=existing, **values)


# --- HR: cycles and objections ----------------------------------------------------------------------


def _require_hr(request) -> None:
    if not is_hr(user=request.user):
        raise PermissionDenied


@login_required
def cycle_new(request):
    """A new cycle for the units HR works for; it opens from its dashboard."""
    from notifications.services import reminder_policy_set

    _require_hr(request)
    form = CycleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        offsets, scope = data.pop("reminder_offsets"), list(data.pop("scope"))
        try:
            with transaction.atomic():
                cycle = services.cycle_create(actor=request.user, scope=scope, **data)
                reminder_policy_set(cycle=cycle, actor=request.user, offsets=offsets)
        except SERVICE_ERRORS as error:
            _show_service_error(form, error)
        else:
            messages.success(
                request, _("The cycle %(name)s is ready; open it when you are.") % {"name": cycle.name}
            )
            return redirect("reports:dashboard", pk=cycle.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "reviewcycle/cycle_form.html", {"form": form}, status=status)


def _hr_cycle(request, pk) -> ReviewCycle:
    try:
        return cycle_for_hr(user=request.user, pk=pk)
    except ReviewCycle.DoesNotExist:
        raise Http404(_("No such cycle.")) from None


@login_required
@require_POST
def cycle_open_view(request, pk):
    """Open the cycle; a large one opens in the background and its dashboard shows the progress."""
    cycle = _hr_cycle(request, pk)
    try:
        started = services.cycle_open_start(cycle=cycle, actor=request.user)
    except SERVICE_ERRORS as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        if started["status"] == "done":
            messages.success(
                request,
                _("The cycle is open: %(created)s reviews created.")
                % {"created": started["report"]["created"]},
            )
        else:
            messages.info(request, _("The cycle is being opened; this page shows how far it is."))
    return redirect("reports:dashboard", pk=pk)


@login_required
@require_POST
def cycle_add_missing_view(request, pk):
    """After HR gave the missing employees a manager (or new people joined): their reviews."""
    cycle = _hr_cycle(request, pk)
    try:
        report = services.cycle_add_missing(cycle=cycle, actor=request.user)
    except SERVICE_ERRORS as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            ngettext("%(count)s review added.", "%(count)s reviews added.", report["created"])
            % {"count": report["created"]},
        )
    return redirect("reports:dashboard", pk=pk)


@login_required
def cycle_opening(request, pk):
    """How far opening in the background is, for the dashboard's progress bar."""
    cycle = _hr_cycle(request, pk)
    return JsonResponse(services.cycle_open_progress(cycle=cycle))


@login_required
@require_POST
def cycle_close_view(request, pk):
    cycle = _hr_cycle(request, pk)
    form = CloseCycleForm(request.POST)
    if form.is_valid():
        try:
            services.cycle_close(
                cycle=cycle, actor=request.user, force_reason=form.cleaned_data["force_reason"]
            )
        except SERVICE_ERRORS as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The cycle is closed."))
    return redirect("reports:dashboard", pk=pk)


@login_required
def objection_queue(request):
    """Objections waiting for HR's decision, the oldest first."""
    _require_hr(request)
    reviews = (
        reviews_visible_to(user=request.user)
        .filter(state=Review.State.OBJECTION)
        .select_related("employee", "manager", "cycle")
    )
    rows = [
        row
        for row in _rows(reviews.order_by("objected_at", "id"))
        if rules.is_hr_without_own_role(row["review"], request.user)
    ]
    return render(request, "reviewcycle/objections.html", {"rows": rows})


def _hr_change(request, pk, *, form_class, prefix: str, change) -> HttpResponse:
    """A change HR makes to an open review from its page: the form's errors and the service's go to messages."""
    review = _visible(request, pk)
    if not rules.is_hr_for(review, request.user):
        raise Http404(_("No such review."))
    form = form_class(request.POST, user=request.user, review=review, prefix=prefix)
    if not form.is_valid():
        messages.error(
            request, " ".join(str(problem) for problems in form.errors.values() for problem in problems)
        )
        return redirect("reviewcycle:review", pk=pk)
    try:
        success = change(review, form.cleaned_data)
    except SERVICE_ERRORS as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, success)
    return redirect("reviewcycle:review", pk=pk)


@login_required
@require_POST
def reassign(request, pk):
    """HR moves the open review to another manager; history stays, both managers are told."""

    def change(review, data):
        services.review_reassign_manager(
            review=review, actor=request.user, manager=data["manager"], reason=data["reason"]
        )
        return _("The review now lies with %(manager)s.") % {"manager": data["manager"].name}

    return _hr_change(request, pk, form_class=ReassignForm, prefix="reassign", change=change)


@login_required
@require_POST
def set_second_reviewer(request, pk):
    """HR names another second reviewer (the manager's manager is absent, or is the wrong person)."""

    def change(review, data):
        services.review_set_second_reviewer(
            review=review, actor=request.user, second_reviewer=data["second_reviewer"], reason=data["reason"]
        )
        return _("%(name)s is now the second reviewer.") % {"name": data["second_reviewer"].name}

    return _hr_change(request, pk, form_class=SecondReviewerForm, prefix="second", change=change)
