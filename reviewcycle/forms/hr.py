"""HR's forms: a new cycle, closing it, another manager or second reviewer for a review."""

from django import forms
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import ConstraintErrorsOnFields, IdChoiceField, IdMultipleChoiceField
from core.text import validate_single_line
from core.widgets import NO_UNIT_FOUND, TYPE_A_UNIT, SearchSelect, SearchSelectMultiple
from people.selectors import person_label
from reviewcycle.forms.fields import MAX_TEXT, DateInput, text_field
from reviewcycle.models import REMINDER_SETTINGS, CycleTemplateVersion, Review
from reviewcycle.shapes.services import (
    current_template_version,
    cycle_settings_unused,
    default_template_version,
    template_cycle_defaults_keys,
)

OPTIONAL_SETTINGS = [
    name for name in REMINDER_SETTINGS if name not in ("reminder_offsets", "auto_start_appraisal")
]


def regelingen_to_choose() -> list[CycleTemplateVersion]:
    """The newest published version of each regeling that has one, by name."""
    from reviewcycle.models import CycleTemplate

    versions = (current_template_version(t) for t in CycleTemplate.objects.order_by("name"))
    return [version for version in versions if version is not None]


def regeling_of(value, *, cycle=None) -> CycleTemplateVersion:
    """The regeling a cycle page is about: the published version whose id is ``value`` (a GET parameter or
    the posted choice), else the draft ``cycle``'s own, else the organisation's default."""
    if value and str(value).isdigit():
        version = CycleTemplateVersion.objects.filter(
            pk=int(value), status=CycleTemplateVersion.Status.PUBLISHED
        ).first()
        if version is not None:
            return version
    if cycle is not None:
        return cycle.template_version
    return default_template_version()


class CycleForm(ConstraintErrorsOnFields, forms.ModelForm):
    """A new cycle, or a draft's changes: period, scope, framework, scale, due dates, rules and reminders."""

    constraint_fields = {"cycle_period_order": "period_end", "cycle_weights_sum_100": "competency_weight"}

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
        field_classes = {"scope": IdMultipleChoiceField}  # a posted value that is no id: an error by it
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

    def __init__(self, *args, user, version, **kwargs):
        """``version``: the regeling the cycle runs on (``regeling_of``): its shape decides which fields
        are asked."""
        from frameworks.models import FrameworkVersion
        from people.selectors import hr_org_units

        super().__init__(*args, **kwargs)
        # The units are found by typing (an organisation has thousands): the field holds the chosen ones.
        # The widget first: setting the queryset hands its choices to the widget the field has then.
        self.fields["scope"].widget = SearchSelectMultiple(
            url=reverse_lazy("api:org-unit-search"), placeholder=TYPE_A_UNIT, no_results=NO_UNIT_FOUND
        )
        self.fields["scope"].queryset = hr_org_units(user=user).order_by("name")
        self.fields["framework_version"].queryset = FrameworkVersion.objects.filter(
            status=FrameworkVersion.Status.PUBLISHED
        ).select_related("framework")
        # Only published versions are offered: their status would only repeat itself in every option.
        self.fields["framework_version"].label_from_instance = lambda version: (
            _("%(framework)s, version %(number)s")
            % {"framework": version.framework.name, "number": version.number}
        )
        self.fields["framework_version"].empty_label = _("Choose a version")
        self.fields["rating_scale"].empty_label = _("Choose a scale")
        self._offer_regelingen(version)
        # What the regeling decides and the cycle may differ in: left empty, the regeling's value
        # (``shapes.services.template_fill_cycle``); what its shape lacks is not asked at all.
        for name in set(self.fields) & template_cycle_defaults_keys(version):
            self.fields[name].required = False
        for name in cycle_settings_unused(version):
            self.fields.pop(name, None)
        for name in OPTIONAL_SETTINGS:  # as in the API: left out, they take the cycle's defaults
            self.fields[name].required = False
        if self.instance.pk:
            self.initial["reminder_offsets"] = ", ".join(str(days) for days in self.instance.reminder_days)

    def _offer_regelingen(self, version) -> None:
        """Each regeling once, by its newest published version and its name; a draft on an older version
        keeps that one, with its number. The chosen one is preselected."""
        from reviewcycle.models import CycleTemplateVersion

        newest = regelingen_to_choose()
        chosen = [version] if version.pk not in {v.pk for v in newest} else []
        field = self.fields["template_version"]
        field.queryset = CycleTemplateVersion.objects.filter(
            pk__in=[v.pk for v in [*newest, *chosen]]
        ).select_related("template")
        field.label_from_instance = lambda option: (
            _("%(regeling)s, version %(number)s")
            % {"regeling": option.template.name, "number": option.number}
            if option.pk in {v.pk for v in chosen}
            else option.template.name
        )
        field.empty_label = None
        field.required = False  # not posted (an older page, a script): the page's regeling, the default
        self.initial["template_version"] = version.pk

    def past_dates(self, today) -> list[str]:
        """The labels of the dates given that lie before ``today``: a warning, not an error."""
        return [
            str(field.label)
            for name, field in self.fields.items()
            if isinstance(field, forms.DateField) and (self.cleaned_data.get(name) or today) < today
        ]

    def cycle_settings(self) -> dict:
        """The cleaned settings for ``cycle_create``, without those left empty (the regeling's or the
        cycle's defaults fill them)."""
        return {name: value for name, value in self.cleaned_data.items() if value is not None}

    def clean_reminder_offsets(self) -> list[int]:
        raw = self.cleaned_data["reminder_offsets"]
        try:
            return [int(part) for part in raw.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("Give whole numbers of days, separated by commas.")) from None


