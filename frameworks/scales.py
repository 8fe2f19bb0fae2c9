"""Rating scales: an ordered list of labels, each flagged whether it meets the norm (one of the app's
models, imported by ``frameworks.models``)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, check_constraint, unique_constraint
from core.text import validate_single_line


class RatingScale(TimeStampedModel):
    """An ordered list of labels, each flagged whether it meets the norm."""

    slug = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])

    class Meta:
        verbose_name = _("rating scale")
        verbose_name_plural = _("rating scales")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RatingOption(models.Model):
    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="options")
    value = models.PositiveSmallIntegerField(_("position"), help_text=_("1 is the lowest."))
    label = models.CharField(_("label"), max_length=80, validators=[validate_single_line])
    meets_norm = models.BooleanField(_("meets the norm"), default=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["scale", "value"]
        constraints = [
            unique_constraint(
                fields=["scale", "value"],
                name="ratingoption_unique_value",
                message=_("This scale already has an option with this value."),
            ),
            unique_constraint(
                fields=["scale", "label"],
                name="ratingoption_unique_label",
                message=_("This scale already has an option with this label."),
            ),
            check_constraint(
                condition=Q(value__gte=1),
                name="ratingoption_value_positive",
                message=_("A value on the scale is 1 or higher."),
            ),
        ]

    def __str__(self) -> str:
        return self.label
