"""The self-assessment and scoring forms: every item of the review with its rating, remark or marks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reviewcycle.forms.consequences import add_consequence_fields, consequence_fields
from reviewcycle.forms.fields import draft_text_field, rating_field, scale_choices
from reviewcycle.models import Review
from reviewcycle.scoring import MIN_JUSTIFICATION_LENGTH, overall_proposal


class SelfAssessmentForm(forms.Form):
    """The employee's own rating and remark for every competency in focus and every active goal."""

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        options = scale_choices(review)
        self.items = []
        for kind, targets in (
            ("assessment", [item for item in review.assessments.all() if item.in_focus]),
            ("goal", [goal for goal in review.goals.all() if goal.is_active]),
        ):
            for target in targets:
                prefix = f"{kind}-{target.pk}"
                self.fields[f"{prefix}-rating"] = rating_field(_("Own rating"), options, target.self_rating)
                self.fields[f"{prefix}-remark"] = draft_text_field(_("Remark"), target.self_remark, 3)
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


# The length rule is reviewcycle.scoring's (is_justified); the page states it before anyone submits.
_COMPETENCY_JUSTIFICATION = _(
    "Required for a rating below the norm or other than the proposal: concrete examples, at least "
    "%(count)s characters."
)
_GOAL_JUSTIFICATION = _(
    "Required for a rating below the norm: concrete examples, at least %(count)s characters."
)


def overall_rating_label(proposal) -> str:
    """The overall rating's label, naming the proposal (a ``ScalePoint``, or None while there is none);
    the page renews it while the manager chooses ratings (``views.drafts.scoring_proposal``)."""
    if proposal is None:
        return str(_("Overall rating — leave empty for the proposal (made once there are ratings)"))
    return str(_("Overall rating — leave empty for the proposal (%(rating)s)") % {"rating": proposal.label})


class ScoringForm(forms.Form):
    """The manager's marks per indicator, a rating and justification per competency and goal, and the overall rating."""

    def __init__(self, *args, review: Review, **kwargs):
        from reviewcycle.models import IndicatorMark

        super().__init__(*args, **kwargs)
        rating_choices = scale_choices(review)
        length = {"count": MIN_JUSTIFICATION_LENGTH}
        below_norm = " ".join(
            str(option.value) for option in review.cycle.rating_scale.options.all() if not option.meets_norm
        )
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
            self.fields[f"{prefix}-rating"] = rating_field(_("Rating"), rating_choices, item.rating)
            self.fields[f"{prefix}-justification"] = draft_text_field(
                _("Justification with examples"),
                item.justification,
                3,
                help_text=_COMPETENCY_JUSTIFICATION % length,
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
            self.fields[f"{prefix}-result"] = draft_text_field(_("Result"), goal.result_note, 2)
            self.fields[f"{prefix}-rating"] = rating_field(_("Rating"), rating_choices, goal.rating)
            # The page marks the justification required as soon as a rating below the norm is chosen.
            self.fields[f"{prefix}-rating"].widget.attrs["data-below-norm"] = below_norm
            self.fields[f"{prefix}-justification"] = draft_text_field(
                _("Justification with examples"),
                goal.justification,
                2,
                help_text=_GOAL_JUSTIFICATION % length,
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
            label=overall_rating_label(overall_proposal(review)),
            choices=rating_choices,
            required=False,
        )
        self.fields["override_reason"] = draft_text_field(
            _("Reason for another overall rating than the proposal"), "", 2
        )
        add_consequence_fields(self, review)
        self.consequence_fields = consequence_fields(self)

    def marks_of(self, entry: dict) -> dict[int, str]:
        marks = {}
        for indicator in entry["expected"]:
            marks[indicator["mark"].pk] = self.cleaned_data[f"mark-{indicator['mark'].pk}"] or ""
        for indicator in entry["next_level"]:
            marks[indicator["mark"].pk] = "fully" if self.cleaned_data[f"mark-{indicator['mark'].pk}"] else ""
        return marks

    def draft(self) -> dict:
        """The scores in the shape ``review_save_scores_draft`` takes: ``assessments`` and ``goals``."""
        data = self.cleaned_data
        return {
            "assessments": [
                {
                    "assessment": entry["item"].pk,
                    "marks": self.marks_of(entry),
                    "rating": data[f"assessment-{entry['item'].pk}-rating"] or None,
                    "justification": data[f"assessment-{entry['item'].pk}-justification"],
                }
                for entry in self.competencies
            ],
            "goals": [
                {
                    "goal": entry["goal"].pk,
                    "rating": data[f"goal-{entry['goal'].pk}-rating"] or None,
                    "result_note": data[f"goal-{entry['goal'].pk}-result"],
                    "justification": data[f"goal-{entry['goal'].pk}-justification"],
                }
                for entry in self.goals
            ],
        }
