"""REST API for cycles and reviews: read-only viewsets on selectors, one small view per write."""

import django_filters
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from core.query import BooleanFilter, IdFilter, StrictFilterSet
from core.text import validate_single_line
from frameworks.models import FrameworkVersion, RatingScale
from people.models import Employee, OrgUnit
from people.selectors import hr_org_units, org_units_below
from reviewcycle import rules, services
from reviewcycle.models import (
    CYCLE_SETTINGS,
    CompetencyAssessment,
    DevelopmentAction,
    Goal,
    Review,
    ReviewCycle,
)
from reviewcycle.scoring import assessment_proposal, overall_proposal, scale_of
from reviewcycle.selectors import (
    available_transitions,
    cycle_for_hr,
    cycle_progress,
    cycles_visible_to,
    manager_scores_for,
    review_detail,
    review_list,
    reviews_visible_to,
)
from reviewcycle.workflow import NEXT_ACTION, PHASE_OF_STATE, STATE_OWNER, is_overdue, overdue_q

# --- output ----------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    employee_number = serializers.CharField()


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def _label(option):
    return option.label if option is not None else None


class ReviewListSerializer(serializers.ModelSerializer):
    cycle = NamedSerializer()
    employee = PersonSerializer()
    org_unit = NamedSerializer()
    manager = PersonSerializer()
    second_reviewer = PersonSerializer(allow_null=True)
    state_label = serializers.SerializerMethodField()
    phase = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    next_action = serializers.SerializerMethodField()
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
            "waiting_for",
            "overall_rating",
            "needs_rebaseline",
        ]

    def get_state_label(self, review) -> str:
        return str(review.get_state_display())

    def get_phase(self, review) -> str:
        return PHASE_OF_STATE[review.state]

    def get_overdue(self, review) -> bool:
        return is_overdue(review)

    def get_next_action(self, review) -> str | None:
        action = NEXT_ACTION.get(review.state)
        return str(action) if action else None

    def get_waiting_for(self, review) -> str | None:
        owner = STATE_OWNER.get(review.state)
        return str(owner) if owner else None

    def get_overall_rating(self, review) -> str | None:
        scores = manager_scores_for(review=review, user=self.context["request"].user)
        return _label(scores.of(review, "overall_rating"))


class MarkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    is_next_level = serializers.BooleanField()
    mark = serializers.CharField(allow_blank=True)


class AssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    competency = serializers.IntegerField(source="competency_id")
    name = serializers.CharField()
    definition = serializers.CharField()
    expected_level = serializers.IntegerField(allow_null=True)
    level_summary = serializers.CharField()
    in_focus = serializers.BooleanField()
    indicators = serializers.SerializerMethodField()
    self_rating = serializers.SerializerMethodField()
    self_remark = serializers.CharField()
    proposed_rating = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()
    justification = serializers.SerializerMethodField()

    def get_indicators(self, item) -> list[dict]:
        scores = self.context["scores"]
        return [
            {"id": m.id, "text": m.text, "is_next_level": m.is_next_level, "mark": scores.of(m, "mark")}
            for m in item.marks.all()
        ]

    def get_self_rating(self, item) -> str | None:
        return _label(item.self_rating)

    def get_proposed_rating(self, item) -> str | None:
        if not self.context["scores"].visible:  # made from the marks, so hidden with them
            return None
        proposal = assessment_proposal(item, self.context["scale"])
        return proposal.label if proposal else None

    def get_rating(self, item) -> str | None:
        return _label(self.context["scores"].of(item, "rating"))

    def get_justification(self, item) -> str:
        return self.context["scores"].of(item, "justification")


class GoalSerializer(serializers.ModelSerializer):
    self_rating = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()
    result_note = serializers.SerializerMethodField()
    justification = serializers.SerializerMethodField()
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

    def get_self_rating(self, goal) -> str | None:
        return _label(goal.self_rating)

    def get_rating(self, goal) -> str | None:
        return _label(self.context["scores"].of(goal, "rating"))

    def get_result_note(self, goal) -> str:
        return self.context["scores"].of(goal, "result_note")

    def get_justification(self, goal) -> str:
        return self.context["scores"].of(goal, "justification")

    def get_history(self, goal) -> list[dict]:
        return [{"changed_at": change.changed_at, "changes": change.changes} for change in goal.changes.all()]


class DevelopmentActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DevelopmentAction
        fields = ["id", "description", "competency", "due_date", "status"]


class EventSerializer(serializers.Serializer):
    transition = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    created_at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    payload = serializers.JSONField()


class TransitionStepSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.CharField()
    allowed = serializers.BooleanField()
    blocked_by = serializers.ListField(child=serializers.CharField())


class ProgressTalkSerializer(serializers.Serializer):
    talk_date = serializers.DateField()
    notes = serializers.CharField()


class ReviewDetailSerializer(ReviewListSerializer):
    goals = serializers.SerializerMethodField()
    assessments = serializers.SerializerMethodField()
    development_actions = DevelopmentActionSerializer(many=True)
    progress_talks = ProgressTalkSerializer(many=True)
    events = serializers.SerializerMethodField()
    proposed_overall_rating = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()
    available_transitions = serializers.SerializerMethodField()

    class Meta(ReviewListSerializer.Meta):
        fields = [
            *ReviewListSerializer.Meta.fields,
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
            "roles",
            "available_transitions",
        ]

    def _child_context(self, review) -> dict:
        return {**self.context, "scores": self._scores(review), "scale": scale_of(review)}

    def _scores(self, review):
        return manager_scores_for(review=review, user=self.context["request"].user)

    def to_representation(self, review) -> dict:
        data = super().to_representation(review)
        data["overall_override_reason"] = self._scores(review).of(review, "overall_override_reason")
        return data

    def get_goals(self, review) -> list[dict]:
        return GoalSerializer(review.goals.all(), many=True, context=self._child_context(review)).data

    def get_assessments(self, review) -> list[dict]:
        return AssessmentSerializer(
            review.assessments.all(), many=True, context=self._child_context(review)
        ).data

    def get_events(self, review) -> list[dict]:
        return EventSerializer(review.events.all(), many=True).data

    def get_proposed_overall_rating(self, review) -> str | None:
        if not self._scores(review).visible:
            return None
        proposal = overall_proposal(review)
        return proposal.label if proposal else None

    def get_roles(self, review) -> list[str]:
        return sorted(rules.roles_of(review, self.context["request"].user))

    def get_available_transitions(self, review) -> list[dict]:
        steps = available_transitions(review=review, user=self.context["request"].user)
        for step in steps:
            step["url"] = f"/api/v1/reviews/{review.pk}/{step['name'].replace('_', '-')}/"
        return TransitionStepSerializer(steps, many=True).data


def review_response(request, review: Review, status_code=status.HTTP_200_OK) -> Response:
    review = review_detail(user=request.user, pk=review.pk)
    return Response(ReviewDetailSerializer(review, context={"request": request}).data, status=status_code)


# --- reading ---------------------------------------------------------------------------


class ReviewFilter(StrictFilterSet):
    cycle = IdFilter(field_name="cycle_id")
    state = django_filters.MultipleChoiceFilter(choices=Review.State.choices)
    org_unit = IdFilter(method="filter_org_unit", label="Organisation unit (and the units below)")
    manager = IdFilter(field_name="manager_id", label="Manager (employee id)")
    overdue = BooleanFilter(method="filter_overdue")
    role = django_filters.ChoiceFilter(
        choices=[(role.value, role.value) for role in rules.Role],
        method="filter_role",
        label="Only the reviews where I act in this role",
    )

    class Meta:
        model = Review
        fields = ["cycle", "state", "org_unit", "manager", "overdue", "role"]

    def filter_role(self, queryset, name, value):
        user = self.request.user
        if value == rules.Role.EMPLOYEE:
            return queryset.filter(employee__user=user)
        mine = queryset.exclude(employee__user=user)
        if value == rules.Role.MANAGER:
            return mine.filter(manager__user=user)
        if value == rules.Role.SECOND_REVIEWER:
            return mine.filter(second_reviewer__user=user)
        return mine.filter(employee__org_unit__in=hr_org_units(user=user))

    def filter_org_unit(self, queryset, name, value):
        return queryset.filter(org_unit__in=org_units_below(org_units=[int(value)]))

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())


