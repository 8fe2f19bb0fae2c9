"""A review's content between steps: goals, self-ratings, scores, focus, the development plan."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.text import validate_single_line
from reviewcycle import services
from reviewcycle.apis import ids
from reviewcycle.apis.serializers import (
    DevelopmentActionSerializer,
    GoalSerializer,
    ReviewDetailSerializer,
    review_response,
    visible_review,
)
from reviewcycle.models import (
    CompetencyAssessment,
    DevelopmentAction,
    Goal,
)
from reviewcycle.record import GoalRecord, review_record
from reviewcycle.selectors import review_detail
from reviewcycle.services.inputs import NAMED_TWICE

# --- nested content ------------------------------------------------------------------------


class GoalInputSerializer(serializers.Serializer):
    # Required for a new goal (the schema says so); a PATCH is partial and may leave it out.
    title = serializers.CharField(max_length=300, validators=[validate_single_line])
    description = serializers.CharField(allow_blank=True, required=False, max_length=10_000)
    measure = serializers.CharField(allow_blank=True, required=False, max_length=10_000)
    weight = serializers.IntegerField(min_value=0, max_value=100, allow_null=True, required=False)
    deadline = serializers.DateField(allow_null=True, required=False)
    withdrawn = serializers.BooleanField(required=False)


def _goal_record(request, goal: Goal) -> GoalRecord:
    """The goal as the caller sees it, from the one view of the record."""
    review = review_detail(user=request.user, pk=goal.review_id)
    return review_record(review=review, user=request.user).goal(goal.pk)


class GoalListView(APIView):
    @extend_schema(request=GoalInputSerializer, responses={201: GoalSerializer})
    def post(self, request, pk):
        review = visible_review(request, pk)
        serializer = GoalInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {key: value for key, value in serializer.validated_data.items() if key != "withdrawn"}
        goal = services.goal_create(review=review, actor=request.user, **data)
        return Response(GoalSerializer(_goal_record(request, goal)).data, status=status.HTTP_201_CREATED)


class GoalDetailView(APIView):
    @extend_schema(request=GoalInputSerializer, responses=GoalSerializer)
    def patch(self, request, pk, goal_id):
        review = visible_review(request, pk)
        goal = get_object_or_404(Goal, pk=goal_id, review=review)
        serializer = GoalInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        goal = services.goal_update(goal=goal, actor=request.user, **serializer.validated_data)
        return Response(GoalSerializer(_goal_record(request, goal)).data)


class GoalWeightSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=ids.GOAL)
    weight = serializers.IntegerField(min_value=0, max_value=100, allow_null=True)


class GoalWeightsInputSerializer(serializers.Serializer):
    weights = GoalWeightSerializer(many=True, allow_empty=False)

    def validate_weights(self, value):
        ids = [entry["id"] for entry in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(NAMED_TWICE)
        return value


class GoalWeightsView(APIView):
    """PUT /api/v1/reviews/{id}/goal-weights/ — the weights of several goals at once (``goal_weights_update``):
    after planning they must keep the goal-weight rule (409 naming it)."""

    @extend_schema(
        request=GoalWeightsInputSerializer,
        responses=ReviewDetailSerializer,
        operation_id="reviews_goal_weights",
    )
    def put(self, request, pk):
        review = visible_review(request, pk)
        serializer = GoalWeightsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        weights = {entry["id"]: entry["weight"] for entry in serializer.validated_data["weights"]}
        services.goal_weights_update(review=review, actor=request.user, weights=weights)
        return review_response(request, review)


class SelfRatingInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(allow_null=True, help_text=ids.RATING_OR_NULL)
    remark = serializers.CharField(allow_blank=True, required=False, max_length=10_000)


class GoalSelfAssessmentView(APIView):
    @extend_schema(request=SelfRatingInputSerializer, responses=None)
    def put(self, request, pk, goal_id):
        review = visible_review(request, pk)
        goal = get_object_or_404(Goal, pk=goal_id, review=review)
        serializer = SelfRatingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.self_rating_save(review=review, actor=request.user, target=goal, **serializer.validated_data)
        return review_response(request, review)


class GoalScoreInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(required=False, allow_null=True, help_text=ids.RATING_OR_NULL)
    result_note = serializers.CharField(allow_blank=True, required=False, max_length=10_000)
    justification = serializers.CharField(allow_blank=True, required=False, max_length=10_000)


class GoalScoreView(APIView):
    @extend_schema(request=GoalScoreInputSerializer, responses=ReviewDetailSerializer)
    def put(self, request, pk, goal_id):
        review = visible_review(request, pk)
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
        review = visible_review(request, pk)
        assessment = get_object_or_404(CompetencyAssessment, pk=assessment_id, review=review)
        serializer = FocusInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.assessment_set_focus(assessment=assessment, actor=request.user, **serializer.validated_data)
        return review_response(request, review)


class AssessmentSelfAssessmentView(APIView):
    @extend_schema(request=SelfRatingInputSerializer, responses=ReviewDetailSerializer)
    def put(self, request, pk, assessment_id):
        review = visible_review(request, pk)
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
        help_text=ids.INDICATOR_MARKS,
    )
    rating = serializers.IntegerField(required=False, allow_null=True, help_text=ids.RATING_OR_NULL)
    justification = serializers.CharField(allow_blank=True, required=False, max_length=10_000)


class AssessmentScoreView(APIView):
    @extend_schema(request=AssessmentScoreInputSerializer, responses=ReviewDetailSerializer)
    def put(self, request, pk, assessment_id):
        review = visible_review(request, pk)
        assessment = get_object_or_404(CompetencyAssessment, pk=assessment_id, review=review)
        serializer = AssessmentScoreInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.assessment_score(assessment=assessment, actor=request.user, **serializer.validated_data)
        return review_response(request, review)


class DevelopmentActionInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=10_000)  # required on create; a PATCH is partial
    competency = serializers.IntegerField(allow_null=True, required=False, help_text=ids.COMPETENCY)
    due_date = serializers.DateField(allow_null=True, required=False)
    status = serializers.ChoiceField(choices=DevelopmentAction.Status.choices, required=False)


class DevelopmentActionListView(APIView):
    @extend_schema(request=DevelopmentActionInputSerializer, responses={201: DevelopmentActionSerializer})
    def post(self, request, pk):
        review = visible_review(request, pk)
        serializer = DevelopmentActionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        action = services.development_action_save(
            review=review, actor=request.user, **serializer.validated_data
        )
        return Response(DevelopmentActionSerializer(action).data, status=status.HTTP_201_CREATED)


class DevelopmentActionDetailView(APIView):
    @extend_schema(request=DevelopmentActionInputSerializer, responses=DevelopmentActionSerializer)
    def patch(self, request, pk, action_id):
        review = visible_review(request, pk)
        action = get_object_or_404(DevelopmentAction, pk=action_id, review=review)
        serializer = DevelopmentActionInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        action = services.development_action_save(
            review=review, actor=request.user, action=action, **serializer.validated_data
        )
        return Response(DevelopmentActionSerializer(action).data)
