"""The forms of HR's regeling pages: a new regeling, a draft's shape, its talk forms and questions.

Each hands its cleaned data to a service (``shapes.editing``, ``talk_forms.editing``), which checks it
again; whether a shape can finish is checked at publish (``shapes.rules``) and shown by field here.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import validate_single_line
from reviewcycle.models import (
    DUE_DATE_FIELDS,
    SHAPE_FIELDS,
    ConsequenceKind,
    CycleTemplateVersion,
    Review,
    TalkForm,
    TalkQuestion,
)
from reviewcycle.models.informants import Relation
from reviewcycle.shapes.rules import DUE_LABELS, INFORMANT_PHASES, due_offsets_problem, settings_not_used


class RegelingForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, validators=[validate_single_line])
    slug = forms.SlugField(
        label=_("Code"),
        max_length=80,
        required=False,
        help_text=_("Lowercase letters, digits and hyphens; empty: made from the name."),
        error_messages={"invalid": _("Use only lowercase letters, digits and hyphens.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


# The five due dates as HR reads them: what is done by then (``shapes.rules`` names them the same way).
DUE_HELP = _("(months after the start of the period)")


# Where a review may ask informants (``shapes.rules.INFORMANT_PHASES``), as HR reads it.
INFORMANT_PHASE_LABELS = {"progress": _("The progress talks"), "appraisal": _("Preparing the appraisal")}
INFORMANT_PHASE_CHOICES = [(phase, INFORMANT_PHASE_LABELS[phase]) for phase in INFORMANT_PHASES]

# The shape form's groups, as HR thinks of them: (legend, its settings).
SHAPE_GROUPS = [
    (
        _("Talks"),
        (
            "period",
            "has_planning_talk",
            "min_progress_talks",
            "has_appraisal_talk",
            "signature_options",
            "talk_reports_signed",
            "response_term_days",
        ),
    ),
    (_("Due dates"), DUE_DATE_FIELDS),
    (
        _("Appraisal"),
        (
            "has_self_assessment",
            "has_scores",
            "rating_scale",
            "goal_weight",
            "competency_weight",
            "has_advice",
            "has_second_review",
        ),
    ),
    (_("Objections"), ("objection_route", "objection_committee")),
    (_("Probation"), ("start_talk_within_days", "evaluation_before_end_days")),
    (
        _("Informants"),
        (
            "informant_phases",
            "informants_by_employee",
            "informant_anonymous_relations",
            "informant_min_group",
            "informant_merge_small_groups",
        ),
    ),
]

# Lists the model keeps as JSON, offered as checkboxes.
LIST_FIELDS = ("signature_options", "informant_phases", "informant_anonymous_relations")


class ShapeForm(forms.ModelForm):
    """Every setting of a draft's shape; the signature options as checkboxes and the due dates as one
    number of months per phase (the model keeps them as a list and a dict)."""

    signature_options = forms.MultipleChoiceField(
        label=_("How the employee signs"),
        choices=[
            (Review.Signature.SEEN, _("Seen (voor gezien)")),
            (Review.Signature.AGREED, _("Agreed (voor akkoord)")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    informant_phases = forms.MultipleChoiceField(
        label=_("Informants may be asked in"),
        choices=INFORMANT_PHASE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    informant_anonymous_relations = forms.MultipleChoiceField(
        label=_("Anonymous groups of informants"),
        choices=Relation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Their answers are shown only as a group, once enough of them answered."),
    )

    class Meta:
        model = CycleTemplateVersion
        fields = [field for field in SHAPE_FIELDS if field not in (*LIST_FIELDS, "due_offsets")]

    def __init__(self, *args, instance: CycleTemplateVersion, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        for field in LIST_FIELDS:
            self.fields[field].initial = list(getattr(instance, field) or [])
        offsets = instance.due_offsets if isinstance(instance.due_offsets, dict) else {}
        for field in DUE_DATE_FIELDS:
            self.fields[field] = forms.IntegerField(
                label=DUE_LABELS[field],
                help_text=DUE_HELP,
                min_value=0,
                max_value=12,
                required=False,
                initial=offsets.get(field),
            )
        self.fields["min_progress_talks"].label = _("Number of progress talks")
        self.fields["objection_route"].label = _("Who decides on objections")
        self.fields["rating_scale"].empty_label = _("No rating scale")
        if "objection_committee" in self.fields:
            self.fields["objection_committee"].empty_label = _("No committee")
        self.order_fields([*SHAPE_FIELDS[:9], *DUE_DATE_FIELDS])

    @classmethod
    def as_saved(cls, version: CycleTemplateVersion) -> "ShapeForm":
        """Bound to ``version``'s saved shape, as a browser would send it back (to show a refusal on)."""
        data = {}
        for field in cls._meta.fields:
            value = getattr(version, field + "_id" if field == "rating_scale" else field)
            if isinstance(value, bool):
                if value:
                    data[field] = "on"
            elif value is not None:
                data[field] = str(value)
        data.update({field: list(getattr(version, field) or []) for field in LIST_FIELDS})
        offsets = version.due_offsets if isinstance(version.due_offsets, dict) else {}
        data.update({field: str(offsets[field]) for field in DUE_DATE_FIELDS if field in offsets})
        return cls(data, instance=version)

    def groups(self) -> list[tuple[str, list, list]]:
        """(legend, its bound fields shown, its bound fields hidden) of each group (``SHAPE_GROUPS``): a
        setting of a part the shape switches off (``shapes.rules.settings_not_used``, as this form's shape
        says: the saved one, or the one sent back) is hidden, unless it has an error to correct. A hidden
        one is sent back as it is (``as_hidden``), so saving the page loses nothing."""
        unused = settings_not_used(self.instance)
        groups = []
        for legend, names in SHAPE_GROUPS:
            bound = [self[name] for name in names if name in self.fields]
            hidden = [field for field in bound if field.name in unused and not field.errors]
            groups.append((legend, [field for field in bound if field not in hidden], hidden))
        return groups

    def readable(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(legend, its rows: (label, value as a person reads it)) of each group (``SHAPE_GROUPS``) with a
        setting the shape uses: a published version's page, grouped as the draft's form (the settings of
        parts it switches off left out, and a group left with none)."""
        unused = settings_not_used(self.instance)
        groups = []
        for legend, names in SHAPE_GROUPS:
            rows = [
                (str(self.fields[name].label), self._readable_value(name))
                for name in names
                if name in self.fields and name not in unused
            ]
            if rows:
                groups.append((str(legend), rows))
        return groups

    def _readable_value(self, name: str) -> str:
        field, value = self.fields[name], self[name].initial
        if isinstance(field, forms.BooleanField):
            return str(_("yes") if value else _("no"))
        if isinstance(field, forms.ModelChoiceField):
            related = getattr(self.instance, name)
            return str(related) if related is not None else "—"
        if isinstance(field, forms.MultipleChoiceField):
            labels = dict(field.choices)
            return ", ".join(str(labels.get(option, option)) for option in value or []) or "—"
        if isinstance(field, forms.ChoiceField):
            return str(dict(field.choices).get(value, value))
        if value in (None, ""):
            return "—"
        if name in DUE_DATE_FIELDS:
            return str(_("%(months)s months after the start of the period") % {"months": value})
        return str(value)

    def shape(self) -> dict:
        """What ``cycle_template_version_update`` takes."""
        data = {field: self.cleaned_data[field] for field in self._meta.fields}
        data["signature_options"] = [
            option
            for option in (Review.Signature.SEEN, Review.Signature.AGREED)
            if option in self.cleaned_data["signature_options"]
        ]
        for field in ("informant_phases", "informant_anonymous_relations"):
            data[field] = [
                value for value, _label in self.fields[field].choices if value in self.cleaned_data[field]
            ]
        data["due_offsets"] = {
            field: self.cleaned_data[field]
            for field in DUE_DATE_FIELDS
            if self.cleaned_data[field] is not None
        }
        return data

    def fields_for(self, name: str) -> list[str]:
        """Where a publish refusal on ``name`` is shown: the due dates' beside the date it concerns
        (``shapes.rules.due_offsets_problem`` of the saved shape)."""
        if name == "due_offsets":
            found = due_offsets_problem(self.instance)
            return [found[0] if found else DUE_DATE_FIELDS[0]]
        return [name] if name in self.fields else []


class ConsequencesForm(forms.Form):
    """The consequences of the appraisal a draft allows (``allowed``) and the default ones per point of
    its rating scale (``default_<value>``, one field each); ``template_consequences_update`` checks them."""

    allowed = forms.MultipleChoiceField(
        label=_("Consequences an overall rating may carry"),
        choices=ConsequenceKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, version: CycleTemplateVersion, **kwargs):
        super().__init__(*args, **kwargs)
        defaults: dict[int, list[str]] = {}
        for row in version.consequence_defaults.all():
            defaults.setdefault(row.rating_value, []).append(row.kind)
        self.fields["allowed"].initial = [row.kind for row in version.consequences.all()]
        options = version.rating_scale.options.all() if version.rating_scale_id else []
        for option in options:
            self.fields[f"default_{option.value}"] = forms.MultipleChoiceField(
                label=_("Default for %(value)s · %(label)s") % {"value": option.value, "label": option.label},
                choices=ConsequenceKind.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=defaults.get(option.value, []),
            )

    @classmethod
    def as_saved(cls, version: CycleTemplateVersion) -> "ConsequencesForm":
        """Bound to ``version``'s saved consequences (to show a publish refusal on)."""
        unbound = cls(version=version)
        data = {name: list(field.initial) for name, field in unbound.fields.items()}
        form = cls(data, version=version)
        form.is_valid()
        return form

    @property
    def has_scale(self) -> bool:
        return len(self.fields) > 1

    def readable(self) -> list[tuple[str, str]]:
        """(label, the kinds chosen as a person reads them) of each field: a published version's page."""
        rows = []
        for field in self.fields.values():
            labels = dict(field.choices)
            rows.append((str(field.label), ", ".join(str(labels[kind]) for kind in field.initial) or "—"))
        return rows

    def consequences(self) -> dict:
        """What ``template_consequences_update`` takes (besides the version and actor)."""
        return {
            "allowed": self.cleaned_data["allowed"],
            "defaults": {
                int(name.removeprefix("default_")): kinds
                for name, kinds in self.cleaned_data.items()
                if name.startswith("default_")
            },
        }

    def fields_for(self, name: str) -> list[str]:
        """Where a refusal on ``name`` is shown: publish's ``consequences`` beside the allowed kinds, its
        ``consequence_defaults`` above the form (they name their rating)."""
        if name == "consequences":
            return ["allowed"]
        return [name] if name in self.fields else []


class TalkFormAddForm(forms.Form):
    talk = forms.ChoiceField(label=_("Talk"), choices=TalkForm.Talk.choices)


class TalkFormTitleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, validators=[validate_single_line])
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class SectionForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the new section"), max_length=200, validators=[validate_single_line]
    )


