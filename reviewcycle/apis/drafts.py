"""Whole drafts in one request: the self-assessment, the scores, the competencies in focus.

Each view calls one batch service (one transaction: a bad entry saves nothing) and answers with the
review as the caller may see it. The per-item routes in ``content`` stay for small changes.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from reviewcycle import services
from reviewcycle.apis import ids
from reviewcycle.apis.serializers import ReviewDetailSerializer, review_response, visible_review

TEXT = 10_000


class SelfRatingDraftSerializer(serializers.Serializer):
    assessment = serializers.IntegerField(required=False, help_text=ids.ASSESSMENT)
    goal = serializers.IntegerField(required=False, help_text=ids.GOAL)
    rating = serializers.IntegerField(allow_null=True, help_text=ids.RATING_OR_NULL)
    remark = serializers.CharField(allow_blank=True, required=False, max_length=TEXT)

    def validate(self, attrs):
        if bool(attrs.get("assessment")) == bool(attrs.get("goal")):
            raise serializers.ValidationError(_("Give either an assessment or a goal."))
        return attrs


class SelfAssessmentDraftInputSerializer(serializers.Serializer):
    ratings = SelfRatingDraftSerializer(many=True)


class SelfAssessmentDraftView(APIView):
    @extend_schema(
        request=SelfAssessmentDraftInputSerializer,
        responses=ReviewDetailSerializer,
        description="The employee saves the whole self-assessment draft at once (an item left out keeps "
        "its draft); nothing is sent until `submit-self-assessment`. All or nothing.",
    )
    def put(self, request, pk):
        review = visible_review(request, pk)
        serializer = SelfAssessmentDraftInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.review_save_self_assessment_draft(
            review=review, actor=request.user, **serializer.validated_data
        )
        return review_response(request, review)


class AssessmentScoreDraftSerializer(serializers.Serializer):
    assessment = serializers.IntegerField(help_text=ids.ASSESSMENT)
    marks = serializers.DictField(
        child=serializers.ChoiceField(choices=["", "not", "partly", "fully"]),
        required=False,
        help_text=ids.INDICATOR_MARKS,
    )
    rating = serializers.IntegerField(required=False, allow_null=True, help_text=ids.RATING_OR_NULL)
    justification = serializers.CharField(allow_blank=True, required=False, max_length=TEXT)


class GoalScoreDraftSerializer(serializers.Serializer):
    goal = serializers.IntegerField(help_text=ids.GOAL)
    rating = serializers.IntegerField(required=False, allow_null=True, help_text=ids.RATING_OR_NULL)
    result_note = serializers.CharField(allow_blank=True, required=False, max_length=TEXT)
    justification = serializers.CharField(allow_blank=True, required=False, max_length=TEXT)


class ScoresDraftInputSerializer(serializers.Serializer):
    assessments = AssessmentScoreDraftSerializer(many=True, required=False)
    goals = GoalScoreDraftSerializer(many=True, required=False)


class ScoresDraftView(APIView):
    @extend_schema(
        request=ScoresDraftInputSerializer,
        responses=ReviewDetailSerializer,
        description="The manager saves the whole scoring draft at once (a field left out, or a null "
        "rating, keeps the draft's); the employee sees nothing until `submit-scores`. All or nothing.",
    )
    def put(self, request, pk):
        review = visible_review(request, pk)
        serializer = ScoresDraftInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.review_save_scores_draft(review=review, actor=request.user, **serializer.validated_data)
        return review_response(request, review)


class FocusSetInputSerializer(serializers.Serializer):
    in_focus = serializers.ListField(
        child=serializers.IntegerField(),
        help_text=f"The competency assessments in focus; every other one is out of focus. {ids.ASSESSMENT}",
    )


class FocusView(APIView):
    @extend_schema(
        request=FocusSetInputSerializer,
        responses=ReviewDetailSerializer,
        description="The manager chooses the competencies in focus in planning, all at once.",
    )
    def put(self, request, pk):
        review = visible_review(request, pk)
        serializer = FocusSetInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.review_set_focus(review=review, actor=request.user, **serializer.validated_data)
        return review_response(request, review)
