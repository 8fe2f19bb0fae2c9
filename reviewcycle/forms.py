"""The forms of the review page: one per step, each handing its cleaned data to the step's service.

Which steps a user sees comes from ``available_transitions`` (the same predicates as the
API); the forms only collect what the service needs.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import validate_single_line
from reviewcycle.models import Review

MAX_TEXT = 10_000


class DateInput(forms.DateInput):
    """The browser's date picker; its value must be ISO (2026-03-01), whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date(label):
    return forms.DateField(label=label, widget=DateInput())


def _text(label, *, required=True, rows=4):
    return forms.CharField(
        label=label, required=required, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": rows})
    )


def _signature():
    return forms.ChoiceField(
        label=_("Sign as"),
        choices=[
            (Review.Signature.SEEN, _("Seen (voor gezien): I do not necessarily agree")),
            (Review.Signature.AGREED, _("Agreed (voor akkoord)")),
        ],
        widget=forms.RadioSelect,
    )


def _rating(label, choices, option) -> forms.ChoiceField:
    """A choice on the cycle's scale, empty allowed (a draft), showing the saved option."""
    return forms.ChoiceField(
        label=label, choices=choices, required=False, initial=str(option.value) if option else ""
    )


def _draft_text(label, initial: str, rows: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        initial=initial,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _scale_choices(review: Review) -> list[tuple[str, str]]:
    return [("", "—")] + [
        (str(option.value), option.label) for option in review.cycle.rating_scale.options.all()
    ]


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
    talk_date = _date(_("Talk held on"))


class ReasonForm(StepForm):
    reason = _text(_("Reason"), rows=3)


class SignForm(StepForm):
    signature = _signature()
    response = _text(_("Your written response (optional)"), required=False)


class ProgressTalkForm(StepForm):
    """The progress talk: its notes, and the goals as agreed now (changed or withdrawn in the talk)."""

    talk_date = _date(_("Talk held on"))
    notes = _text(_("Notes of the talk"))

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
    talk_date = _date(_("Talk held on"))
    summary = _text(_("Summary of the talk"))


class ObjectionForm(StepForm):
    grounds = _text(_("Grounds of your objection"), rows=6)


class DecisionForm(StepForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Review.ObjectionDecision.choices, widget=forms.RadioSelect
    )
    reason = _text(_("Reasons"), rows=4)


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


class SelfAssessmentForm(forms.Form):
    """The employee's own rating and remark for every competency in focus and every active goal."""

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        options = _scale_choices(review)
        self.items = []
        for kind, targets in (
            ("assessment", [item for item in review.assessments.all() if item.in_focus]),
            ("goal", [goal for goal in review.goals.all() if goal.is_active]),
        ):
            for target in targets:
                prefix = f"{kind}-{target.pk}"
                self.fields[f"{prefix}-rating"] = _rating(_("Own rating"), options, target.self_rating)
                self.fields[f"{prefix}-remark"] = _draft_text(_("Remark"), target.self_remark, 3)
                self.items.append(
                    {
                        "kind": kind,
                        "target": target,
                        "rating": self[f"{prefix}-rating"],
                        "remark": self[f"{prefix}-remark"],
                    }
                )

    def entries(self) -> list[dict]:
        """The answers in the shape the services take: {assessment|goal: id, rating, remark}."""
        return [
            {
                item["kind"]: item["target"].pk,
                "rating": self.cleaned_data[f"{item['kind']}-{item['target'].pk}-rating"] or None,
                "remark": self.cleaned_data[f"{item['kind']}-{item['target'].pk}-remark"],
            }
            for item in self.items
        ]


class ScoringForm(forms.Form):
    """The manager's marks per indicator, a rating and justification per competency and goal, and the overall rating."""

    def __init__(self, *args, review: Review, **kwargs):
        from reviewcycle.models import IndicatorMark

        super().__init__(*args, **kwargs)
        rating_choices = _scale_choices(review)
        self.competencies, self.goals = [], []
        for item in review.assessments.all():
            if not item.in_focus:
                continue
            indicators = []
            for mark in item.marks.all():
                name = f"mark-{mark.pk}"
                if mark.is_next_level:
                    self.fields[name] = forms.BooleanField(
                        label=mark.text, required=False, initial=mark.mark == IndicatorMark.Mark.FULLY
                    )
                else:
                    self.fields[name] = forms.ChoiceField(
                        label=mark.text,
                        choices=IndicatorMark.Mark.choices,
                        required=False,
                        initial=mark.mark,
                        widget=forms.RadioSelect,
                    )
                indicators.append({"mark": mark, "field": self[name]})
            prefix = f"assessment-{item.pk}"
            self.fields[f"{prefix}-rating"] = _rating(_("Rating"), rating_choices, item.rating)
            self.fields[f"{prefix}-justification"] = _draft_text(
                _("Justification with examples"), item.justification, 3
            )
            self.competencies.append(
                {
                    "item": item,
                    "expected": [entry for entry in indicators if not entry["mark"].is_next_level],
                    "next_level": [entry for entry in indicators if entry["mark"].is_next_level],
                    "rating": self[f"{prefix}-rating"],
                    "justification": self[f"{prefix}-justification"],
                }
            )
        for goal in review.goals.all():
            if not goal.is_active:
                continue
            prefix = f"goal-{goal.pk}"
            self.fields[f"{prefix}-result"] = _draft_text(_("Result"), goal.result_note, 2)
            self.fields[f"{prefix}-rating"] = _rating(_("Rating"), rating_choices, goal.rating)
            self.fields[f"{prefix}-justification"] = _draft_text(
                _("Justification with examples"), goal.justification, 2
            )
            self.goals.append(
                {
                    "goal": goal,
                    "result": self[f"{prefix}-result"],
                    "rating": self[f"{prefix}-rating"],
                    "justification": self[f"{prefix}-justification"],
                }
            )
        self.fields["overall_rating"] = forms.ChoiceField(
            label=_("Overall rating (empty: the proposal)"), choices=rating_choices, required=False
        )
        self.fields["override_reason"] = _draft_text(
            _("Reason for another overall rating than the proposal"), "", 2
        )

    def marks_of(self, entry: dict) -> dict[int, str]:
        marks = {}
        for indicator in entry["expected"]:
            marks[indicator["mark"].pk] = self.cleaned_data[f"mark-{indicator['mark'].pk}"] or ""
        for indicator in entry["next_level"]:
            marks[indicator["mark"].pk] = "fully" if self.cleaned_data[f"mark-{indicator['mark'].pk}"] else ""
        return marks


class GoalForm(forms.Form):
    """A result agreement: what, how it is measured, weight and deadline (SMART)."""

    title = forms.CharField(label=_("Goal"), max_length=300, validators=[validate_single_line])
    description = forms.CharField(
        label=_("What"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    measure = forms.CharField(
        label=_("How it is measured"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    weight = forms.IntegerField(label=_("Weight (%)"), required=False, min_value=0, max_value=100)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    withdrawn = forms.BooleanField(label=_("Withdraw this goal"), required=False)

    @classmethod
    def for_goal(cls, goal, data=None):
        initial = {
            "title": goal.title,
            "description": goal.description,
            "measure": goal.measure,
            "weight": goal.weight,
            "deadline": goal.deadline,
            "withdrawn": not goal.is_active,
        }
        return cls(data, initial=initial, prefix=f"goal-{goal.pk}")


class FocusForm(forms.Form):
    """Which competencies are in focus this period (the manager decides in the planning talk)."""

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessments = list(review.assessments.all())
        for item in self.assessments:
            self.fields[f"focus-{item.pk}"] = forms.BooleanField(
                label=item.name, required=False, initial=item.in_focus
            )


class DevelopmentActionForm(forms.Form):
    description = forms.CharField(
        label=_("Development action"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    competency = forms.ChoiceField(label=_("Competency"), required=False)
    due_date = forms.DateField(label=_("Due"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, review: Review, **kwargs):
        from reviewcycle.models import DevelopmentAction

        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [("", "—")] + [
            (str(item.competency_id), item.name) for item in review.assessments.all()
        ]
        self.fields["status"].choices = DevelopmentAction.Status.choices


# How the history names what happened: the steps, and the changes around them.
EVENT_LABELS = {
    **STEP_LABELS,
    "open": _("Review opened with the cycle"),
    "add_goal": _("Goal added"),
    "edit_goal": _("Goal changed"),
    "set_focus": _("Competencies in focus changed"),
    "save_development_action": _("Development plan changed"),
    "reassign_manager": _("Another manager"),
    "set_second_reviewer": _("Another second reviewer"),
    "flag_role_change": _("Role changed: to be re-baselined"),
    "flag_for_hr": _("Waiting for HR: the manager or second reviewer left"),
    "rebaseline": _("Expected levels re-baselined"),
}


class CycleForm(forms.ModelForm):
    """A new cycle: period, scope, framework, scale, due dates, rules and reminders."""

    reminder_offsets = forms.CharField(
        label=_("Reminders, days before each due date"),
        initial="14, 7, 1",
        help_text=_("Comma-separated, for example 14, 7, 1."),
        validators=[validate_single_line],
    )

    class Meta:
        from reviewcycle.models import CYCLE_SETTINGS, ReviewCycle

        model = ReviewCycle
        fields = CYCLE_SETTINGS
        widgets = {
            field: DateInput()
            for field in (
                "period_start",
                "period_end",
                "planning_due",
                "progress_due",
                "self_assessment_due",
                "scoring_due",
                "appraisal_due",
            )
        }

    def __init__(self, *args, user, **kwargs):
        from frameworks.models import FrameworkVersion
        from people.selectors import hr_org_units

        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = hr_org_units(user=user).order_by("name")
        self.fields["scope"].widget = forms.CheckboxSelectMultiple()
        self.fields["scope"].choices = [(unit.pk, unit.name) for unit in self.fields["scope"].queryset]
        self.fields["framework_version"].queryset = FrameworkVersion.objects.filter(
            status=FrameworkVersion.Status.PUBLISHED
        ).select_related("framework")

    def clean_reminder_offsets(self) -> list[int]:
        raw = self.cleaned_data["reminder_offsets"]
        try:
            return [int(part) for part in raw.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("Give whole numbers of days, separated by commas.")) from None


class CloseCycleForm(forms.Form):
    force_reason = forms.CharField(
        label=_("Reason to close with reviews still open"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _people_hr_may_name(user, *, exclude: list[int]):
    """Active employees in the units ``user`` is HR for, but not ``exclude`` (the review's own people)
    nor ``user`` themselves."""
    from people.models import Employee
    from people.selectors import hr_org_units

    return (
        Employee.objects.filter(org_unit__in=hr_org_units(user=user), active=True)
        .exclude(pk__in=exclude)
        .exclude(user=user)  # HR does not name themselves (the services refuse it too)
        .order_by("name")
    )


class ReassignForm(forms.Form):
    """HR moves an open review to another manager (the second reviewer follows: the new manager's manager)."""

    manager = forms.ModelChoiceField(label=_("New manager"), queryset=None)
    reason = _text(_("Reason"), required=False, rows=2)

    def __init__(self, *args, user, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = _people_hr_may_name(
            user, exclude=[review.employee_id, review.manager_id]
        )


class SecondReviewerForm(forms.Form):
    """HR names another second reviewer for an open review (by default it is the manager's manager)."""

    second_reviewer = forms.ModelChoiceField(label=_("New second reviewer"), queryset=None)
    reason = _text(_("Reason"), required=False, rows=2)

    def __init__(self, *args, user, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["second_reviewer"].queryset = _people_hr_may_name(
            user, exclude=[review.employee_id, review.manager_id, review.second_reviewer_id or 0]
        )
