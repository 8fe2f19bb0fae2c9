"""The yearly cycle: its period, scope, framework, due dates and terms."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from core.models import TimeStampedModel, check_constraint
from core.text import validate_single_line
from frameworks.models import FrameworkVersion, RatingScale
from people.models import Employee, OrgUnit


def _year_start() -> date:
    return date(timezone.localdate().year, 1, 1)


def _year_end() -> date:
    return date(timezone.localdate().year, 12, 31)


DEFAULT_REMINDER_OFFSETS = [14, 7, 1]
MAX_REMINDER_DAYS = 90


def default_reminder_offsets() -> list[int]:
    return list(DEFAULT_REMINDER_OFFSETS)


def validate_reminder_offsets(value) -> None:
    """A list of whole numbers of days, each from 0 to 90."""
    if not isinstance(value, list) or any(
        not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= MAX_REMINDER_DAYS
        for days in value
    ):
        raise ValidationError(_("Reminders are sent 0 to 90 days before a due date."))


class ReviewCycle(FSMModelMixin, TimeStampedModel):
    """One organisation's round of talks for a period (default: the calendar year)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        DELETED = "deleted", _("Deleted")  # a draft HR threw away: kept for its audit trail, shown nowhere

    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    period_start = models.DateField(_("period start"), default=_year_start)
    period_end = models.DateField(_("period end"), default=_year_end)
    scope = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("organisation units"),
        related_name="cycles",
        help_text=_("Everyone in these units and the units below them."),
    )
    framework_version = models.ForeignKey(
        FrameworkVersion, verbose_name=_("framework version"), on_delete=models.PROTECT, related_name="cycles"
    )
    rating_scale = models.ForeignKey(
        RatingScale, verbose_name=_("rating scale"), on_delete=models.PROTECT, related_name="cycles"
    )
    # The regeling the cycle runs on: its shape (which talks, scores, second reviewer) never changes
    # for a cycle once made. Left empty when made, it becomes the default regeling (``save``).
    template_version = models.ForeignKey(
        "reviewcycle.CycleTemplateVersion",
        verbose_name=_("cycle template"),
        on_delete=models.PROTECT,
        related_name="cycles",
        blank=True,
        help_text=_("Empty: the default cycle template (Gemeentelijk)."),
    )
    planning_due = models.DateField(_("planning talks due"))
    progress_due = models.DateField(_("progress talks due"))
    self_assessment_due = models.DateField(_("self-assessments due"))
    scoring_due = models.DateField(_("scores due"))
    appraisal_due = models.DateField(_("appraisal talks due"))
    response_term_days = models.PositiveSmallIntegerField(
        _("response term (days)"), default=14, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    second_review_days = models.PositiveSmallIntegerField(
        _("days for the second reviewer"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    objection_decision_days = models.PositiveSmallIntegerField(
        _("days to decide an objection"),
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    min_progress_talks = models.PositiveSmallIntegerField(
        _("minimum progress talks before the appraisal"), default=1, validators=[MaxValueValidator(12)]
    )
    min_review_period_days = models.PositiveSmallIntegerField(
        _("minimum review period (days)"), default=183, validators=[MaxValueValidator(366)]
    )
    goal_weight = models.PositiveSmallIntegerField(
        _("weight of goals (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    competency_weight = models.PositiveSmallIntegerField(
        _("weight of competencies (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    # When the cycle reminds and escalates, and whether appraisals start by themselves (the hourly
    # time-driven work of reviewcycle.tasks and notifications' sweep read these).
    reminder_offsets = models.JSONField(
        _("remind this many days before a due date"),
        default=default_reminder_offsets,
        validators=[validate_reminder_offsets],
        help_text=_("For example [14, 7, 1]."),
    )
    overdue_reminder_after_days = models.PositiveSmallIntegerField(
        _("remind again this many days after the due date"), default=1, validators=[MaxValueValidator(60)]
    )
    escalate_to_second_reviewer_after_days = models.PositiveSmallIntegerField(
        _("escalate to the second reviewer after (days overdue)"),
        default=7,
        validators=[MaxValueValidator(120)],
    )
    escalate_to_hr_after_days = models.PositiveSmallIntegerField(
        _("escalate to HR after (days overdue)"), default=14, validators=[MaxValueValidator(180)]
    )
    auto_start_appraisal = models.BooleanField(
        _("start appraisals automatically from the progress due date"),
        default=False,
        help_text=_("Where the conditions hold (progress talks, minimum period)."),
    )
    excluded = models.ManyToManyField(
        Employee,
        verbose_name=_("excluded employees"),
        related_name="excluded_from_cycles",
        blank=True,
        help_text=_("In scope, but no review in this cycle (HR excluded them when opening it)."),
    )
    state = FSMField(_("state"), default=State.DRAFT, choices=State.choices, protected=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    force_close_reason = models.TextField(_("reason for closing with open reviews"), blank=True)

    class Meta:
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        ordering = ["-period_start", "name"]
        constraints = [
            check_constraint(
                condition=Q(period_end__gt=F("period_start")),
                name="cycle_period_order",
                message=_("The period must end after it starts."),
            ),
            check_constraint(
                condition=Q(goal_weight__lte=100)
                & Q(competency_weight__lte=100)
                & Q(goal_weight=100 - F("competency_weight")),
                name="cycle_weights_sum_100",
                message=_("The weights of goals and competencies must add up to 100."),
            ),
            check_constraint(
                condition=Q(planning_due__lte=F("progress_due"))
                & Q(progress_due__lte=F("self_assessment_due"))
                & Q(self_assessment_due__lte=F("scoring_due"))
                & Q(scoring_due__lte=F("appraisal_due")),
                name="cycle_due_dates_in_order",
                message=_(
                    "The phase dates must follow each other: planning, progress, self-assessment, "
                    "scoring, appraisal."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.template_version_id is None:
            from reviewcycle.shapes.services import default_template_version

            self.template_version = default_template_version()
        super().save(*args, **kwargs)

    @property
    def reminder_days(self) -> list[int]:
        """The days before a due date on which the cycle reminds, most first, each once."""
        return sorted(
            {int(days) for days in (self.reminder_offsets or DEFAULT_REMINDER_OFFSETS)}, reverse=True
        )

    @transition(field=state, source=State.DRAFT, target=State.OPEN)
    def open(self) -> None:
        self.opened_at = timezone.now()

    @transition(field=state, source=State.DRAFT, target=State.DELETED)
    def delete_draft(self) -> None:
        """Only a draft can go: nobody has a review in it yet."""

    @transition(field=state, source=State.OPEN, target=State.CLOSED)
    def close(self, *, force_reason: str = "") -> None:
        self.closed_at = timezone.now()
        self.force_close_reason = force_reason


# When a cycle reminds, escalates and starts appraisals by itself: HR may change these while it is open.
REMINDER_SETTINGS = [
    "reminder_offsets",
    "overdue_reminder_after_days",
    "escalate_to_second_reviewer_after_days",
    "escalate_to_hr_after_days",
    "auto_start_appraisal",
]

# The phases' due dates, in the order they must follow each other (the constraint above, the cycle's
# validation, and what HR may move on an open cycle).
DUE_DATE_FIELDS = ("planning_due", "progress_due", "self_assessment_due", "scoring_due", "appraisal_due")

# What HR may change on an open cycle (``services.cycle_change_due_dates``, the API's PATCH, the due-dates
# page): when things are due, never a rule that decides a running review's outcome.
OPEN_CYCLE_SETTINGS = (*DUE_DATE_FIELDS, "response_term_days")

# What HR sets on a cycle (the admin, the API and the cycle page all offer exactly these).
CYCLE_SETTINGS = [
    "name",
    "period_start",
    "period_end",
    "scope",
    "framework_version",
    "rating_scale",
    "template_version",
    *DUE_DATE_FIELDS,
    "response_term_days",
    "second_review_days",
    "objection_decision_days",
    "min_progress_talks",
    "min_review_period_days",
    "goal_weight",
    "competency_weight",
    *REMINDER_SETTINGS,
]
