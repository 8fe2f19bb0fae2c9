"""The fields every review form is made of: dates, texts, signatures, ratings on the cycle's scale."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reviewcycle.models import Review

MAX_TEXT = 10_000


class DateInput(forms.DateInput):
    """The browser's date picker; its value must be ISO (2026-03-01), whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label):
    return forms.DateField(label=label, widget=DateInput())


def text_field(label, *, required=True, rows=4):
    return forms.CharField(
        label=label, required=required, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": rows})
    )


def signature_field():
    return forms.ChoiceField(
        label=_("Sign as"),
        choices=[
            (Review.Signature.SEEN, _("Seen (voor gezien): I do not necessarily agree")),
            (Review.Signature.AGREED, _("Agreed (voor akkoord)")),
        ],
        widget=forms.RadioSelect,
    )


def rating_field(label, choices, option) -> forms.ChoiceField:
    """A choice on the cycle's scale, empty allowed in a draft but required to submit: the browser asks
    for it on submit (``required``; "Save as draft" has ``formnovalidate``), showing the saved option."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=False,
        initial=str(option.value) if option else "",
        widget=forms.Select(attrs={"required": True, "aria-required": "true"}),
    )


def draft_text_field(label, initial: str, rows: int, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        initial=initial,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def scale_choices(review: Review) -> list[tuple[str, str]]:
    return [("", "—")] + [
        (str(option.value), option.label) for option in review.cycle.rating_scale.options.all()
    ]
