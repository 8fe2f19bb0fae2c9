"""The forms of the review page's steps, each handing its cleaned data to the step's service.

``reviewcycle.steps`` names each step's form; which steps a user sees comes from
``available_transitions`` (the same predicates as the API). The forms only collect what the
service needs."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.dates import long_date
from reviewcycle import talk_reports
from reviewcycle.forms.consequences import add_consequence_fields, objection_consequence_arguments
from reviewcycle.forms.fields import date_field, signature_field, text_field
from reviewcycle.forms.plan import GoalForm
from reviewcycle.models import ConsequenceKind, Review
from reviewcycle.rules import Role, objection_decider_role
from reviewcycle.scoring import MIN_JUSTIFICATION_LENGTH
from reviewcycle.services.inputs import clean_text
from reviewcycle.workflow import objection_decider


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

    def meaning(self) -> str:
        """For a step declared with ``confirm=True``: what taking it means, in a sentence or two, shown
        before it is confirmed (after ``is_valid()``, so it may depend on the choices made)."""
        return _("This cannot be undone.")

    def summary(self) -> list[tuple[str, str]]:
        """What was filled in, as (label, value shown) for the confirmation page; empty fields left out."""
        shown = []
        for field in self:
            value = self.cleaned_data.get(field.name)
            if value in (None, "", [], False):
                continue
            choices = dict(getattr(field.field, "choices", ()) or ())
            shown.append((str(field.label), str(choices.get(value, value))))
        return shown


class TalkForm(StepForm):
    talk_date = date_field(_("Talk held on"))


class ReasonForm(StepForm):
    reason = text_field(_("Reason"), rows=3)


class CancelForm(ReasonForm):
    def meaning(self) -> str:
        return _(
            "The review of %(name)s is cancelled: it stops without an overall rating, and nobody can take a "
            "step in it any more. This cannot be undone."
        ) % {"name": self.review.employee.name}


class ExemptForm(ReasonForm):
    def meaning(self) -> str:
        return _(
            "%(name)s is exempted from this cycle: the review stops without an overall rating, and nobody "
            "can take a step in it any more. This cannot be undone."
        ) % {"name": self.review.employee.name}


class SignForm(StepForm):
    """Signing the plan or the appraisal, with what each way of signing means (and ends)."""

    signature = signature_field()
    response = text_field(_("Your written response (optional)"), required=False)

    def __init__(self, *args, review: Review | None = None, **kwargs):
        super().__init__(*args, review=review, **kwargs)
        if review is not None:  # only the ways of signing the regeling allows
            allowed = review.cycle.template_version.signature_options
            field = self.fields["signature"]
            field.choices = [(value, label) for value, label in field.choices if value in allowed]
        if review is not None and review.state == Review.State.PLAN_SIGNOFF:
            self.fields["signature"].help_text = _(
                "Seen (voor gezien): I have received and read the plan; that does not mean I agree with it. "
                "Agreed (voor akkoord): I agree with the plan."
            )
        elif review is not None and review.response_due and not _has_objection(review):
            what = (
                _("the evaluation")
                if review.cycle.template_version.is_for_individuals
                else _("the appraisal")
            )
            self.fields["signature"].help_text = _(
                "Seen (voor gezien): you have received and read %(what)s; that does not mean you agree with it. "
                "Disagreement goes in your written response."
            ) % {"what": what}
        elif review is not None and review.response_due:
            self.fields["signature"].help_text = _(
                "Seen (voor gezien): you have received and read the appraisal; that does not mean you agree "
                "with it. You can still object until %(date)s. Agreed (voor akkoord): you agree with the "
                "appraisal; after that you can no longer object. Disagreement without an objection goes in "
                "your written response."
            ) % {"date": long_date(review.response_due)}


def _has_objection(review: Review) -> bool:
    version = review.cycle.template_version
    return version.objection_route != version.ObjectionRoute.NONE


class SignPlanForm(SignForm):
    def meaning(self) -> str:
        if self.cleaned_data["signature"] == Review.Signature.AGREED:
            return _(
                "You sign the plan as agreed (voor akkoord): you agree with the result agreements and the "
                "development plan. This cannot be undone."
            )
        return _(
            "You sign the plan as seen (voor gezien): you have received and read the result agreements and "
            "the development plan; that does not mean you agree with them. This cannot be undone."
        )


class SignAppraisalForm(SignForm):
    def meaning(self) -> str:
        """What each way of signing means for objecting (``conditions.OBJECTION_AFTER_SIGNING``)."""
        if self.cleaned_data["signature"] == Review.Signature.AGREED:
            return _(
                "You sign as agreed (voor akkoord): you agree with the appraisal; after that you can no "
                "longer object."
            )
        return _(
            "You sign as seen (voor gezien): you have received and read the appraisal; that does not mean "
            "you agree with it. You can still object until %(date)s."
        ) % {"date": long_date(self.review.response_due)}


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

    def fields_for(self, name: str) -> list[str]:
        """Where a refusal about ``goals`` (the weight rule) is shown: next to each weight changed in this
        talk, else next to each withdrawal; other names as the form has them."""
        if name != "goals":
            return [name] if name in self.fields else []
        changed = [
            f"goal-{goal.pk}-weight"
            for goal in self.goals
            if self.cleaned_data.get(f"goal-{goal.pk}-weight") != goal.weight
        ]
        withdrawn = [
            f"goal-{goal.pk}-withdraw"
            for goal in self.goals
            if self.cleaned_data.get(f"goal-{goal.pk}-withdraw")
        ]
        return changed or withdrawn

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
    """Records the closing talk; with the advice on the contract where the regeling has one (probation)."""

    talk_date = date_field(_("Talk held on"))
    summary = text_field(_("Summary of the talk"))
    advice = forms.ChoiceField(
        label=_("Advice on the contract"),
        choices=Review.ContractAdvice.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose an advice: continue the contract, extend it, or do not continue it.")
        },
    )
    advice_explanation = text_field(_("Explanation of the advice (optional)"), required=False, rows=3)

    def __init__(self, *args, review: Review | None = None, **kwargs):
        super().__init__(*args, review=review, **kwargs)
        if review is None or not review.cycle.template_version.has_advice:
            del self.fields["advice"], self.fields["advice_explanation"]


class StartAppraisalForm(StepForm):
    def meaning(self) -> str:
        cycle = self.review.cycle
        shape = cycle.template_version
        if shape.has_self_assessment:
            return _(
                "You start the appraisal: %(name)s is asked to fill in the self-assessment by %(date)s. "
                "This cannot be undone."
            ) % {"name": self.review.employee.name, "date": long_date(cycle.self_assessment_due)}
        if shape.has_scores:
            return _(
                "You start the appraisal: you score %(name)s's goals and competencies by %(date)s. "
                "This cannot be undone."
            ) % {"name": self.review.employee.name, "date": long_date(cycle.scoring_due)}
        return _(
            "You start the closing talk with %(name)s, due by %(date)s. No more progress talks can be "
            "recorded after this."
        ) % {"name": self.review.employee.name, "date": long_date(cycle.appraisal_due)}


class AcknowledgeTalkForm(StepForm):
    """Signs the oldest unsigned report (``review_acknowledge_talk`` without ``occurrence``)."""

    def meaning(self) -> str:
        unsigned = talk_reports.reports_to_sign(self.review)
        if not unsigned:
            return _("This cannot be undone.")
        return _(
            "You sign the report of progress talk %(number)s (held on %(date)s) as seen (voor gezien): you "
            "have received and read it; that does not mean you agree with it. This cannot be undone."
        ) % {"number": unsigned[0].occurrence, "date": long_date(unsigned[0].talk_date)}


class CompleteTalksForm(StepForm):
    def meaning(self) -> str:
        return _(
            "You complete the cycle of talks with %(name)s: the review is done, with the talks recorded so "
            "far (%(count)s). No more talks can be recorded in this cycle."
        ) % {"name": self.review.employee.name, "count": self.review.progress_talk_count + 1}


class ObjectionForm(StepForm):
    """The objection, with the procedure and its term as the grounds' help text."""

    grounds = text_field(_("Grounds of your objection"), rows=6)

    def __init__(self, *args, review: Review | None = None, **kwargs):
        super().__init__(*args, review=review, **kwargs)
        if review is not None and review.response_due and objection_decider_role(review) != Role.HR:
            self.fields["grounds"].help_text = _(
                "You can object until %(date)s. %(who)s decides within %(days)s days: upheld sends the "
                "appraisal back to your manager; rejected sends it on as after your signature. Both "
                "decisions come with reasons, and you see them on this page."
            ) % {
                "date": long_date(review.response_due),
                "days": review.cycle.objection_decision_days,
                "who": objection_decider(review),
            }
        elif review is not None and review.response_due:
            self.fields["grounds"].help_text = _(
                "You can object until %(date)s. HR decides within %(days)s days: upheld sends the appraisal "
                "back to your manager to score again; rejected sends it on to the second reviewer. Both "
                "decisions come with reasons, and you see them on this page."
            ) % {"date": long_date(review.response_due), "days": review.cycle.objection_decision_days}

    def meaning(self) -> str:
        return _(
            "You object to the appraisal. HR decides on your objection, with reasons; until then the "
            "appraisal is not final. You cannot change your grounds afterwards."
        )


