"""What the review API answers: list and detail serializers.

The detail's content (goals, competencies, marks, ratings, the overall rating) is the reader's
``ReviewRecord`` (``reviewcycle.record``), masked there once for the API, the page and every PDF.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from reviewcycle import rules, steps
from reviewcycle.apis.consequences import AdviceSerializer, ConsequencesSerializer
from reviewcycle.apis.round_serializers import EarlierRoundSerializer
from reviewcycle.apis.talk_answers import TalkAnswersSerializer
from reviewcycle.apis.templates import ReviewShapeSerializer
from reviewcycle.models import (
    DevelopmentAction,
    Goal,
    Review,
    ReviewEvent,
)
from reviewcycle.next_steps import next_step, next_step_for, reader_role
from reviewcycle.record import ReviewRecord, review_record, shape_of, visible_overall_rating
from reviewcycle.selectors import (
    actor_name,
    available_transitions,
    review_detail,
    reviews_visible_to,
)
from reviewcycle.talk_forms.selectors import talk_form_to_fill
from reviewcycle.workflow import PHASE_OF_STATE, is_overdue, next_action, owner_role_of

# --- output ----------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    employee_number = serializers.CharField()


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReviewListSerializer(serializers.ModelSerializer):
    cycle = NamedSerializer()
    employee = PersonSerializer()
    org_unit = NamedSerializer()
    manager = PersonSerializer()
    second_reviewer = PersonSerializer(
        allow_null=True, help_text="Null: none named yet, or the regeling has no second review."
    )
    state_label = serializers.SerializerMethodField()
    phase = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    next_action = serializers.SerializerMethodField(
        help_text="The instruction to whoever acts next (`waiting_for`), the same for every reader."
    )
    next_step = serializers.SerializerMethodField(
        help_text="The next step as the reader reads it, without its date (see `due_date`); empty once done."
    )
    waiting_for = serializers.SerializerMethodField()
    overall_rating = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "cycle",
            "employee",
            "org_unit",
            "manager",
            "second_reviewer",
            "role_label",
            "state",
            "state_label",
            "phase",
            "due_date",
            "overdue",
            "next_action",
            "next_step",
            "waiting_for",
            "overall_rating",
            "needs_rebaseline",
        ]

    def to_representation(self, review) -> dict:
        data = super().to_representation(review)
        if not shape_of(review).has_second_review:  # the record shows none where the regeling has none
            data["second_reviewer"] = None
        return data

    def get_state_label(self, review) -> str:
        return str(review.get_state_display())

    def get_phase(self, review) -> str:
        return PHASE_OF_STATE[review.state]

    def get_overdue(self, review) -> bool:
        return is_overdue(review)

    def get_next_action(self, review) -> str | None:
        if owner_role_of(review) is None:  # nobody must act (done, or a signature waiting for its term)
            return None
        action = next_action(review.state, review.cycle.template_version)
        return str(action) if action else None

    def get_next_step(self, review) -> str:
        return next_step_for(review, reader_role(review, self.context["request"].user), dated=False)

    def get_waiting_for(self, review) -> str | None:
        owner = owner_role_of(review)
        return str(owner) if owner else None

    def get_overall_rating(self, review) -> str | None:
        return visible_overall_rating(review=review, user=self.context["request"].user)


class MarkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    is_next_level = serializers.BooleanField()
    mark = serializers.CharField(allow_blank=True)


class AssessmentSerializer(serializers.Serializer):  # an AssessmentRecord
    id = serializers.IntegerField()
    competency = serializers.IntegerField(source="competency_id")
    name = serializers.CharField()
    definition = serializers.CharField()
    expected_level = serializers.IntegerField(allow_null=True)
    level_summary = serializers.CharField()
    in_focus = serializers.BooleanField()
    indicators = MarkSerializer(source="marks", many=True, read_only=True)
    self_rating = serializers.CharField(allow_null=True, read_only=True)
    self_remark = serializers.CharField()
    proposed_rating = serializers.CharField(allow_null=True, read_only=True)
    rating = serializers.CharField(allow_null=True, read_only=True)
    justification = serializers.CharField(read_only=True)


class GoalHistorySerializer(serializers.Serializer):
    changed_at = serializers.DateTimeField()
    changes = serializers.DictField(
        child=serializers.ListField(max_length=2, min_length=2, allow_null=True),
        help_text="What changed: by field name, its earlier and its new value (`[old, new]`).",
    )


class GoalSerializer(serializers.ModelSerializer):  # a GoalRecord: the model's fields, masked for the reader
    self_rating = serializers.CharField(allow_null=True, read_only=True)
    rating = serializers.CharField(allow_null=True, read_only=True)
    result_note = serializers.CharField(read_only=True)
    justification = serializers.CharField(read_only=True)
    history = serializers.SerializerMethodField()

    class Meta:
        model = Goal
        fields = [
            "id",
            "title",
            "description",
            "measure",
            "weight",
            "deadline",
            "status",
            "self_rating",
            "self_remark",
            "result_note",
            "rating",
            "justification",
            "history",
        ]

    @extend_schema_field(GoalHistorySerializer(many=True))
    def get_history(self, goal) -> list[dict]:
        return [{"changed_at": change.changed_at, "changes": change.changes} for change in goal.changes]


class DevelopmentActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DevelopmentAction
        fields = ["id", "description", "competency", "due_date", "status"]


class EventSerializer(serializers.Serializer):
    """One audit event: its ``kind`` with the past-tense ``label`` the history shows, and for a change
    ``old_value`` and ``new_value`` (``{field: value}``; null otherwise). ``transition`` is the kind too
    (kept for clients that read it)."""

    kind = serializers.ChoiceField(choices=ReviewEvent.Kind.choices)
    label = serializers.CharField()
    transition = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    created_at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    payload = serializers.DictField(help_text="What the step recorded, by name (empty when hidden).")
    old_value = serializers.DictField(allow_null=True, help_text="For a change: `{field: value}` before.")
    new_value = serializers.DictField(allow_null=True, help_text="For a change: `{field: value}` after.")


class TransitionStepSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=[step.name for step in steps.STEPS])
    url = serializers.CharField()
    allowed = serializers.BooleanField()
    blocked_by = serializers.ListField(child=serializers.CharField())


class ProgressTalkSerializer(serializers.Serializer):
    talk_date = serializers.DateField()
    notes = serializers.CharField()
    acknowledged_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When the employee signed the talk's report for seen (null: not signed, or the regeling "
        "does not ask for it: `shape.talk_reports_signed`).",
    )
    acknowledged_by = serializers.SerializerMethodField(help_text="Who signed it (the employee's name).")

    def get_acknowledged_by(self, talk) -> str | None:
        return actor_name(talk.acknowledged_by) if talk.acknowledged_by_id else None


class ReviewDetailSerializer(ReviewListSerializer):
    shape = ReviewShapeSerializer(source="cycle.template_version", help_text="The cycle's regeling.")
    consequences = serializers.SerializerMethodField()
    advice = serializers.SerializerMethodField(
        help_text="The advice on the contract given with the closing talk, where the regeling has one "
        "(`shape.has_advice`); null before the talk is recorded."
    )
    goals = serializers.SerializerMethodField()
    assessments = serializers.SerializerMethodField()
    development_actions = DevelopmentActionSerializer(many=True)
    progress_talks = ProgressTalkSerializer(many=True)
    events = serializers.SerializerMethodField()
    earlier_rounds = serializers.SerializerMethodField()
    talk_answers = serializers.SerializerMethodField()
    talk_form_to_fill = serializers.SerializerMethodField(
        help_text="Whether the reader has questions to answer on the form of the talk prepared now "
        "(`talk-form/`); false when no talk is prepared, the regeling has no form for it, or none is theirs."
    )
    proposed_overall_rating = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()
    next_step = serializers.SerializerMethodField(
        help_text="The next step as the reader reads it, a sentence ending in its due date; empty once done."
    )
    available_transitions = serializers.SerializerMethodField()

    class Meta(ReviewListSerializer.Meta):
        fields = [
            *ReviewListSerializer.Meta.fields,
            "shape",
            "planning_talk_date",
            "plan_signed_at",
            "plan_signature",
            "plan_response",
            "progress_talk_count",
            "appraisal_started_at",
            "self_assessment_submitted_at",
            "self_assessment_skip_reason",
            "scores_submitted_at",
            "proposed_overall_rating",
            "overall_override_reason",
            "appraisal_talk_date",
            "appraisal_summary",
            "response_due",
            "signed_at",
            "signature",
            "employee_response",
            "objected_at",
            "objection_grounds",
            "objection_decision",
            "objection_decision_reason",
            "return_reason",
            "finalised_at",
            "closure_reason",
            "goals",
            "assessments",
            "development_actions",
            "progress_talks",
            "events",
            "earlier_rounds",
            "talk_answers",
            "talk_form_to_fill",
            "consequences",
            "advice",
            "roles",
            "available_transitions",
        ]

    def _record(self, review) -> ReviewRecord:
        """The reader's view of this review, built once per review serialised."""
        records = self.context.setdefault("records", {})
        if review.pk not in records:
            records[review.pk] = review_record(review=review, user=self.context["request"].user)
        return records[review.pk]

    def to_representation(self, review) -> dict:
        data = super().to_representation(review)
        data["overall_override_reason"] = self._record(review).overall_override_reason
        return data

    def get_overall_rating(self, review) -> str | None:
        return self._record(review).overall_rating

    @extend_schema_field(GoalSerializer(many=True))
    def get_goals(self, review) -> list[dict]:
        return GoalSerializer(self._record(review).goals, many=True).data

    @extend_schema_field(AssessmentSerializer(many=True))
    def get_assessments(self, review) -> list[dict]:
        return AssessmentSerializer(self._record(review).assessments, many=True).data

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, review) -> list[dict]:
        return EventSerializer(self._record(review).events, many=True).data

    @extend_schema_field(EarlierRoundSerializer(many=True))
    def get_earlier_rounds(self, review) -> list[dict]:
        return EarlierRoundSerializer(self._record(review).earlier_rounds, many=True).data

    @extend_schema_field(TalkAnswersSerializer(many=True))
    def get_talk_answers(self, review) -> list[dict]:
        return TalkAnswersSerializer(self._record(review).talks, many=True).data

    def get_talk_form_to_fill(self, review) -> bool:
        return talk_form_to_fill(review, self.context["request"].user)

    @extend_schema_field(ConsequencesSerializer(allow_null=True))
    def get_consequences(self, review) -> dict | None:
        consequences = self._record(review).consequences
        return ConsequencesSerializer(consequences).data if consequences is not None else None

    @extend_schema_field(AdviceSerializer(allow_null=True))
    def get_advice(self, review) -> dict | None:
        advice = self._record(review).advice
        return AdviceSerializer(advice).data if advice is not None else None

    def get_proposed_overall_rating(self, review) -> str | None:
        return self._record(review).proposed_overall_rating

    def get_roles(self, review) -> list[str]:
        return sorted(rules.roles_of(review, self.context["request"].user))

    def get_next_step(self, review) -> str:
        """The next step as the reader reads it, a sentence with its due date ("" once done);
        ``next_action`` stays the instruction to whoever acts."""
        return next_step(review, self.context["request"].user)

    @extend_schema_field(TransitionStepSerializer(many=True))
    def get_available_transitions(self, review) -> list[dict]:
        steps = available_transitions(review=review, user=self.context["request"].user)
        for step in steps:
            step["url"] = f"/api/v1/reviews/{review.pk}/{step['name'].replace('_', '-')}/"
        return TransitionStepSerializer(steps, many=True).data


def review_response(request, review: Review, status_code=status.HTTP_200_OK) -> Response:
    review = review_detail(user=request.user, pk=review.pk)
    return Response(ReviewDetailSerializer(review, context={"request": request}).data, status=status_code)


def visible_review(request, pk) -> Review:
    return get_object_or_404(reviews_visible_to(user=request.user), pk=pk)


def reason_field() -> serializers.CharField:
    return serializers.CharField(max_length=10_000)
