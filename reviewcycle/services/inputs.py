"""Checks of what people send to the review's services: each returns the cleaned value or raises
``ValidationError`` (400) naming the field."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import long_date
from frameworks.models import RatingOption
from reviewcycle.models import Review

MAX_TEXT = 10_000
NAMED_TWICE = gettext_lazy("Each goal or item may be named once; one is named more than once.")
DUPLICATE_TITLE = gettext_lazy(
    "This review already has a goal with this title. Choose another title or change that goal."
)


def clean_text(
    value: str, field: str, *, required: bool = True, max_length: int = MAX_TEXT, min_length: int = 0
) -> str:
    """``value`` stripped; ``ValidationError`` on ``field`` (400) when required and empty, under
    ``min_length`` or over ``max_length`` characters (counted after stripping). The one length rule
    for every free text of a review."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if value and len(value) < min_length:
        raise ValidationError({field: _("Write at least %(count)s characters.") % {"count": min_length}})
    if len(value) > max_length:
        raise ValidationError({field: _("At most %(max)s characters.") % {"max": max_length}})
    return value


# A talk in the review's own history: it cannot have been held before the step that opened it.
TALK_NOT_BEFORE = {
    "progress": (
        "plan_signed_at",
        gettext_lazy("Choose a date on or after %(date)s, the day the plan was signed."),
    ),
    "appraisal": (
        "appraisal_started_at",
        gettext_lazy("Choose a date on or after %(date)s, the day the appraisal started."),
    ),
}


def clean_talk_date(review: Review, value: date | None, field: str = "talk_date", *, talk: str = "") -> date:
    """A talk's date: not in the future, within three months of the cycle's period, and (``talk``
    "progress" or "appraisal") not before the step of the review that opened it (the plan's signing,
    the appraisal's start; ``TALK_NOT_BEFORE``). ``ValidationError`` on ``field`` (400) otherwise."""
    if value is None:
        raise ValidationError({field: _("This field is required.")})
    if value > timezone.localdate():
        raise ValidationError({field: _("A talk cannot be recorded before it took place.")})
    earliest = review.cycle.period_start - timedelta(days=92)
    if not earliest <= value <= review.cycle.period_end + timedelta(days=92):
        raise ValidationError(
            {
                field: _("The date lies outside the cycle's period (%(start)s – %(end)s).")
                % {"start": long_date(review.cycle.period_start), "end": long_date(review.cycle.period_end)}
            }
        )
    if talk in TALK_NOT_BEFORE:
        attribute, message = TALK_NOT_BEFORE[talk]
        moment = getattr(review, attribute)
        if moment is not None and value < timezone.localdate(moment):
            raise ValidationError({field: message % {"date": long_date(timezone.localdate(moment))}})
    return value


def clean_signature(value: str, review: Review) -> str:
    """``"seen"`` or ``"agreed"``, as the cycle's regeling allows (its ``signature_options``); else
    ``ValidationError`` (400, on ``signature``)."""
    allowed = list(review.cycle.template_version.signature_options)
    if value in allowed:
        return value
    if allowed == [Review.Signature.SEEN]:
        raise ValidationError({"signature": _("Sign as “seen”: the regeling has no other signature.")})
    if allowed == [Review.Signature.AGREED]:
        raise ValidationError({"signature": _("Sign as “agreed”: the regeling has no other signature.")})
    raise ValidationError({"signature": _("Sign as “seen” or as “agreed”.")})


def rating_option(review: Review, value: int | str | None, field: str) -> RatingOption | None:
    """The point ``value`` on the cycle's rating scale (None for no value)."""
    if value in (None, ""):
        return None
    option = review.cycle.rating_scale.options.filter(value=value).first()
    if option is None:
        raise ValidationError(
            {
                field: _("%(value)s is not a point on the scale %(scale)s.")
                % {"value": value, "scale": review.cycle.rating_scale.name}
            }
        )
    return option


def clean_advice(review: Review, advice: str, explanation: str) -> dict[str, str]:
    """The advice on the contract given with the closing talk, and its explanation (optional), as
    ``{"advice", "advice_explanation"}``: required on a regeling with an advice (``has_advice``: probation),
    refused on any other (there: ``{}``); ``ValidationError`` on ``advice`` (400) otherwise."""
    advice, explanation = (
        (advice or "").strip(),
        clean_text(explanation, "advice_explanation", required=False),
    )
    if not review.cycle.template_version.has_advice:
        if advice or explanation:
            raise ValidationError({"advice": _("This regeling has no advice on the contract: leave it out.")})
        return {}
    if advice not in Review.ContractAdvice.values:
        raise ValidationError(
            {"advice": _("Choose an advice: continue the contract, extend it, or do not continue it.")}
        )
    return {"advice": advice, "advice_explanation": explanation}
