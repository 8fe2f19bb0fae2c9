"""The yearly cycle and each employee's review, run as a django-fsm state machine."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from config.models import TimeStampedModel
from core.models import LeasedJob
from core.text import validate_single_line
from frameworks.models import Competency, FrameworkVersion, RatingOption, RatingScale
from people.models import Employee, OrgUnit
from reviewcycle import conditions, rules


def _year_start() -> date:
    return date(timezone.localdate().year, 1, 1)


def _year_end() -> date:
    return date(timezone.localdate().year, 12, 31)


class ReviewCycle(FSMModelMixin, TimeStampedModel):
    """One organisation's round of talks for a period (default: the calendar year)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

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
    state = FSMField(_("state"), default=State.DRAFT, choices=State.choices, protected=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    force_close_reason = models.TextField(_("reason for closing with open reviews"), blank=True)

    class Meta:
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        ordering = ["-period_start", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gt=F("period_start")), name="cycle_period_order"),
            models.CheckConstraint(
                condition=Q(goal_weight__lte=100)
                & Q(competency_weight__lte=100)
                & Q(goal_weight=100 - F("competency_weight")),
                name="cycle_weights_sum_100",
            ),
            models.CheckConstraint(
                condition=Q(planning_due__lte=F("progress_due"))
                & Q(progress_due__lte=F("self_assessment_due"))
                & Q(self_assessment_due__lte=F("scoring_due"))
                & Q(scoring_due__lte=F("appraisal_due")),
                name="cycle_due_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @transition(field=state, source=State.DRAFT, target=State.OPEN)
    def open(self) -> None:
        self.opened_at = timezone.now()

    @transition(field=state, source=State.OPEN, target=State.CLOSED)
    def close(self, *, force_reason: str = "") -> None:
        self.closed_at = timezone.now()
        self.force_close_reason = force_reason


# What HR sets on a cycle (the admin, the API and the cycle page all offer exactly these).
CYCLE_SETTINGS = [
    "name",
    "period_start",
    "period_end",
    "scope",
    "framework_version",
    "rating_scale",
    "planning_due",
    "progress_due",
    "self_assessment_due",
    "scoring_due",
    "appraisal_due",
    "response_term_days",
    "second_review_days",
    "objection_decision_days",
    "min_progress_talks",
    "min_review_period_days",
    "goal_weight",
    "competency_weight",
]


class Review(ConcurrentTransitionMixin, TimeStampedModel):
    """One employee's review in one cycle."""

    class State(models.TextChoices):
        PLANNING = "planning", _("Planning talk")
        PLAN_SIGNOFF = "plan_signoff", _("Plan awaiting signature")
        IN_PROGRESS = "in_progress", _("In progress")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
        SCORING = "scoring", _("Scoring")
        APPRAISAL_TALK = "appraisal_talk", _("Appraisal talk")
        EMPLOYEE_RESPONSE = "employee_response", _("Employee response")
        OBJECTION = "objection", _("Objection")
        SECOND_REVIEW = "second_review", _("Second review")
        FINAL = "final", _("Final")
        CANCELLED = "cancelled", _("Cancelled")
        EXEMPT = "exempt", _("Exempt")

    class Signature(models.TextChoices):
        SEEN = "seen", _("Signed as seen")
        AGREED = "agreed", _("Signed as agreed")
        NOT_SIGNED = "not_signed", _("Not signed")

    class ObjectionDecision(models.TextChoices):
        UPHELD = "upheld", _("Upheld: the manager scores again")
        REJECTED = "rejected", _("Rejected")

    class Attention(models.TextChoices):
        """Why an open review waits for HR (cleared when HR moves it or names another second reviewer)."""

        MANAGER_LEFT = "manager_left", _("Manager left")
        SECOND_REVIEWER_LEFT = "second_reviewer_left", _("Second reviewer left")

    OPEN_STATES = [
        State.PLANNING,
        State.PLAN_SIGNOFF,
        State.IN_PROGRESS,
        State.SELF_ASSESSMENT,
        State.SCORING,
        State.APPRAISAL_TALK,
        State.EMPLOYEE_RESPONSE,
        State.OBJECTION,
        State.SECOND_REVIEW,
    ]
    DONE_STATES = [State.FINAL, State.CANCELLED, State.EXEMPT]

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.PROTECT, related_name="reviews")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="reviews")
    manager = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="managed_reviews")
    second_reviewer = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="second_reviews"
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="reviews",
        help_text=_("The employee's unit when the cycle opened (reports group by it)."),
    )
    role_label = models.CharField(
        _("role-type cell or job profile"),
        max_length=200,
        blank=True,
        help_text=_("Snapshot at opening; the expected levels below are snapshots too."),
        validators=[validate_single_line],
    )
    state = FSMField(_("state"), default=State.PLANNING, choices=State.choices, protected=True, db_index=True)
    state_changed_at = models.DateTimeField(_("in this state since"), default=timezone.now)
    due_date = models.DateField(_("next step due"), null=True, blank=True, db_index=True)
    needs_rebaseline = models.BooleanField(
        _("role changed: HR to re-baseline"),
        default=False,
        help_text=_("The employee's role changed after the cycle opened; the snapshot was kept."),
    )
    hr_attention = models.CharField(
        _("waiting for HR"), max_length=24, choices=Attention.choices, blank=True, default=""
    )
    hr_attention_since = models.DateField(_("waiting for HR since"), null=True, blank=True)

    planning_talk_date = models.DateField(_("planning talk held on"), null=True, blank=True)
    plan_signed_at = models.DateTimeField(_("plan signed at"), null=True, blank=True)
    plan_signature = models.CharField(
        _("plan signed as"), max_length=12, choices=Signature.choices, blank=True
    )
    plan_response = models.TextField(_("employee response to the plan"), blank=True)
    progress_talk_count = models.PositiveSmallIntegerField(
        _("progress talks recorded"), default=0, validators=[MaxValueValidator(100)]
    )
    appraisal_started_at = models.DateTimeField(_("appraisal started at"), null=True, blank=True)
    self_assessment_submitted_at = models.DateTimeField(
        _("self-assessment submitted at"), null=True, blank=True
    )
    self_assessment_skip_reason = models.TextField(_("reason the self-assessment was skipped"), blank=True)
    scores_submitted_at = models.DateTimeField(_("scores submitted at"), null=True, blank=True)
    overall_rating = models.ForeignKey(
        RatingOption,
        verbose_name=_("overall rating"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    overall_override_reason = models.TextField(
        _("reason for overriding the proposed overall rating"), blank=True
    )
    appraisal_talk_date = models.DateField(_("appraisal talk held on"), null=True, blank=True)
    appraisal_summary = models.TextField(_("summary of the appraisal talk"), blank=True)
    response_due = models.DateField(_("response term ends"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signature = models.CharField(_("signature"), max_length=12, choices=Signature.choices, blank=True)
    employee_response = models.TextField(_("employee response (zienswijze)"), blank=True)
    objected_at = models.DateTimeField(_("objection lodged at"), null=True, blank=True)
    objection_grounds = models.TextField(_("grounds of the objection"), blank=True)
    objection_decision = models.CharField(
        _("decision on the objection"), max_length=10, choices=ObjectionDecision.choices, blank=True
    )
    objection_decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    objection_decided_at = models.DateTimeField(_("objection decided at"), null=True, blank=True)
    return_reason = models.TextField(_("reason returned to the manager"), blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    closure_reason = models.TextField(_("reason for cancelling or exempting"), blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["cycle", "employee__name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "employee"], name="review_one_per_employee_per_cycle"),
            models.CheckConstraint(condition=~Q(manager=F("employee")), name="review_not_own_manager"),
            models.CheckConstraint(
                condition=Q(second_reviewer__isnull=True) | ~Q(second_reviewer=F("employee")),
                name="review_not_own_second_reviewer",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "state"]), models.Index(fields=["manager", "state"])]

    def __str__(self) -> str:
        return f"{self.employee.name} — {self.cycle.name}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    def get_state_display(self) -> str:
        # Django's own builds a dict of every choice on each call, translating each label to hash
        # it: a list of 50 reviews spent more time there than in its query.
        try:
            return self.State(self.state).label
        except ValueError:
            return self.state

    # --- transitions: each changes only the review's own fields; services do the rest ---

    @transition(
        field=state,
        source=State.PLANNING,
        target=State.PLAN_SIGNOFF,
        permission=rules.is_manager,
        conditions=[conditions.HAS_GOAL, conditions.GOAL_WEIGHTS_VALID],
    )
    def record_planning_talk(self, *, talk_date: date) -> None:
        self.planning_talk_date = talk_date

    @transition(field=state, source=State.PLAN_SIGNOFF, target=State.PLANNING, permission=rules.is_manager)
    def reopen_plan(self) -> None:
        """Back to planning; the reason is in the event."""

    @transition(
        field=state, source=State.PLAN_SIGNOFF, target=State.IN_PROGRESS, permission=rules.is_reviewee
    )
    def sign_plan(self, *, signature: str, response: str) -> None:
        self.plan_signed_at = timezone.now()
        self.plan_signature = signature
        self.plan_response = response

    @transition(field=state, source=State.IN_PROGRESS, target=State.IN_PROGRESS, permission=rules.is_manager)
    def record_progress_talk(self) -> None:
        self.progress_talk_count += 1

    @transition(
        field=state,
        source=State.IN_PROGRESS,
        target=State.SELF_ASSESSMENT,
        permission=rules.is_manager_or_system,
        conditions=[conditions.ENOUGH_PROGRESS_TALKS, conditions.REVIEW_PERIOD_PASSED],
    )
    def start_appraisal(self) -> None:
        self.appraisal_started_at = timezone.now()

    @transition(
        field=state,
        source=State.SELF_ASSESSMENT,
        target=State.SCORING,
        permission=rules.is_reviewee,
        conditions=[conditions.SELF_ASSESSMENT_COMPLETE],
    )
    def submit_self_assessment(self) -> None:
        self.self_assessment_submitted_at = timezone.now()

    @transition(
        field=state,
        source=State.SELF_ASSESSMENT,
        target=State.SCORING,
        permission=rules.is_manager,
        conditions=[conditions.SELF_ASSESSMENT_OVERDUE],
    )
    def skip_self_assessment(self, *, reason: str) -> None:
        self.self_assessment_skip_reason = reason

    @transition(
        field=state,
        source=State.SCORING,
        target=State.APPRAISAL_TALK,
        permission=rules.is_manager,
        conditions=[conditions.SCORES_COMPLETE],
    )
    def submit_scores(self) -> None:
        self.scores_submitted_at = timezone.now()

    @transition(
        field=state, source=State.APPRAISAL_TALK, target=State.EMPLOYEE_RESPONSE, permission=rules.is_manager
    )
    def record_appraisal_talk(self, *, talk_date: date, summary: str) -> None:
        self.appraisal_talk_date = talk_date
        self.appraisal_summary = summary
        # The term runs from when the employee can read the record, never from an earlier talk date.
        self.response_due = max(talk_date, timezone.localdate()) + timedelta(
            days=self.cycle.response_term_days
        )

    @transition(
        field=state,
        source=State.EMPLOYEE_RESPONSE,
        target=State.SECOND_REVIEW,
        permission=rules.is_reviewee,
        conditions=[conditions.WITHIN_RESPONSE_TERM],
    )
    def sign(self, *, signature: str, response: str) -> None:
        self.signed_at = timezone.now()
        self.signature = signature
        self.employee_response = response

    @transition(
        field=state,
        source=State.EMPLOYEE_RESPONSE,
        target=State.OBJECTION,
        permission=rules.is_reviewee,
        conditions=[conditions.WITHIN_RESPONSE_TERM],
    )
    def object(self, *, grounds: str) -> None:
        self.objected_at = timezone.now()
        self.objection_grounds = grounds

    @transition(
        field=state,
        source=State.EMPLOYEE_RESPONSE,
        target=State.SECOND_REVIEW,
        permission=rules.is_system,
        conditions=[conditions.RESPONSE_TERM_PASSED],
    )
    def expire_response(self) -> None:
        self.signature = self.Signature.NOT_SIGNED
        self.signed_at = None

    @transition(
        field=state, source=State.SECOND_REVIEW, target=State.SCORING, permission=rules.is_second_reviewer
    )
    def return_to_manager(self, *, reason: str) -> None:
        self.return_reason = reason

    @transition(
        field=state, source=State.SECOND_REVIEW, target=State.FINAL, permission=rules.is_second_reviewer
    )
    def finalise(self) -> None:
        self.finalised_at = timezone.now()

    @transition(
        field=state,
        source=State.OBJECTION,
        target=RETURN_VALUE(State.SCORING, State.SECOND_REVIEW),
        permission=rules.is_hr_without_own_role,
    )
    def decide_objection(self, *, decision: str, reason: str) -> str:
        self.objection_decision = decision
        self.objection_decision_reason = reason
        self.objection_decided_at = timezone.now()
        return self.State.SCORING if decision == self.ObjectionDecision.UPHELD else self.State.SECOND_REVIEW

    @transition(
        field=state, source=State.FINAL, target=State.SCORING, permission=rules.is_hr_without_own_role
    )
    def reopen(self) -> None:
        self.finalised_at = None

    @transition(
        field=state,
        source=OPEN_STATES,
        target=State.CANCELLED,
        permission=rules.is_hr_without_own_role_or_system,
    )
    def cancel(self, *, reason: str) -> None:
        self.closure_reason = reason

    @transition(field=state, source=OPEN_STATES, target=State.EXEMPT, permission=rules.is_hr_without_own_role)
    def exempt(self, *, reason: str) -> None:
        self.closure_reason = reason


class ProgressTalk(TimeStampedModel):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="progress_talks")
    talk_date = models.DateField(_("held on"))
    notes = models.TextField(_("notes"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

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
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | Q(weight__lte=100), name="goal_weight_max_100"
            ),
            # One active goal per title on a review: a double submit cannot add the same goal twice.
            models.UniqueConstraint(
                Lower("title"),
                "review",
                condition=Q(status="active"),
                name="goal_title_unique_per_review",
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
    due_date = models.DateField(_("due"), null=True, blank=True)
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
            models.UniqueConstraint(fields=["review", "competency"], name="assessment_one_per_competency")
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


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("Audit records cannot be changed.")

    def delete(self):
        raise PermissionDenied("Audit records cannot be deleted.")


class AppendOnlyModel(models.Model):
    """Rows that are written once: the ORM refuses updates and deletes (PostgreSQL does too, by trigger)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("Audit records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit records cannot be deleted.")


class ReviewEvent(AppendOnlyModel):
    """The audit trail of a review: every transition and every change HR makes."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: done by the system."),
    )
    transition = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.transition} {self.from_state} → {self.to_state}"

    @classmethod
    def record(
        cls, *, review: Review, actor, transition: str, from_state: str = "", payload: dict | None = None
    ):
        return cls.objects.create(
            review=review,
            actor=actor,
            transition=transition,
            from_state=from_state or review.state,
            to_state=review.state,
            payload=payload or {},
        )


class CycleEvent(AppendOnlyModel):
    cycle = models.ForeignKey(ReviewCycle, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.cycle_id}: {self.action}"


class ReviewAccess(AppendOnlyModel):
    """A read of a final appraisal by someone other than the employee (personnel-file access log)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    via = models.CharField(max_length=20, help_text=_("page, api or pdf"))

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.user} read {self.review_id} via {self.via}"


class CycleOpening(LeasedJob):
    """One attempt to open a large cycle in the background (``cycle_open_start``), its progress and outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="openings")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("cycle opening")
        verbose_name_plural = _("cycle openings")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Opening twice at once is impossible: at most one attempt waits or runs per cycle.
            models.UniqueConstraint(
                fields=["cycle"],
                condition=Q(status__in=["pending", "running"]),
                name="cycleopening_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}: {self.status}"

    @classmethod
    def failed_fields(cls, reason: str) -> dict:
        return {"status": cls.Status.FAILED, "error": reason, "finished_at": timezone.now()}

    def requeue(self) -> None:
        from reviewcycle.tasks import open_cycle_task

        open_cycle_task.delay(self.pk)