class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]{1,18}"  # an absurd id is a 404, not a database overflow
    serializer_class = ReviewListSerializer
    filterset_class = ReviewFilter

    def get_queryset(self):
        return review_list(user=self.request.user)

    @extend_schema(responses=ReviewDetailSerializer)
    def retrieve(self, request, pk=None):
        try:
            review = review_detail(user=request.user, pk=pk)
        except (Review.DoesNotExist, ValueError):
            raise NotFound from None
        services.review_log_access(review=review, user=request.user, via="api")
        return Response(ReviewDetailSerializer(review, context={"request": request}).data)


# --- transitions: one endpoint each ------------------------------------------------------


class ReviewTransitionView(APIView):
    """POST /api/v1/reviews/{id}/<transition>/ — runs one transition through its service."""

    transition: str = ""

    class InputSerializer(serializers.Serializer):
        pass

    def post(self, request, pk):
        review = get_object_or_404(reviews_visible_to(user=request.user), pk=pk)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = services.TRANSITION_SERVICES[self.transition](
            review=review, actor=request.user, **serializer.validated_data
        )
        return review_response(request, review)

    def get_serializer(self, *args, **kwargs):  # for the schema generator
        return self.InputSerializer(*args, **kwargs)


def _transition_view(name: str, fields: dict) -> type[ReviewTransitionView]:
    camel = name.title().replace("_", "")
    input_serializer = type(f"{camel}Input", (serializers.Serializer,), dict(fields))

    @extend_schema(
        request=input_serializer,
        responses=ReviewDetailSerializer,
        operation_id=f"reviews_{name}",
        summary=f"Transition {name}",
    )
    def post(self, request, pk):
        return ReviewTransitionView.post(self, request, pk)

    return type(
        f"{camel}View",
        (ReviewTransitionView,),
        {"transition": name, "InputSerializer": input_serializer, "post": post},
    )


def _reason() -> serializers.CharField:
    return serializers.CharField(max_length=10_000)


def _signature() -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=[Review.Signature.SEEN, Review.Signature.AGREED])


class GoalChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(max_length=300, required=False, validators=[validate_single_line])
    description = serializers.CharField(allow_blank=True, required=False)
    measure = serializers.CharField(allow_blank=True, required=False)
    weight = serializers.IntegerField(min_value=0, max_value=100, allow_null=True, required=False)
    deadline = serializers.DateField(allow_null=True, required=False)
    withdraw = serializers.BooleanField(required=False)


class SelfRatingEntrySerializer(serializers.Serializer):
    assessment = serializers.IntegerField(required=False)
    goal = serializers.IntegerField(required=False)
    rating = serializers.IntegerField()
    remark = serializers.CharField(allow_blank=True, required=False, max_length=10_000)

    def validate(self, attrs):
        if bool(attrs.get("assessment")) == bool(attrs.get("goal")):
            raise serializers.ValidationError("Give either an assessment or a goal.")
        return attrs


TRANSITION_INPUTS = {
    "record_planning_talk": {"talk_date": serializers.DateField()},
    "reopen_plan": {"reason": _reason()},
    "sign_plan": {
        "signature": _signature(),
        "response": serializers.CharField(allow_blank=True, required=False, max_length=10_000),
    },
    "record_progress_talk": {
        "talk_date": serializers.DateField(),
        "notes": serializers.CharField(max_length=10_000),
        "goal_changes": GoalChangeSerializer(many=True, required=False),
    },
    "start_appraisal": {},
    "submit_self_assessment": {"ratings": SelfRatingEntrySerializer(many=True, required=False)},
    "skip_self_assessment": {"reason": _reason()},
    "submit_scores": {
        "overall_rating": serializers.IntegerField(required=False, allow_null=True),
        "override_reason": serializers.CharField(allow_blank=True, required=False, max_length=10_000),
    },
    "record_appraisal_talk": {
        "talk_date": serializers.DateField(),
        "summary": serializers.CharField(max_length=10_000),
    },
    "sign": {
        "signature": _signature(),
        "response": serializers.CharField(allow_blank=True, required=False, max_length=10_000),
    },
    "object": {"grounds": serializers.CharField(max_length=10_000)},
    "expire_response": {},
    "return_to_manager": {"reason": _reason()},
    "finalise": {},
    "decide_objection": {
        "decision": serializers.ChoiceField(choices=Review.ObjectionDecision.choices),
        "reason": _reason(),
    },
    "reopen": {"reason": _reason()},
    "cancel": {"reason": _reason()},
    "exempt": {"reason": _reason()},
}


