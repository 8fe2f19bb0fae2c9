"""The forms of the informant pages: asking someone for input, and the answer (a mark per behavioural
indicator and the open questions). Only shape checks here; every rule is the services'."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.widgets import SearchSelect
from people.models import Employee
from people.selectors import person_label
from reviewcycle.forms.fields import DateInput
from reviewcycle.informants.asked import AskedForm
from reviewcycle.informants.display import mark_label
from reviewcycle.informants.selectors import informant_candidates
from reviewcycle.models import IndicatorMark, InformantRequest, Review

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class PersonField(forms.ModelChoiceField):
    """One of the people near the employee (``informant_candidates``), found by typing (``SearchSelect``
    over ``GET /api/v1/reviews/<id>/informants/candidates/``): the page never lists them all."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Employee.objects.none(), widget=SearchSelect(url=""), **kwargs)

    def label_from_instance(self, obj) -> str:
        return person_label(obj)


class InformantRequestForm(forms.Form):
    """Ask one person for input: a colleague, report or manager of the organisation, or an external
    contact by e-mail address."""

    relation = forms.ChoiceField(
        label=_("Relation to the employee"), choices=[("", "—"), *InformantRequest.Relation.choices]
    )
    informant = PersonField(label=_("Person (not for an external contact)"), required=False)
    email = forms.EmailField(
        label=_("E-mail address (external contact only)"), required=False, max_length=254
    )
    name = forms.CharField(label=_("Name (external contact only)"), required=False, max_length=200)
    due_date = forms.DateField(label=_("Answer before"), widget=DateInput())
    include_next_level = forms.BooleanField(
        label=_("Also ask about the next level's indicators"), required=False
    )

    def __init__(self, *args, review: Review, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["informant"]
        field.queryset = informant_candidates(review=review, actor=user)
        field.widget.url = reverse("api:review-informant-candidates", args=[review.pk])

    def clean(self):
        data = super().clean()
        external = data.get("relation") == InformantRequest.Relation.EXTERNAL
        if external and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Give the external contact's e-mail address."))
        if external and not data.get("name"):
            self.add_error("name", _("Give the external contact's name."))
        if (
            not external
            and data.get("relation")
            and not data.get("informant")
            and "informant" not in self.errors
        ):
            self.add_error("informant", _("Choose the person to ask."))
        return data

    def arguments(self) -> dict:
        """What ``informant_request`` takes besides the review and the actor."""
        data = self.cleaned_data
        if data["relation"] == InformantRequest.Relation.EXTERNAL:
            person = {"email": data["email"], "name": data["name"]}
        else:
            person = {"informant": data["informant"].user}
        return {
            "relation": data["relation"],
            "due_date": data["due_date"],
            "include_next_level": data["include_next_level"],
            **person,
        }

    def fields_for(self, name: str) -> list[str]:
        """Where a service's message about ``name`` stands: its own field, ``marks`` and the like above."""
        return [name] if name in self.fields else []


class InformantAnswerForm(forms.Form):
    """A mark per indicator asked (``m<id>``; *no view* leaves it out) and the open questions (``q<id>``).
    Nothing is required here but what the services require: they check it and say so next to the field."""

    def __init__(self, *args, asked: AskedForm, **kwargs):
        super().__init__(*args, **kwargs)
        self.asked = asked
        marks = [("", _("No view on this")), *IndicatorMark.Mark.choices]
        self.indicators = []
        for indicator in asked.indicators:
            field = forms.ChoiceField(
                label=indicator.text, choices=marks, required=False, widget=forms.RadioSelect, initial=""
            )
            field.indicator = indicator
            self.fields[f"m{indicator.id}"] = field
            self.indicators.append(self[f"m{indicator.id}"])
        for question in asked.questions:
            if question.kind == "text":
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000)
            else:
                choices = YES_NO if question.kind == "yes_no" else [(c, c) for c in question.choices]
                field = forms.ChoiceField(choices=[("", "—"), *choices], widget=forms.RadioSelect)
            field.required = False
            field.label = question.text
            field.help_text = question.help_text
            field.question = question
            self.fields[f"q{question.id}"] = field

    def given(self) -> list[tuple[str, str]]:
        """The informant's own answer once given, in words: (indicator, mark or "No view on this"), then
        (question, answer: a yes/no in words, "—" for a question left open)."""
        words = dict(YES_NO)
        marks = [
            (item.text, mark_label(item.mark) if item.mark else str(_("No view on this")))
            for item in self.asked.indicators
        ]
        answers = [
            (
                item.text,
                str(words[item.answer]) if item.answer in words and item.kind == "yes_no" else item.answer,
            )
            for item in self.asked.questions
        ]
        return marks + [(text, answer or "—") for text, answer in answers]

    def questions(self) -> list:
        return [self[name] for name in self.fields if name.startswith("q")]

    def by_competency(self) -> list[tuple[str, list]]:
        grouped: dict[str, list] = {}
        for bound in self.indicators:
            grouped.setdefault(bound.field.indicator.competency, []).append(bound)
        return list(grouped.items())

    def arguments(self) -> dict:
        """What ``informant_answer`` takes: ``marks`` (indicator id → mark) and ``answers``."""
        data = self.cleaned_data
        return {
            "marks": {str(b.field.indicator.id): data.get(b.name) or "" for b in self.indicators},
            "answers": [
                {"question": b.field.question.id, "value": data.get(b.name) or ""} for b in self.questions()
            ],
        }

    def fields_for(self, name: str) -> list[str]:
        return []  # the services' ``marks`` and ``answers`` messages concern the whole answer: above the form