class SectionTitleForm(forms.Form):
    """A section's new title; prefixed ``rename-<section pk>`` so each section's field has its own id."""

    title = forms.CharField(
        label=_("Title of the section"), max_length=200, validators=[validate_single_line]
    )


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    help_text = forms.CharField(
        label=_("Help text"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=TalkQuestion.Kind.choices)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One on each line. A choice needs at least two; a scale its labels, lowest first (empty: 1 to 5)."
        ),
    )
    answered_by = forms.ChoiceField(
        label=_("Who answers"), choices=TalkQuestion.AnsweredBy.choices, widget=forms.RadioSelect
    )
    required = forms.BooleanField(
        label=_("Required"),
        required=False,
        help_text=_(
            "Must be answered; a required question of the talk's report before the talk is recorded."
        ),
    )

    @classmethod
    def of(cls, question: TalkQuestion, *args, **kwargs) -> "QuestionForm":
        initial = {
            "text": question.text,
            "help_text": question.help_text,
            "kind": question.kind,
            "options": "\n".join(str(option) for option in question.options),
            "answered_by": question.answered_by,
            "required": question.required,
        }
        return cls(*args, initial=initial, **kwargs)

    def question(self) -> dict:
        """What ``talk_question_save`` takes (besides the section, actor and question)."""
        data = dict(self.cleaned_data)
        data["options"] = data["options"].splitlines()
        return data