class OpenCycleForm(forms.Form):
    """Opening a cycle, confirmed: who of the people another open cycle covers is excluded from this one."""

    exclude = forms.ModelMultipleChoiceField(
        label=_("Exclude from this cycle (they get no review in it)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, overlapping, **kwargs):
        from people.models import Employee

        super().__init__(*args, **kwargs)
        self.fields["exclude"].queryset = Employee.objects.filter(pk__in=[e.pk for e in overlapping])
        self.fields["exclude"].choices = [(e.pk, f"{e.name} ({e.employee_number})") for e in overlapping]


class CloseCycleForm(forms.Form):
    force_reason = forms.CharField(
        label=_("Reason to close with reviews still open"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PersonChoiceField(IdChoiceField):
    """One person of the organisation, found by typing (``SearchSelect`` over ``GET /api/v1/people/``)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=None, widget=SearchSelect(url=reverse_lazy("api:people-search")), **kwargs)

    def label_from_instance(self, obj) -> str:
        return person_label(obj)

    def offer(self, user, *, exclude: list[int]) -> None:
        """The people HR may name (``people_hr_may_name``) but not ``exclude`` (the review's own people):
        the choices the field accepts, and those its search offers."""
        from people.selectors import people_hr_may_name

        exclude = [pk for pk in exclude if pk]
        self.queryset = people_hr_may_name(user=user, exclude=exclude)
        self.widget.url = f"{reverse('api:people-search')}?exclude={','.join(map(str, exclude))}"


class ReassignForm(forms.Form):
    """HR moves an open review to another manager (the second reviewer follows: the new manager's manager)."""

    manager = PersonChoiceField(label=_("New manager"))
    reason = text_field(_("Reason"), required=False, rows=2)

    def __init__(self, *args, user, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].offer(user, exclude=[review.employee_id, review.manager_id])


class SecondReviewerForm(forms.Form):
    """HR names another second reviewer for an open review (by default it is the manager's manager)."""

    second_reviewer = PersonChoiceField(label=_("New second reviewer"))
    reason = text_field(_("Reason"), required=False, rows=2)

    def __init__(self, *args, user, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["second_reviewer"].offer(
            user, exclude=[review.employee_id, review.manager_id, review.second_reviewer_id]
        )


class CycleDueDatesForm(forms.ModelForm):
    """An open cycle's phase due dates and response term, to change (``services.cycle_change_due_dates``)."""

    class Meta:
        from reviewcycle.models import DUE_DATE_FIELDS, OPEN_CYCLE_SETTINGS, ReviewCycle

        model = ReviewCycle
        fields = list(OPEN_CYCLE_SETTINGS)
        widgets = {field: DateInput() for field in DUE_DATE_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out of a post (a page of before the term could change here), the term stays as it is.
        self.fields["response_term_days"].required = False
        for field in self.fields.values():
            # The page carries the dates it showed: only those its user changed move, so saving does not
            # move back a date another HR moved since the page was opened.
            field.show_hidden_initial = True

    def due_dates(self) -> dict:
        """What was changed on the page (against what it showed): due dates, name → ``datetime.date``, and
        ``response_term_days`` → days."""
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name in self.changed_data and self.cleaned_data[name] is not None
        }

    def _post_clean(self):
        pass  # the service validates, as a whole (one place); the instance stays as it is until then
