"""The plan page's forms: a goal, the competencies in focus, a development action, and blank rows
to add several goals or actions with one save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import validate_single_line
from reviewcycle.forms.fields import MAX_TEXT, DateInput
from reviewcycle.models import Review


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
    weight = forms.IntegerField(
        label=_("Weight (%)"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"data-weight": ""}),  # counted in the running total
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    withdrawn = forms.BooleanField(label=_("Withdraw this goal"), required=False)

    @classmethod
    def for_goal(cls, goal, data=None, *, weights_apart: bool = False):
        initial = {
            "title": goal.title,
            "description": goal.description,
            "measure": goal.measure,
            "weight": goal.weight,
            "deadline": goal.deadline,
            "withdrawn": not goal.is_active,
        }
        form = cls(data, initial=initial, prefix=f"goal-{goal.pk}")
        form.fields["weight"].widget.attrs["data-weight"] = f"goal-{goal.pk}"  # counted once per goal
        if weights_apart:
            # The plan page after planning (a correction): the weights change together
            # (``GoalWeightsForm``) and a goal agreed on is withdrawn in a progress talk, not here.
            del form.fields["weight"], form.fields["withdrawn"]
        return form


class GoalWeightsForm(forms.Form):
    """The weights of all active goals at once, so they can be redistributed and still add up to 100."""

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = [goal for goal in review.goals.all() if goal.is_active]
        for goal in self.goals:
            self.fields[f"weights-{goal.pk}"] = forms.IntegerField(
                label=goal.title,
                required=False,
                min_value=0,
                max_value=100,
                initial=goal.weight,
                widget=forms.NumberInput(attrs={"data-weight": f"goal-{goal.pk}"}),
            )

    def weights(self) -> dict[int, int | None]:
        """Goal id → weight, for ``goal_weights_update``."""
        return {goal.pk: self.cleaned_data[f"weights-{goal.pk}"] for goal in self.goals}


class FocusForm(forms.Form):
    """Which competencies are in focus this period (the manager decides in the planning talk)."""

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessments = list(review.assessments.all())
        for item in self.assessments:
            self.fields[f"focus-{item.pk}"] = forms.BooleanField(
                label=item.name, required=False, initial=item.in_focus
            )

    def in_focus(self) -> list[int]:
        """The ids of the competencies ticked, as ``review_set_focus`` takes them."""
        return [item.pk for item in self.assessments if self.cleaned_data[f"focus-{item.pk}"]]


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


NEW_ROWS = 3  # blank rows to add goals or actions with one save; more after saving (no script needed)


class NewRows:
    """Blank rows of one form, saved together: the first as the single form always was (prefix
    ``prefix``, required), the others (``prefix-2``, …) only when something is filled in."""

    def __init__(self, form_class, data=None, *, prefix: str, count: int = NEW_ROWS, **kwargs):
        self.forms = [
            form_class(
                data,
                prefix=prefix if n == 0 else f"{prefix}-{n + 1}",
                empty_permitted=n > 0,
                use_required_attribute=n == 0,
                **kwargs,
            )
            for n in range(count)
        ]
        for form in self.forms:
            form.fields.pop("withdrawn", None)  # a new goal is not withdrawn
            if "weight" in form.fields:
                form.fields["weight"].widget.attrs["data-weight"] = form.prefix
            if "status" in form.fields:  # a new action takes the first status unless one is chosen
                form.fields["status"].choices = [("", "—"), *form.fields["status"].choices]

    def __iter__(self):
        return iter(self.forms)

    def is_valid(self) -> bool:
        valid = [form.is_valid() for form in self.forms]  # every row checked: all errors are shown
        return all(valid)

    def rows(self) -> list[dict]:
        """The cleaned data of each filled-in row, in order."""
        return [form.cleaned_data for n, form in enumerate(self.forms) if n == 0 or form.has_changed()]