TRANSITION_VIEWS = {name: _transition_view(name, fields) for name, fields in TRANSITION_INPUTS.items()}


# --- nested content ------------------------------------------------------------------------


def _visible_review(request, pk) -> Review:
    return get_object_or_404(reviews_visible_to(user=request.user), pk=pk)


class GoalInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False, validators=[validate_single_line])
    description = serializers.CharField(allow_blank=True, required=False, max_length=10_000)
    measure = serializers.CharField(allow_blank=True, required=False, max_length=10_000)
    weight = serializers.IntegerField(min_value=0, max_value=100, allow_null=True, required=False)
    deadline = serializers.DateField(allow_null=True, required=False)
    withdrawn = serializers.BooleanField(required=False)


class GoalListView(APIView):
    @extend_schema(request=GoalInputSerializer, responses={201: GoalSerializer})
    def post(self, request, pk):
        review = _visible_review(request, pk)
        serializer = GoalInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {key: value for key, value in serializer.validated_data.items() if key != "withdrawn"}
        goal = services.goal_create(review=review, actor=request.user, **data)
        scores = manager_scores_for(review=review, user=request.user)
        return Response(GoalSerializer(goal, context={"scores": scores}).data, status=status.HTTP_201_CREATED)


class GoalDetailView(APIView):
    @extend_schema(request=GoalInputSerializer, responses=GoalSerializer)
    def patch(self, request, pk, goal_id):
        review = _visible_review(request, pk)
        goal = get_object_or_404(Goal, pk=goal_id, review=review)
        serializer = GoalInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        goal = services.goal_update(goal=goal, actor=request.user, **serializer.validated_data)
        return Response(
            GoalSerializer(
                goal, context={"scores": manager_scores_for(review=review, user=request.user)}
            ).data
        )


class SelfRatingInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(allow_null=True)
    remark = serializers.CharField(allow_blank=True, required=False, max_length=10_000)


class GoalSelfAssessmentView(APIView):
    @extend_schema(request=SelfRatingInputSerializer, responses=None)
    def put(self, request, pk, goal_id):
        review = _visible_review(request, pk)
        goal = get_object_or_404(Goal, pk=goal_id, review=review)
        serializer = SelfRatingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.self_rating_save(review=review, actor=request.user, target=goal, **serializer.validated_data)
        return review_response(request, review)


class GoalScoreInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(required=False, allow_null=True)
    result_note = serializers.CharField(allow_blank=True, required=False, max_length=10_000)
    justification = serializers.CharField(allow_blank=True, required=False, max_length=10_000)


class GoalScoreView(APIView):
    @extend_schema(request=GoalScoreInputSerializer, responses=ReviewDetailSerializer)
    def put(self, request, pk, goal_id):
        review = _visible_review(request, pk)
        goal = get_object_or_404(Goal, pk=goal_id, review=review)
        serializer = GoalScoreInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.goal_score(goal=goal, actor=request.user, **serializer.validated_data)
        return review_response(request, review)


class FocusInputSerializer(serializers.Serializer):
    in_focus = serializers.BooleanField()


class AssessmentFocusView(APIView):
    @extend_schema(request=FocusInputSerializer, responses=ReviewDetailSerializer)
    def patch(self, request, pk, assessment_id):
        review = _visible_review(request, pk)
        assessment = get_object_or_404(CompetencyAssessment, pk=assessment_id, review=review)
        serializer = FocusInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.assessment_set_focus(assessment=assessment, actor=request.user, **serializer.validated_data)
        return review_response(request, review)


