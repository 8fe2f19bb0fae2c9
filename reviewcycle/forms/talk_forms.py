"""The talk form as a page form: one field per question the reader answers on the talk prepared now."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reviewcycle.talk_forms.selectors import OpenTalkForm

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
PART_HEADINGS = {"preparation": _("Your preparation"), "report": _("Together in the talk (report)")}


class TalkAnswersForm(forms.Form):
    """Built from ``open_form`` (``talk_forms.selectors.talk_form_now``): a field ``q<id>`` per question
    the reader answers, filled with their answer. Nothing is required here: a preparation may be saved
    half done, and the report's required questions are checked when the talk is recorded."""

    def __init__(self, *args, open_form: OpenTalkForm, **kwargs):
        super().__init__(*args, **kwargs)
        self.open_form = open_form
        for question in open_form.questions:
            if not question.yours:
                continue
            label = question.text
            if question.kind == "text":
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000)
            else:
                choices = YES_NO if question.kind == "yes_no" else [(c, c) for c in question.choices]
                # No empty option: an unanswered question shows no choice made.
                field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
            field.required = False
            field.label = label
            field.help_text = question.help_text
            field.initial = question.answer or ""
            field.question = question
            field.marked_required = question.required  # shown "(required)"; checked when the talk is recorded
            self.fields[f"q{question.id}"] = field

    def answers(self) -> list[dict]:
        """What the talk-answers service takes: ``[{"question": id, "value": str}]``."""
        return [
            {"question": field.question.id, "value": self.cleaned_data.get(name) or ""}
            for name, field in self.fields.items()
        ]

    def parts(self) -> list[dict]:
        """The reader's questions in two parts, each addressed to them, and within each grouped by the
        form's sections in order: ``[{"key", "heading", "sections": [(title, [bound fields])]}]``, the
        reader's own preparation first, then the report written together in the talk (the manager's)."""
        parts = {"preparation": {}, "report": {}}
        for name, field in self.fields.items():
            part = parts["report" if field.question.in_report else "preparation"]
            part.setdefault(field.question.section, []).append(self[name])
        return [
            {"key": key, "heading": PART_HEADINGS[key], "sections": list(sections.items())}
            for key, sections in parts.items()
            if sections
        ]
