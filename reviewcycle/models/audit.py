"""The append-only audit trail of cycles and reviews, and the access log of final appraisals."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AppendOnlyModel, require_kind
from core.models import check_constraint
from reviewcycle.models.cycle import ReviewCycle
from reviewcycle.models.review import Review
from reviewcycle.scoring import overall_proposal


class ReviewEventKind(models.TextChoices):
    """What happened, labelled in the past tense for the history (page, PDF, API). The values are
    the transitions' names (a step records its own name) and the changes around them."""

    OPENED = "open", _("Review opened with the cycle")
    PLANNING_TALK_RECORDED = "record_planning_talk", _("Planning talk recorded")
    PLAN_REOPENED = "reopen_plan", _("Plan reopened")
    PLAN_SIGNED = "sign_plan", _("Plan signed")
    PROGRESS_TALK_RECORDED = "record_progress_talk", _("Progress talk recorded")
    TALK_REPORT_ACKNOWLEDGED = "acknowledge_talk", _("Talk report signed for seen")
    APPRAISAL_STARTED = "start_appraisal", _("Appraisal started")
    TALKS_COMPLETED = "complete_talks", _("Cycle of talks completed")
    SELF_ASSESSMENT_SUBMITTED = "submit_self_assessment", _("Self-assessment submitted")
    SELF_ASSESSMENT_SKIPPED = "skip_self_assessment", _("Self-assessment skipped")
    SCORES_SUBMITTED = "submit_scores", _("Scores submitted")
    APPRAISAL_TALK_RECORDED = "record_appraisal_talk", _("Appraisal talk recorded")
    APPRAISAL_SIGNED = "sign", _("Appraisal signed")
    OBJECTED = "object", _("Objection made to the appraisal")
    RESPONSE_TERM_EXPIRED = "expire_response", _("Response term closed")
    RETURNED_TO_MANAGER = "return_to_manager", _("Returned to the manager")
    FINALISED = "finalise", _("Appraisal finalised")
    OBJECTION_DECIDED = "decide_objection", _("Objection decided")
    REOPENED = "reopen", _("Appraisal reopened")
    CANCELLED = "cancel", _("Review cancelled")
    EXEMPTED = "exempt", _("Exempted from the cycle")
    GOAL_ADDED = "add_goal", _("Goal added")
    GOAL_CHANGED = "edit_goal", _("Goal changed")
    GOAL_WEIGHTS_CHANGED = "edit_goal_weights", _("Goal weights changed")
    FOCUS_CHANGED = "set_focus", _("Competencies in focus changed")
    DEVELOPMENT_PLAN_CHANGED = "save_development_action", _("Development plan changed")
    MANAGER_REASSIGNED = "reassign_manager", _("Another manager assigned")
    SECOND_REVIEWER_CHANGED = "set_second_reviewer", _("Another second reviewer named")
    ROLE_CHANGE_FLAGGED = "flag_role_change", _("Role changed: to be re-baselined")
    FLAGGED_FOR_HR = "flag_for_hr", _("Waiting for HR: the manager or second reviewer left")
    REBASELINED = "rebaseline", _("Expected levels re-baselined")
    REMINDER_SENT = "send_reminder", _("Reminder sent")
    CONSEQUENCES_PROPOSED = "propose_consequences", _("Consequences of the appraisal proposed")
    CONSEQUENCES_CONFIRMED = "confirm_consequences", _("Consequences of the appraisal confirmed")
    CONSEQUENCES_CHANGED = "change_consequences", _("Consequences changed on the objection")


# The steps that send an appraisal back to be judged again (``ReviewEvent.closes_round``).
ROUND_CLOSING_KINDS = (
    ReviewEventKind.RETURNED_TO_MANAGER,
    ReviewEventKind.OBJECTION_DECIDED,
    ReviewEventKind.REOPENED,
)

# On the employment period (start and probation, ``is_for_individuals``) the talks are the start talk and
# the evaluation: the history names them so (``selectors.HistoryLine``).
KIND_ON_EMPLOYMENT = {
    ReviewEventKind.PLANNING_TALK_RECORDED: _("Start talk recorded"),
    ReviewEventKind.APPRAISAL_STARTED: _("Evaluation started"),
    ReviewEventKind.APPRAISAL_TALK_RECORDED: _("Evaluation talk recorded"),
    ReviewEventKind.APPRAISAL_SIGNED: _("Evaluation signed"),
    ReviewEventKind.REOPENED: _("Evaluation reopened"),
}


class CycleEventKind(models.TextChoices):
    """What happened to a cycle, labelled in the past tense."""

    CREATED = "create", _("Cycle created")
    CHANGED = "edit", _("Cycle changed")
    DELETED = "delete", _("Draft cycle deleted")
    EXCLUDED = "exclude", _("Employees excluded from the cycle")
    OPENED = "open", _("Cycle opened")
    MISSING_ADDED = "add_missing", _("Missing reviews added")
    CLOSED = "close", _("Cycle closed")
    RETENTION_APPLIED = "retention", _("Reviews past the retention period erased")
    DUE_DATES_CHANGED = "change_due_dates", _("Due dates moved")