class AssessmentSelfAssessmentView(APIView):
    @extend_schema(request=SelfRatingInputSerializer, responses=ReviewDetailSerializer)
    def put(self, request, pk, assessment_id):
        review = _visible_review(request, pk)
        assessment = get_object_or_404(CompetencyAssessment, pk=assessment_id, review=review)
        serializer = SelfRatingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.self_rating_save(
            review=review, actor=request.user, target=assessment, **serializer.validated_data
        )
        return review_response(request, review)


class AssessmentScoreInputSerializer(serializers.Serializer):
    marks = serializers.DictField(
        child=serializers.ChoiceField(choices=["", "not", "partly", "fully"]),
        required=False,
        help_text="Indicator id → not / partly / fully (next-level indicators: fully = shown, empty = not).",
    )
    rating = serializers.IntegerField(required=False, allow_null=True)
    justification = serializers.CharField(allow_blank=True, required=False, max_length=10_000)


class AssessmentScoreView(APIView):
    @extend_schema(request=AssessmentScoreInputSerializer, responses=ReviewDetailSerializer)
    def put(self, request, pk, assessment_id):
        review = _visible_review(request, pk)
        assessment = get_object_or_404(CompetencyAssessment, pk=assessment_id, review=review)
        serializer = AssessmentScoreInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.assessment_score(assessment=assessment, actor=request.user, **serializer.validated_data)
        return review_response(request, review)


class DevelopmentActionInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=10_000, required=False)
    competency = serializers.IntegerField(allow_null=True, required=False)
    due_date = serializers.DateField(allow_null=True, required=False)
    status = serializers.ChoiceField(choices=DevelopmentAction.Status.choices, required=False)


class DevelopmentActionListView(APIView):
    @extend_schema(request=DevelopmentActionInputSerializer, responses={201: DevelopmentActionSerializer})
    def post(self, request, pk):
        review = _visible_review(request, pk)
        serializer = DevelopmentActionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        action = services.development_action_save(
            review=review, actor=request.user, **serializer.validated_data
        )
        return Response(DevelopmentActionSerializer(action).data, status=status.HTTP_201_CREATED)


class DevelopmentActionDetailView(APIView):
    @extend_schema(request=DevelopmentActionInputSerializer, responses=DevelopmentActionSerializer)
    def patch(self, request, pk, action_id):
        review = _visible_review(request, pk)
        action = get_object_or_404(DevelopmentAction, pk=action_id, review=review)
        serializer = DevelopmentActionInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        action = services.development_action_save(
            review=review, actor=request.user, action=action, **serializer.validated_data
        )
        return Response(DevelopmentActionSerializer(action).data)


# --- HR changes to a running review --------------------------------------------------------


class ReassignInputSerializer(serializers.Serializer):
    manager = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.filter(active=True))
    second_reviewer = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.filter(active=True), required=False, allow_null=True
    )
    reason = serializers.CharField(allow_blank=True, required=False, max_length=10_000)


class ReassignView(APIView):
    @extend_schema(request=ReassignInputSerializer, responses=ReviewDetailSerializer)
    def post(self, request, pk):
        review = _visible_review(request, pk)
        serializer = ReassignInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.review_reassign_manager(review=review, actor=request.user, **serializer.validated_data)
        return review_response(request, review)


class SecondReviewerInputSerializer(serializers.Serializer):
    second_reviewer = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.filter(active=True))
    reason = serializers.CharField(allow_blank=True, required=False, max_length=10_000)


class SecondReviewerView(APIView):
    @extend_schema(request=SecondReviewerInputSerializer, responses=ReviewDetailSerializer)
    def post(self, request, pk):
        review = _visible_review(request, pk)
        serializer = SecondReviewerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.review_set_second_reviewer(review=review, actor=request.user, **serializer.validated_data)
        return review_response(request, review)


class RebaselineInputSerializer(serializers.Serializer):
    reason = _reason()


class RebaselineView(APIView):
    @extend_schema(request=RebaselineInputSerializer, responses=ReviewDetailSerializer)
    def post(self, request, pk):
        review = _visible_review(request, pk)
        serializer = RebaselineInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.review_rebaseline(review=review, actor=request.user, **serializer.validated_data)
        return review_response(request, review)


