"""What a review holds: talks, goals and their history, the development plan, competencies and indicator marks."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, check_constraint, unique_constraint
from core.text import validate_single_line
from frameworks.models import Competency, RatingOption
from reviewcycle.models.review import Review


class ProgressTalk(TimeStampedModel):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="progress_talks")
    talk_date = models.DateField(_("held on"))
    notes = models.TextField(_("notes"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The employee's signature of the talk's report *voor gezien*, on a regeling that asks for it
    # (``CycleTemplateVersion.talk_reports_signed``; taken by ``review_acknowledge_talk``).
    acknowledged_at = models.DateTimeField(_("report signed for seen at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("progress talk")
        verbose_name_plural = _("progress talks")
        ordering = ["talk_date", "id"]

    def __str__(self) -> str:
        return f"{self.review} — {self.talk_date}"


class Goal(TimeStampedModel):
    """A result agreement (resultaatafspraak): what, how it is measured, weight and deadline."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="goals")
    title = models.CharField(_("goal"), max_length=300, validators=[validate_single_line])
    description = models.TextField(_("what"), blank=True)
    measure = models.TextField(_("how it is measured"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    order = models.PositiveIntegerField(_("order"), default=0)
    self_rating = models.ForeignKey(
        RatingOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    self_remark = models.TextField(_("own remark"), blank=True)
    result_note = models.TextField(_("result"), blank=True)
    rating = models.ForeignKey(
        RatingOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    justification = models.TextField(_("justification"), blank=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["order", "id"]
        constraints = [
            check_constraint(
                condition=Q(weight__isnull=True) | Q(weight__lte=100),
                name="goal_weight_max_100",
                message=_("A goal's weight is at most 100."),
            ),
            # One active goal per title on a review: a double submit cannot add the same goal twice.
            unique_constraint(
                Lower("title"),
                "review",
                condition=Q(status="active"),
                name="goal_title_unique_per_review",
                message=_("This review already has a goal with this title."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def title_taken(self) -> bool:
        """Whether another active goal of the review has this title (the constraint would refuse it)."""
        return (
            self.is_active
            and Goal.objects.filter(
                review_id=self.review_id, status=self.Status.ACTIVE, title__iexact=self.title
            )
            .exclude(pk=self.pk)
            .exists()
        )


class GoalChange(models.Model):
    """History of a goal: what changed, when, by whom (adjustments in progress talks)."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="changes")
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    progress_talk = models.ForeignKey(
        ProgressTalk, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changes = models.JSONField(help_text=_("Field → [old, new]."))

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.goal} @ {self.changed_at:%Y-%m-%d}"


class DevelopmentAction(TimeStampedModel):
    """A development action of the POP (persoonlijk ontwikkelplan)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="development_actions")
    description = models.TextField(_("development action"))
    competency = models.ForeignKey(
        Competency,
        verbose_name=_("competency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        verbose_name = _("development action")
        verbose_name_plural = _("development actions")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.description[:80]


class CompetencyAssessment(models.Model):
    """A competency of the review, with the expected level and its indicators as they were at opening."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="assessments")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("competency"), max_length=200, validators=[validate_single_line])
    definition = models.TextField(_("definition"), blank=True)
    expected_level = models.PositiveSmallIntegerField(_("expected level"), null=True, blank=True)
    level_summary = models.TextField(_("summary of the expected level"), blank=True)
    in_focus = models.BooleanField(_("in focus this period"), default=True)
    order = models.PositiveIntegerField(default=0)
    self_rating = models.ForeignKey(
        RatingOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    self_remark = models.TextField(_("own remark"), blank=True)
    rating = models.ForeignKey(
        RatingOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    justification = models.TextField(_("justification with examples"), blank=True)

    class Meta:
        verbose_name = _("competency assessment")
        verbose_name_plural = _("competency assessments")
        ordering = ["order", "id"]
        constraints = [
            unique_constraint(
                fields=["review", "competency"],
                name="assessment_one_per_competency",
                message=_("This competency is already in this review."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.review} — {self.name}"


class IndicatorMark(models.Model):
    """One behavioural indicator (snapshot) and how consistently it was shown."""

    class Mark(models.TextChoices):
        NOT_SHOWN = "not", _("Not shown")
        PARTLY = "partly", _("Partly shown")
        FULLY = "fully", _("Fully shown")

    assessment = models.ForeignKey(CompetencyAssessment, on_delete=models.CASCADE, related_name="marks")
    text = models.TextField(_("behavioural indicator"))
    is_next_level = models.BooleanField(_("indicator of the next level"), default=False)
    order = models.PositiveIntegerField(default=0)
    mark = models.CharField(_("mark"), max_length=8, choices=Mark.choices, blank=True)

    class Meta:
        ordering = ["is_next_level", "order", "id"]

    def __str__(self) -> str:
        return self.text