class ReviewEvent(AppendOnlyModel):
    """The audit trail of a review: every transition and every change HR makes, each of a ``Kind``.

    ``payload`` holds the context (a reason, a snapshot); a change holds what it changed in
    ``old_value`` and ``new_value``, each ``{field: value}`` (see ``core.audit``).
    """

    Kind = ReviewEventKind

    @staticmethod
    def label_on_employment(kind: str) -> str:
        """What happened, as the history of a review on the employment period names it."""
        return str(KIND_ON_EMPLOYMENT.get(kind, ReviewEventKind(kind).label))

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: done by the system."),
    )
    transition = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    payload = models.JSONField(default=dict, blank=True)
    old_value = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    new_value = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        ordering = ["created_at", "id"]
        constraints = [
            check_constraint(
                condition=models.Q(transition__in=ReviewEventKind.values),
                name="reviewevent_known_kind",
                message=_("This is not a known kind of review event."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.transition} {self.from_state} → {self.to_state}"

    @property
    def kind(self) -> "ReviewEvent.Kind":
        return self.Kind(self.transition)

    @property
    def label(self) -> str:
        """What happened, in the past tense and the active language."""
        return str(self.kind.label)

    @property
    def closes_round(self) -> bool:
        """Whether this event closed a round of the appraisal: the manager judges again (scoring, or the
        closing talk on a regeling without scores) after a return by the second reviewer, an upheld
        objection or a reopening. Starting the appraisal never does, whatever state it leads to."""
        again = (Review.State.SCORING, Review.State.APPRAISAL_TALK)
        return self.transition in ROUND_CLOSING_KINDS and self.to_state in again

    @classmethod
    def record(
        cls,
        *,
        review: Review,
        actor,
        kind: "ReviewEvent.Kind",
        from_state: str = "",
        payload: dict | None = None,
        old: dict | None = None,
        new: dict | None = None,
    ) -> "ReviewEvent":
        """Add one event of ``kind`` (a ``ReviewEvent.Kind``; ``ValueError`` for anything else) by
        ``actor`` (a User, or None for the system). A change passes ``old`` and ``new``: the values
        before and after of the fields it set, ``{field: value}``."""
        return cls.objects.create(
            review=review,
            actor=actor,
            transition=require_kind(cls.Kind, kind),
            from_state=from_state or review.state,
            to_state=review.state,
            payload=payload or {},
            old_value=old,
            new_value=new,
        )


class ClosedRound(AppendOnlyModel):
    """What one closed round of the appraisal held that scoring again overwrites: the manager's scores
    and the appraisal talk's summary, kept when the event ``closed_by`` (``ReviewEvent.closes_round``)
    sent the review back to scoring. The rest of the round (who scored, signed or objected, and why it
    closed) is in the review's events; ``reviewcycle.record.rounds`` reads both."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="closed_rounds")
    closed_by = models.OneToOneField(ReviewEvent, on_delete=models.PROTECT, related_name="+")
    # {"overall", "proposed", "override_reason", "competencies": [{"name", "rating", "justification",
    #  "marks": [[text, is_next_level, mark]]}], "goals": [{"title", "weight", "rating", "result_note",
    #  "justification"}]}: rating labels as the scale named them then.
    scores = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    appraisal_summary = models.TextField(blank=True)

    class Meta:
        verbose_name = _("closed round")
        verbose_name_plural = _("closed rounds")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.review_id}: round closed by event {self.closed_by_id}"

    @classmethod
    def keep(cls, *, review: Review, closed_by: ReviewEvent) -> "ClosedRound":
        """Keep the round ``closed_by`` closed: ``review``'s scores and talk summary as they stand (the
        transition back to scoring changes neither; the manager's next draft would)."""

        def label(option) -> str | None:
            return option.label if option is not None else None

        proposal = overall_proposal(review)
        scores = {
            "overall": label(review.overall_rating),
            "proposed": label(proposal),
            "override_reason": review.overall_override_reason,
            "competencies": [
                {
                    "name": item.name,
                    "rating": label(item.rating),
                    "justification": item.justification,
                    "marks": [[mark.text, mark.is_next_level, mark.mark] for mark in item.marks.all()],
                }
                for item in review.assessments.all()
                if item.in_focus
            ],
            "goals": [
                {
                    "title": goal.title,
                    "weight": goal.weight,
                    "rating": label(goal.rating),
                    "result_note": goal.result_note,
                    "justification": goal.justification,
                }
                for goal in review.goals.all()
                if goal.is_active
            ],
        }
        return cls.objects.create(
            review=review, closed_by=closed_by, scores=scores, appraisal_summary=review.appraisal_summary
        )


class CycleEvent(AppendOnlyModel):
    """The audit trail of a cycle, each event of a ``Kind``."""

    Kind = CycleEventKind

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            check_constraint(
                condition=models.Q(action__in=CycleEventKind.values),
                name="cycleevent_known_kind",
                message=_("This is not a known kind of cycle event."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}: {self.action}"

    @property
    def kind(self) -> "CycleEvent.Kind":
        return self.Kind(self.action)

    @classmethod
    def record(
        cls,
        *,
        cycle: ReviewCycle | None = None,
        cycle_id: int | None = None,
        actor,
        kind: "CycleEvent.Kind",
        payload: dict | None = None,
    ) -> "CycleEvent":
        """Add one event of ``kind`` (a ``CycleEvent.Kind``; ``ValueError`` for anything else) to a cycle
        (given as ``cycle`` or ``cycle_id``) by ``actor`` (a User, or None for the system)."""
        return cls.objects.create(
            **({"cycle": cycle} if cycle is not None else {"cycle_id": cycle_id}),
            actor=actor,
            action=require_kind(cls.Kind, kind),
            payload=payload or {},
        )


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