# --- cycles -------------------------------------------------------------------------------


class CycleSerializer(serializers.ModelSerializer):
    scope = serializers.PrimaryKeyRelatedField(many=True, queryset=OrgUnit.objects.all())
    framework_version = serializers.PrimaryKeyRelatedField(
        queryset=FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED)
    )
    rating_scale = serializers.SlugRelatedField(slug_field="slug", queryset=RatingScale.objects.all())

    class Meta:
        model = ReviewCycle
        fields = [
            "id",
            *CYCLE_SETTINGS,
            "state",
            "opened_at",
            "closed_at",
            "force_close_reason",
        ]
        read_only_fields = ["state", "opened_at", "closed_at", "force_close_reason"]
        validators = []  # the service validates (one place), including the constraints


class CycleViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]{1,18}"  # an absurd id is a 404, not a database overflow
    serializer_class = CycleSerializer

    def get_queryset(self):
        return cycles_visible_to(user=self.request.user).prefetch_related("scope")

    @extend_schema(request=CycleSerializer, responses={201: CycleSerializer})
    def create(self, request):
        serializer = CycleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        cycle = services.cycle_create(actor=request.user, **data)
        return Response(CycleSerializer(cycle).data, status=status.HTTP_201_CREATED)


class CycleOpenReportSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    without_manager = serializers.ListField(child=serializers.CharField())
    without_expected_profile = serializers.ListField(child=serializers.CharField())
    without_second_reviewer = serializers.ListField(child=serializers.CharField())


class CycleOpeningSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["idle", "queued", "running", "failed", "done"])
    done = serializers.IntegerField(required=False)
    total = serializers.IntegerField(required=False)
    error = serializers.CharField(required=False)
    report = CycleOpenReportSerializer(required=False)


class CycleOpenView(APIView):
    @extend_schema(
        request=None,
        responses={200: CycleOpenReportSerializer, 202: CycleOpeningSerializer},
        description=(
            "Opens a small cycle at once (200, the report). A cycle with many employees in scope "
            "opens in the background (202); follow it at `/cycles/{id}/opening/`."
        ),
    )
    def post(self, request, pk):
        cycle = get_object_or_404(cycles_visible_to(user=request.user), pk=pk)
        started = services.cycle_open_start(cycle=cycle, actor=request.user)
        if started["status"] == "done":
            return Response(started["report"])
        return Response(started, status=status.HTTP_202_ACCEPTED)


class CycleOpeningView(APIView):
    @extend_schema(responses=CycleOpeningSerializer)
    def get(self, request, pk):
        try:
            cycle = cycle_for_hr(user=request.user, pk=pk)
        except ReviewCycle.DoesNotExist:
            raise Http404 from None
        return Response(services.cycle_open_progress(cycle=cycle))


class CycleCloseInputSerializer(serializers.Serializer):
    force_reason = serializers.CharField(allow_blank=True, required=False, max_length=10_000)


class CycleCloseView(APIView):
    @extend_schema(request=CycleCloseInputSerializer, responses=CycleSerializer)
    def post(self, request, pk):
        cycle = get_object_or_404(cycles_visible_to(user=request.user), pk=pk)
        serializer = CycleCloseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cycle = services.cycle_close(cycle=cycle, actor=request.user, **serializer.validated_data)
        return Response(CycleSerializer(cycle).data)


ProgressSerializer = inline_serializer(
    "CycleProgress",
    {
        "cycle": serializers.IntegerField(),
        "total": serializers.IntegerField(),
        "counted": serializers.IntegerField(),
        "done": serializers.IntegerField(),
        "percent_done": serializers.FloatField(),
        "overdue": serializers.IntegerField(),
        "states": serializers.DictField(child=serializers.IntegerField()),
        "org_units": serializers.ListField(child=serializers.DictField()),
    },
)


class CycleProgressView(APIView):
    @extend_schema(responses=ProgressSerializer)
    def get(self, request, pk):
        cycle = get_object_or_404(cycles_visible_to(user=request.user), pk=pk)
        return Response(cycle_progress(cycle=cycle, user=request.user))