class FinaliseForm(StepForm):
    def meaning(self) -> str:
        return _(
            "You finalise the appraisal of %(name)s: it becomes final and goes into the personnel file. "
            "Only HR can reopen it afterwards."
        ) % {"name": self.review.employee.name}


class DecisionForm(StepForm):
    """HR's decision on an objection, with reasons of a stated minimum length (the service's rule)."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=Review.ObjectionDecision.choices, widget=forms.RadioSelect
    )
    reason = text_field(_("Reasons"), rows=4)

    def __init__(self, *args, review: Review | None = None, **kwargs):
        super().__init__(*args, review=review, **kwargs)
        self.fields["reason"].help_text = _(
            "The employee reads these reasons with your decision. Write at least %(count)s characters."
        ) % {"count": MIN_JUSTIFICATION_LENGTH}
        if review is not None:
            add_consequence_fields(self, review, on_objection=True)

    def arguments(self) -> dict:
        return {
            "decision": self.cleaned_data["decision"],
            "reason": self.cleaned_data["reason"],
            **objection_consequence_arguments(self),
        }

    def summary(self) -> list[tuple[str, str]]:
        shown = [
            (
                str(self[name].label),
                str(dict(self.fields[name].choices).get(value, value)) if name == "decision" else value,
            )
            for name in ("decision", "reason")
            if (value := self.cleaned_data.get(name))
        ]
        changed = objection_consequence_arguments(self).get("consequences")
        if changed is not None:
            labels = [str(ConsequenceKind(item["kind"]).label) for item in changed]
            shown.append((str(self["consequences"].label), ", ".join(labels) or str(_("No consequences."))))
        return shown

    def clean_reason(self) -> str:
        try:
            return clean_text(self.cleaned_data["reason"], "reason", min_length=MIN_JUSTIFICATION_LENGTH)
        except ValidationError as error:
            raise ValidationError(error.message_dict["reason"]) from error

    def meaning(self) -> str:
        if self.cleaned_data["decision"] == Review.ObjectionDecision.UPHELD:
            then = _(
                "You decide the objection is upheld: the appraisal goes back to the manager, who scores it again."
            )
        else:
            then = _(
                "You decide the objection is rejected: the appraisal goes on to the second reviewer, who "
                "finalises it."
            )
        told = _("The employee is told your decision and your reasons. This cannot be undone.")
        return f"{then} {told}"
