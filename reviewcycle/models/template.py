"""The organisation's regeling (cycle template): the shape of its cycle as versioned data.

A regeling (the cycle template) says which talks a cycle has and in which order, whether there is a
self-assessment and an appraisal with scores, whether a second reviewer finalises, how the employee
signs and who decides an objection, and when each phase is due from the period's start. HR edits a
draft and publishes it, as with frameworks; a cycle keeps the version it was opened with. The review's
state machine stays one (``Review``): the shape only decides which of its steps are on the path
(``reviewcycle.templates.shape``).
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, check_constraint, unique_constraint
from core.text import validate_single_line
from frameworks.models import RatingScale


def default_informant_phases() -> list[str]:
    """Where a review may ask for informants' input by default: progress and the appraisal's preparation."""
    return ["progress", "appraisal"]


def default_anonymous_relations() -> list[str]:
    """The informants' groups answered anonymously by default: colleagues and direct reports."""
    return ["colleague", "report"]


class CycleTemplate(TimeStampedModel):
    """One organisation's rules for its talks (a built-in one, or HR's own), in versions."""

    slug = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("description"), blank=True)
    builtin = models.BooleanField(_("built in"), default=False)

    class Meta:
        verbose_name = _("cycle template")
        verbose_name_plural = _("cycle templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CycleTemplateVersion(TimeStampedModel):
    """One version of a regeling: a draft HR edits, or a published one cycles use and that never changes."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Period(models.TextChoices):
        CALENDAR_YEAR = "calendar_year", _("Calendar year (1 January – 31 December)")
        ACADEMIC_YEAR = "academic_year", _("Academic year (1 September – 31 August)")
        EMPLOYMENT = "employment", _("From the start date (start and probation talks)")

    class ObjectionRoute(models.TextChoices):
        HR = "hr", _("HR decides")
        SECOND_REVIEWER = "second_reviewer", _("The second reviewer decides")
        COMMITTEE = "committee", _("A committee decides (its members: the objection committee group)")
        NONE = "none", _("No objection in the product (the employee writes a response)")

    template = models.ForeignKey(CycleTemplate, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    # The shape: which talks, in which order.
    period = models.CharField(
        _("period"), max_length=20, choices=Period.choices, default=Period.CALENDAR_YEAR
    )
    has_planning_talk = models.BooleanField(
        _("planning talk"),
        default=True,
        help_text=_("The first talk: goals and development agreed and signed."),
    )
    min_progress_talks = models.PositiveSmallIntegerField(
        _("progress talks required"),
        default=1,
        validators=[MaxValueValidator(12)],
        help_text=_("How many talks are held between the planning talk and the end (0: none required)."),
    )
    has_self_assessment = models.BooleanField(_("self-assessment"), default=True)
    has_scores = models.BooleanField(
        _("appraisal with scores"),
        default=True,
        help_text=_(
            "The manager scores goals and competencies on the rating scale before the appraisal talk."
        ),
    )
    has_appraisal_talk = models.BooleanField(
        _("closing talk"),
        default=True,
        help_text=_(
            "An appraisal or evaluation talk closes the cycle; without one, the last talk closes it."
        ),
    )
    has_advice = models.BooleanField(
        _("advice on the contract"),
        default=False,
        help_text=_("The closing talk gives an advice (continue, extend, do not continue) that HR sees."),
    )
    has_second_review = models.BooleanField(
        _("second reviewer finalises"),
        default=True,
        help_text=_("The manager's manager checks and finalises."),
    )
    signature_options = models.JSONField(
        _("signature options"),
        default=list,
        help_text=_('How the employee may sign: "seen", "agreed", or both.'),
    )
    talk_reports_signed = models.BooleanField(
        _("employee signs each talk's report"),
        default=False,
        help_text=_(
            "After each progress talk the employee signs its report for seen (the plan is signed already); "
            "the cycle is completed once every report is signed or its response term has passed."
        ),
    )
    objection_route = models.CharField(
        _("objection"), max_length=20, choices=ObjectionRoute.choices, default=ObjectionRoute.HR
    )
    # Who sits on the committee deciding objections (route "committee"): the members of this group. A group,
    # not names on the version: the committee's membership changes without a new version of the regeling.
    objection_committee = models.ForeignKey(
        "auth.Group",
        verbose_name=_("objection committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The group whose members decide objections when a committee decides them."),
    )
    # The defaults a new cycle of this template takes (HR may change them on the cycle before opening).
    rating_scale = models.ForeignKey(
        RatingScale,
        verbose_name=_("rating scale"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    goal_weight = models.PositiveSmallIntegerField(
        _("weight of goals (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    competency_weight = models.PositiveSmallIntegerField(
        _("weight of competencies (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    response_term_days = models.PositiveSmallIntegerField(
        _("response term (days)"), default=14, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    due_offsets = models.JSONField(
        _("due dates (months after the period start)"),
        default=dict,
        blank=True,
        help_text=_(
            'Per phase, the number of months after the period starts; for example {"planning_due": 2}.'
        ),
    )
    # Start and probation talks: counted from the employee's start date and contract end instead.
    start_talk_within_days = models.PositiveSmallIntegerField(
        _("start talk within (days of the start date)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(366)],
    )
    evaluation_before_end_days = models.PositiveSmallIntegerField(
        _("evaluation before the contract ends (days)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(366)],
    )
    # Informants (360° feedback): when input may be asked, by whom, and which groups stay anonymous.
    informant_phases = models.JSONField(
        _("informants may be asked in"),
        default=default_informant_phases,
        blank=True,
        help_text=_('The phases of the review: "progress", "appraisal" (its preparation); empty: never.'),
    )
    informants_by_employee = models.BooleanField(
        _("the employee may ask informants"),
        default=False,
        help_text=_("Besides the manager, the employee may ask people for input on their own review."),
    )
    informant_anonymous_relations = models.JSONField(
        _("anonymous groups of informants"),
        default=default_anonymous_relations,
        blank=True,
        help_text=_(
            "The relations whose answers are shown only as a group: colleagues, direct reports, managers, "
            "external contacts."
        ),
    )
    informant_min_group = models.PositiveSmallIntegerField(
        _("smallest anonymous group"),
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(20)],
        help_text=_("An anonymous group's answers are shown only when at least this many people answered."),
    )
    informant_merge_small_groups = models.BooleanField(
        _("merge small anonymous groups"),
        default=False,
        help_text=_(
            "While one anonymous group is too small, all anonymous groups are shown together as one."
        ),
    )

    class Meta:
        verbose_name = _("cycle template version")
        verbose_name_plural = _("cycle template versions")
        ordering = ["template__name", "-number"]
        constraints = [
            unique_constraint(
                fields=["template", "number"],
                name="cycletemplateversion_unique_number",
                message=_("This cycle template already has a version with this number."),
            ),
            unique_constraint(
                fields=["template"],
                condition=Q(status="draft"),
                name="cycletemplateversion_one_draft",
                message=_(
                    "This cycle template already has a draft version: publish or remove that one first."
                ),
            ),
            check_constraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="cycletemplateversion_published_has_date",
                message=_("A published version needs a publication date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.name} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    # --- the path a review takes on this shape: the ``Review`` transitions ask these ---

    def appraisal_start_state(self) -> str:
        """Where starting the appraisal leads: the self-assessment, else scoring, else the closing talk."""
        from reviewcycle.models.review import Review

        if self.has_self_assessment:
            return Review.State.SELF_ASSESSMENT
        return self.judging_state()

    def judging_state(self) -> str:
        """Where the manager judges (again, after a return, an upheld objection or a reopening): scoring
        on a shape with scores, else the closing talk."""
        from reviewcycle.models.review import Review

        return Review.State.SCORING if self.has_scores else Review.State.APPRAISAL_TALK

    def after_response_state(self) -> str:
        """Where the employee's signature (or the end of the response term, or a rejected objection)
        leads: to the second reviewer, or final on a shape without one."""
        from reviewcycle.models.review import Review

        return Review.State.SECOND_REVIEW if self.has_second_review else Review.State.FINAL

    def after_signing_state(self, signature: str) -> str:
        """Where the employee's signature leads: as ``after_response_state``, except that a signature "voor
        gezien" on a shape without a second reviewer (where an objection is possible) keeps the review at
        the employee's response until the term ends: the employee may still object until then
        (``conditions.signed_in_response``), and the timed expiry makes it final."""
        from reviewcycle.models.review import Review

        waits = (
            signature == Review.Signature.SEEN
            and not self.has_second_review
            and self.objection_route != self.ObjectionRoute.NONE
        )
        return Review.State.EMPLOYEE_RESPONSE if waits else self.after_response_state()

    # --- what the shape calls its talks and its goals: the one place the page, the steps, the phases,
    # the mails and the PDFs ask (the built-in talk forms' titles say the same: ``talk_forms.builtin``) ---

    @property
    def is_development_only(self) -> bool:
        """Talks without an appraisal (Goede gesprekken): no scores and no closing talk."""
        return not self.has_scores and not self.has_appraisal_talk

    def talk_name(self, talk: str) -> str:
        """What this shape calls its ``talk`` ("planning", "progress" or "appraisal"), in lower case as in
        the middle of a sentence (``capfirst`` at its start): on the employment period the start talk and
        the evaluation; on a development-only shape every talk a development talk; else the planning,
        progress and appraisal talk."""
        if self.is_for_individuals:
            names = {
                "planning": _("start talk"),
                "progress": _("progress talk"),
                "appraisal": _("evaluation"),
            }
        elif self.is_development_only:
            names = {"planning": _("development talk"), "progress": _("development talk")}
        else:
            names = {}
        defaults = {
            "planning": _("planning talk"),
            "progress": _("progress talk"),
            "appraisal": _("appraisal talk"),
        }
        return str(names.get(talk, defaults[talk]))

    @property
    def goals_required(self) -> bool:
        """Whether recording the first talk needs at least one goal: only on a shape with scores, where goals
        are result agreements that are rated; without scores they are development agreements, optional."""
        return self.has_scores

    @property
    def goals_label(self) -> str:
        """What the shape calls its goals: result agreements when they are scored, else development
        agreements."""
        return str(_("Result agreements") if self.has_scores else _("Development agreements"))

    @property
    def has_focus_competencies(self) -> bool:
        """Whether the review names competencies in focus: only where competencies are scored or
        self-assessed."""
        return self.has_scores or self.has_self_assessment

    @property
    def is_for_individuals(self) -> bool:
        """A regeling on the employment period: its open cycle is a standing one that gives each arriving
        employee a review of their own (``services.individual``), due on their own dates."""
        return self.period == self.Period.EMPLOYMENT

    def individual_due_dates(self, *, start_date: date, contract_end_date: date | None) -> tuple[date, date]:
        """(start talk due, evaluation due) of an employee starting on ``start_date``.

        The start talk: ``start_date`` + ``start_talk_within_days``. The evaluation: with a temporary
        contract, ``contract_end_date`` − ``evaluation_before_end_days`` (two months in
        *Proeftijd en tijdelijk contract*: 60 days); without one (a permanent contract), one week
        (``PROBATION_EVALUATION_MARGIN``) before the probation period ends, which for a permanent contract
        is at most two months (Burgerlijk Wetboek 7:652 lid 4: ``PROBATION_MONTHS``). Never before the
        start talk (a contract too short for the term). Raises nothing.
        """
        start_talk = start_date + timedelta(days=self.start_talk_within_days or 0)
        if contract_end_date is not None:
            evaluation = contract_end_date - timedelta(days=self.evaluation_before_end_days or 0)
        else:
            evaluation = start_date + relativedelta(months=PROBATION_MONTHS) - PROBATION_EVALUATION_MARGIN
        return start_talk, max(evaluation, start_talk)


# The longest probation period of a permanent contract (BW 7:652 lid 4: at most two months), and how
# long before its end the evaluation is due, so that a decision still falls within it.
PROBATION_MONTHS = 2
PROBATION_EVALUATION_MARGIN = timedelta(days=7)


# A version's shape: what HR sets on a draft (the pages, the admin), what a new draft copies and what the
# API shows (the rest, status and number, are the services').
SHAPE_FIELDS = (
    "period",
    "has_planning_talk",
    "min_progress_talks",
    "has_self_assessment",
    "has_scores",
    "has_appraisal_talk",
    "has_advice",
    "has_second_review",
    "signature_options",
    "talk_reports_signed",
    "objection_route",
    "objection_committee",
    "rating_scale",
    "goal_weight",
    "competency_weight",
    "response_term_days",
    "due_offsets",
    "start_talk_within_days",
    "evaluation_before_end_days",
    # Informants (360° feedback): when input may be asked, by whom, which groups stay anonymous and how big.
    "informant_phases",
    "informants_by_employee",
    "informant_anonymous_relations",
    "informant_min_group",
    "informant_merge_small_groups",
)
