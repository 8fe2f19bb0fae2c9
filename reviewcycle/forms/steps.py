"""One form per step of the review page, each handing its cleaned data to the step's service; the history's labels.

Which steps a user sees comes from ``available_transitions`` (the same predicates as the
API); the forms only collect what the service needs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reviewcycle.forms.fields import date_field, signature_field, text_field
from reviewcycle.forms.plan import GoalForm
from reviewcycle.models import Review


class StepForm(forms.Form):
    """A step without input: the button is the form. Subclasses add what the step's service takes."""

    def __init__(self, *args, review: Review | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review

    def groups(self) -> list[tuple[str | None, list]]:
        """The fields as the page shows them: (legend, bound fields); a legend makes a fieldset."""
        return [(None, list(self))]

    def arguments(self) -> dict:
        """What the step's service is called with."""
        return dict(self.cleaned_data)


class TalkForm(StepForm):
    talk_date = date_field(_("Talk held on"))


class ReasonForm(StepForm):
    reason = text_field(_("Reason"), rows=3)


class SignForm(StepForm):
    signature = signature_field()
    response = text_field(_("Your written response (optional)"), required=False)


class ProgressTalkForm(StepForm):
    """The progress talk: its notes, and the goals as agreed now (changed or withdrawn in the talk)."""

    talk_date = date_field(_("Talk held on"))
    notes = text_field(_("Notes of the talk"))

    GOAL_FIELDS = ("title", "measure", "weight", "deadline")

    def __init__(self, *args, review: Review | None = None, **kwargs):
        super().__init__(*args, review=review, **kwargs)
        self.goals = [goal for goal in review.goals.all() if goal.is_active] if review else []
        for goal in self.goals:
            template = GoalForm.for_goal(goal)
            for name in self.GOAL_FIELDS:
                field = template.fields[name]
                field.initial = template.initial[name]
                self.fields[f"goal-{goal.pk}-{name}"] = field
            self.fields[f"goal-{goal.pk}-withdraw"] = forms.BooleanField(
                label=_("Withdraw this goal"), required=False
            )

    def groups(self) -> list[tuple[str | None, list]]:
        return [(None, [self["talk_date"], self["notes"]])] + [
            (
                _("Goal: %(title)s") % {"title": goal.title},
                [self[f"goal-{goal.pk}-{name}"] for name in (*self.GOAL_FIELDS, "withdraw")],
            )
            for goal in self.goals
        ]

    def arguments(self) -> dict:
        """Only what differs from the goal as it stands goes to the service (which records each change)."""
        changes = []
        for goal in self.goals:
            change = {
                name: self.cleaned_data[f"goal-{goal.pk}-{name}"]
                for name in self.GOAL_FIELDS
                if self.cleaned_data[f"goal-{goal.pk}-{name}"] != getattr(goal, name)
            }
            if self.cleaned_data[f"goal-{goal.pk}-withdraw"]:
                change["withdraw"] = True
            if change:
                changes.append({"id": goal.pk, **change})
        return {
            "talk_date": self.cleaned_data["talk_date"],
            "notes": self.cleaned_data["notes"],
            "goal_changes": changes,
        }


class AppraisalTalkForm(StepForm):
    talk_date = date_field(_("Talk held on"))
    summary = text_field(_("Summary of the talk"))


class ObjectionForm(StepForm):
    grounds = text_field(_("Grounds of your objection"), rows=6)


class DecisionForm(StepForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Review.ObjectionDecision.choices, widget=forms.RadioSelect
    )
    reason = text_field(_("Reasons"), rows=4)


STEP_FORMS: dict[str, type[StepForm]] = {
    "record_planning_talk": TalkForm,
    "reopen_plan": ReasonForm,
    "sign_plan": SignForm,
    "record_progress_talk": ProgressTalkForm,
    "start_appraisal": StepForm,
    "submit_self_assessment": StepForm,
    "skip_self_assessment": ReasonForm,
    "submit_scores": StepForm,
    "record_appraisal_talk": AppraisalTalkForm,
    "sign": SignForm,
    "object": ObjectionForm,
    "return_to_manager": ReasonForm,
    "finalise": StepForm,
    "decide_objection": DecisionForm,
    "reopen": ReasonForm,
    "cancel": ReasonForm,
    "exempt": ReasonForm,
}

STEP_LABELS = {
    "record_planning_talk": _("Record the planning talk"),
    "reopen_plan": _("Reopen the plan"),
    "sign_plan": _("Sign the plan"),
    "record_progress_talk": _("Record a progress talk"),
    "start_appraisal": _("Start the appraisal"),
    "submit_self_assessment": _("Submit the self-assessment"),
    "skip_self_assessment": _("Skip the self-assessment"),
    "submit_scores": _("Submit the scores"),
    "record_appraisal_talk": _("Record the appraisal talk"),
    "sign": _("Sign the appraisal"),
    "object": _("Object to the appraisal"),
    "expire_response": _("Close the response term"),
    "return_to_manager": _("Return to the manager"),
    "finalise": _("Finalise the appraisal"),
    "decide_objection": _("Decide on the objection"),
    "reopen": _("Reopen the appraisal"),
    "cancel": _("Cancel the review"),
    "exempt": _("Exempt from the cycle"),
}
