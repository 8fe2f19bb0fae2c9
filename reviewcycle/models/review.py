"""One employee's review in one cycle, run as a django-fsm state machine."""

from datetime import date, timedelta

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from core.models import TimeStampedModel, check_constraint, unique_constraint
from core.text import validate_single_line
from frameworks.models import RatingOption
from people.models import Employee, OrgUnit
from reviewcycle import conditions, rules
from reviewcycle.models import review_states
from reviewcycle.models.cycle import ReviewCycle
from reviewcycle.models.review_states import Attention, ObjectionDecision, ReviewState, Signature
from reviewcycle.talk_forms import conditions as talk_conditions


class Review(ConcurrentTransitionMixin, TimeStampedModel):
    """One employee's review in one cycle."""

    State = ReviewState
    Signature = Signature
    ObjectionDecision = ObjectionDecision
    Attention = Attention
    ContractAdvice = review_states.ContractAdvice

    OPEN_STATES = review_states.OPEN_STATES
    DONE_STATES = review_states.DONE_STATES

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
    # A review of a cycle for individuals (a regeling on the employment period, e.g. probation): its own
    # dates, counted from the employee's start date and contract end (``services.individual``), which
    # ``deadlines.due_date_for`` reads instead of the cycle's.
    start_talk_due = models.DateField(_("start talk due"), null=True, blank=True)
    evaluation_due = models.DateField(_("evaluation due"), null=True, blank=True)
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
    # Given with the closing talk where the regeling has an advice (``has_advice``), else empty.
    contract_advice = models.CharField(
        _("advice on the contract"), max_length=10, choices=ContractAdvice.choices, blank=True
    )
    contract_advice_explanation = models.TextField(_("explanation of the advice"), blank=True)
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
            unique_constraint(
                fields=["cycle", "employee"],
                name="review_one_per_employee_per_cycle",
                message=_("This employee already has a review in this cycle."),
            ),
            check_constraint(
                condition=~Q(manager=F("employee")),
                name="review_not_own_manager",
                message=_("An employee cannot be the manager of their own review."),
            ),
            check_constraint(
                condition=Q(second_reviewer__isnull=True) | ~Q(second_reviewer=F("employee")),
                name="review_not_own_second_reviewer",
                message=_("An employee cannot be the second reviewer of their own review."),
            ),
        ]
        indexes = [
            models.Index(fields=["cycle", "state"]),
            models.Index(fields=["manager", "state"]),
            # The register of objections reads the few reviews with one, not every review (issue 17).
            models.Index(
                fields=["-objected_at"], name="review_objected", condition=models.Q(objected_at__isnull=False)
            ),
        ]

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
        conditions=[
            conditions.HAS_GOAL,
            conditions.GOAL_WEIGHTS_VALID,
            talk_conditions.PLANNING_REPORT_COMPLETE,
        ],
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

    @transition(
        field=state,
        source=State.IN_PROGRESS,
        target=State.IN_PROGRESS,
        permission=rules.is_manager,
        conditions=[talk_conditions.PROGRESS_REPORT_COMPLETE],
    )
    def record_progress_talk(self) -> None:
        self.progress_talk_count += 1

    @transition(
        field=state,
        source=State.IN_PROGRESS,
        target=State.IN_PROGRESS,
        permission=rules.is_reviewee,
        conditions=[conditions.SHAPE_SIGNS_TALK_REPORTS, conditions.TALK_REPORT_TO_SIGN],
    )
    def acknowledge_talk(self) -> None:
        """The employee signs a talk's report *voor gezien* (the talk's row is marked by the service)."""

    @transition(
        field=state,
        source=State.IN_PROGRESS,
        target=RETURN_VALUE(State.SELF_ASSESSMENT, State.SCORING, State.APPRAISAL_TALK),
        permission=rules.is_manager_or_system,
        conditions=[
            conditions.SHAPE_HAS_CLOSING_TALK,
            conditions.ENOUGH_PROGRESS_TALKS,
            conditions.REVIEW_PERIOD_PASSED,
        ],
    )
    def start_appraisal(self) -> str:
        """To the self-assessment, scoring or the closing talk: the first the regeling has."""
        self.appraisal_started_at = timezone.now()
        return self.cycle.template_version.appraisal_start_state()

    @transition(
        field=state,
        source=State.IN_PROGRESS,
        target=State.FINAL,
        permission=rules.is_manager,
        conditions=[
            conditions.SHAPE_WITHOUT_CLOSING_TALK,
            conditions.ENOUGH_PROGRESS_TALKS,
            conditions.TALK_REPORTS_SIGNED_OR_TERM_OVER,
        ],
    )
    def complete_talks(self) -> None:
        """A regeling without a closing talk (*Goede gesprekken*): the last talk held, the cycle is done."""
        self.finalised_at = timezone.now()

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
        field=state,
        source=State.APPRAISAL_TALK,
        target=State.EMPLOYEE_RESPONSE,
        permission=rules.is_manager,
        conditions=[talk_conditions.APPRAISAL_REPORT_COMPLETE],
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
        target=RETURN_VALUE(State.SECOND_REVIEW, State.FINAL, State.EMPLOYEE_RESPONSE),
        permission=rules.is_reviewee,
        conditions=[conditions.WITHIN_RESPONSE_TERM, conditions.NOT_SIGNED_YET],
    )
    def sign(self, *, signature: str, response: str) -> str:
        self.signed_at = timezone.now()
        self.signature = signature
        self.employee_response = response
        return self._after_response(self.cycle.template_version.after_signing_state(signature))

    def _after_response(self, target: str | None = None) -> str:
        """To the second reviewer, or final where the regeling has none (then it is final now)."""
        target = target or self.cycle.template_version.after_response_state()
        if target == self.State.FINAL:
            self.finalised_at = timezone.now()
        return target

    @transition(
        field=state,
        source=State.EMPLOYEE_RESPONSE,
        target=State.OBJECTION,
        permission=rules.is_reviewee,
        conditions=[conditions.SHAPE_HAS_OBJECTION, conditions.WITHIN_RESPONSE_TERM],
    )
    @transition(
        field=state,
        source=State.SECOND_REVIEW,
        target=State.OBJECTION,
        permission=rules.is_reviewee,
        conditions=[conditions.SHAPE_HAS_OBJECTION, *conditions.OBJECTION_AFTER_SIGNING],  # "voor gezien"
    )
    def object(self, *, grounds: str) -> None:
        self.objected_at = timezone.now()
        self.objection_grounds = grounds

    @transition(
        field=state,
        source=State.EMPLOYEE_RESPONSE,
        target=RETURN_VALUE(State.SECOND_REVIEW, State.FINAL),
        permission=rules.is_system,
        conditions=[conditions.RESPONSE_TERM_PASSED],
    )
    def expire_response(self) -> str:
        # Signed "voor gezien" on a shape without a second reviewer, the review waited for the term: the
        # signature stands; otherwise the employee did not sign.
        if not conditions.signed_in_response(self):
            self.signature = self.Signature.NOT_SIGNED
            self.signed_at = None
        return self._after_response()

    @transition(
        field=state,
        source=State.SECOND_REVIEW,
        target=RETURN_VALUE(State.SCORING, State.APPRAISAL_TALK),
        permission=rules.is_second_reviewer,
    )
    def return_to_manager(self, *, reason: str) -> str:
        self.return_reason = reason
        return self.cycle.template_version.judging_state()

    @transition(
        field=state,
        source=State.SECOND_REVIEW,
        target=State.FINAL,
        permission=rules.is_second_reviewer,
        conditions=[conditions.OBJECTION_TERM_OVER],  # an objection is never pre-empted
    )
    def finalise(self) -> None:
        self.finalised_at = timezone.now()

    @transition(
        field=state,
        source=State.OBJECTION,
        target=RETURN_VALUE(State.SCORING, State.APPRAISAL_TALK, State.SECOND_REVIEW, State.FINAL),
        permission=rules.may_decide_objection,
    )
    def decide_objection(self, *, decision: str, reason: str) -> str:
        """Upheld: the manager judges again; rejected: on as after the employee's response."""
        self.objection_decision = decision
        self.objection_decision_reason = reason
        self.objection_decided_at = timezone.now()
        if decision == self.ObjectionDecision.UPHELD:
            return self.cycle.template_version.judging_state()
        return self._after_response()

    @transition(
        field=state,
        source=State.FINAL,
        target=RETURN_VALUE(State.SCORING, State.APPRAISAL_TALK),
        permission=rules.is_hr_without_own_role,
        conditions=[conditions.SHAPE_HAS_CLOSING_TALK],
    )
    def reopen(self) -> str:
        self.finalised_at = None
        return self.cycle.template_version.judging_state()

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
