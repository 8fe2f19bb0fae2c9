"""HR's changes to a running review: another manager, another second reviewer, a new baseline."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from people.models import Employee
from reviewcycle import services
from reviewcycle.apis import ids
from reviewcycle.apis.serializers import ReviewDetailSerializer, reason_field, review_response, visible_review

# --- HR changes to a running review --------------------------------------------------------


class ReassignInputSerializer(serializers.Serializer):
    manager = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.filter(active=True), help_text=ids.PERSON_TO_NAME
    )
    second_reviewer = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.filter(active=True),
        required=False,
        allow_null=True,
        help_text=ids.PERSON_TO_NAME,
    )
    reason = serializers.CharField(allow_blank=True, required=False, max_length=10_000)


class ReassignView(APIView):
    @extend_schema(request=ReassignInputSerializer, responses=ReviewDetailSerializer)
    def post(self, request, pk):
        review = visible_review(request, pk)
        serializer = ReassignInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.review_reassign_manager(review=review, actor=request.user, **serializer.validated_data)
        return review_response(request, review)


class SecondReviewerInputSerializer(serializers.Serializer):
    second_reviewer = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.filter(active=True), help_text=ids.PERSON_TO_NAME
    )
    reason = serializers.CharField(allow_blank=True, required=False, max_length=10_000)


class SecondReviewerView(APIView):
    @extend_schema(request=SecondReviewerInputSerializer, responses=ReviewDetailSerializer)
    def post(self, request, pk):
        review = visible_review(request, pk)
        serializer = SecondReviewerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.review_set_second_reviewer(review=review, actor=request.user, **serializer.validated_data)
        return review_response(request, review)


class RebaselineInputSerializer(serializers.Serializer):
    reason = reason_field()


class RebaselineView(APIView):
    @extend_schema(request=RebaselineInputSerializer, responses=ReviewDetailSerializer)
    def post(self, request, pk):
        review = visible_review(request, pk)
        serializer = RebaselineInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.review_rebaseline(review=review, actor=request.user, **serializer.validated_data)
        return review_response(request, review)
