"""The consequences of the appraisal on the scoring form: the manager proposes them as the scores are
submitted (``services.consequences``). The regeling's default for the overall rating is ticked; left as
it was, the default for the rating submitted applies; another choice needs a reason, which the service
asks for next to its field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reviewcycle.forms.fields import text_field
from reviewcycle.models import ConsequenceKind, Review
from reviewcycle.services import consequences as consequence_rules

FIELDS = ("consequences_shown", "consequences", "bonus_amount", "consequences_reason")


def add_consequence_fields(form: forms.Form, review: Review, *, on_objection: bool = False) -> None:
    """Give ``form`` the consequence fields when ``review``'s regeling has consequences (else nothing).
    ``on_objection``: HR's decision, which starts from the consequences as they stand and takes no reason
    of its own (the decision's reasons are it)."""
    allowed = consequence_rules.allowed_kinds(review)
    if not allowed:
        return
    if on_objection:
        current = consequence_rules.current_items(getattr(review, "consequence_proposal", None))
        form.fields["consequences"] = forms.MultipleChoiceField(
            label=_("Consequences of the appraisal"),
            choices=[(kind, ConsequenceKind(kind).label) for kind in allowed],
            widget=forms.CheckboxSelectMultiple,
            required=False,
            initial=[item["kind"] for item in current],
            help_text=_(
                "Only when you uphold the objection: change what the appraisal carries. The manager's new "
                "proposal starts from it."
            ),
        )
        form.fields["consequences_shown"] = forms.BooleanField(
            required=False, initial=True, widget=forms.HiddenInput
        )
        return
    # The ticks were on the page: an empty choice is then a choice (no consequences), not a form without them.
    form.fields["consequences_shown"] = forms.BooleanField(
        required=False, initial=True, widget=forms.HiddenInput
    )
    form.fields["consequences"] = forms.MultipleChoiceField(
        label=_("Consequences of the appraisal"),
        choices=[(kind, ConsequenceKind(kind).label) for kind in allowed],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=consequence_rules.proposed_default(review),
        help_text=_(
            "Ticked: the regeling's default for the overall rating. A different choice needs a reason."
        ),
    )
    if ConsequenceKind.BONUS in allowed:
        form.fields["bonus_amount"] = forms.DecimalField(
            label=_("Amount of the one-off bonus (EUR, optional)"),
            required=False,
            min_value=0,
            max_digits=9,
            decimal_places=2,
        )
    form.fields["consequences_reason"] = text_field(
        _("Reason for consequences other than the default"), required=False, rows=3
    )


def consequence_fields(form: forms.Form) -> list:
    """The bound consequence fields ``form`` has, in order (for the template)."""
    return [form[name] for name in FIELDS if name in form.fields]


def objection_consequence_arguments(form: forms.Form) -> dict:
    """What ``review_decide_objection`` takes from HR's decision form (valid): the consequences when the
    objection is upheld and the ticks were changed; else nothing (unchanged)."""
    if "consequences" not in form.fields or not form.cleaned_data.get("consequences_shown"):
        return {}
    if form.cleaned_data.get("decision") != Review.ObjectionDecision.UPHELD:
        return {}
    if "consequences" not in form.changed_data:
        return {}
    return {"consequences": [{"kind": kind} for kind in form.cleaned_data["consequences"]]}


def consequence_arguments(form: forms.Form) -> dict:
    """What ``review_submit_scores`` takes from ``form`` (valid): the consequences chosen, or None (the
    default for the rating submitted) when the ticks were left as shown or not on the page, and the
    reason."""
    if "consequences" not in form.fields:
        return {}
    chosen = form.cleaned_data["consequences"]
    amount = form.cleaned_data.get("bonus_amount")
    unchanged = "consequences" not in form.changed_data and amount is None
    if unchanged or not form.cleaned_data.get("consequences_shown"):
        return {"consequences": None, "consequences_reason": form.cleaned_data["consequences_reason"]}
    items = [
        {"kind": kind, "amount": amount} if kind == ConsequenceKind.BONUS else {"kind": kind}
        for kind in chosen
    ]
    return {"consequences": items, "consequences_reason": form.cleaned_data["consequences_reason"]}
