"""The employee's self-ratings as they are submitted with the self-assessment (moved out of
``transitions`` to keep that module to one concern: running the steps)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reviewcycle.models import CompetencyAssessment, Goal, Review
from reviewcycle.services.inputs import clean_text, rating_option


def save_self_ratings(review: Review, ratings: list[dict]) -> None:
    """Store the employee's ``ratings`` on ``review`` (locked by the caller, ``review_submit_self_assessment``):
    each ``{"assessment" or "goal": id, "rating": scale value, "remark"?: str}``. ``ValidationError``
    (400) on ``ratings`` for an item not of this review, a value off the scale or a remark too long."""
    assessments = {item.pk: item for item in CompetencyAssessment.objects.filter(review=review)}
    goals = {goal.pk: goal for goal in Goal.objects.filter(review=review)}
    for entry in ratings:
        target = (
            assessments.get(entry.get("assessment"))
            if entry.get("assessment")
            else goals.get(entry.get("goal"))
        )
        if target is None:
            raise ValidationError(
                {
                    "ratings": _("Item %(item)s is not part of this review.")
                    % {"item": entry.get("assessment") or entry.get("goal")}
                }
            )
        target.self_rating = rating_option(review, entry.get("rating"), "ratings")
        target.self_remark = clean_text(entry.get("remark", ""), "ratings", required=False)
        target.save(update_fields=["self_rating", "self_remark"])
