"""The review's steps: one POST endpoint per transition, run through its service."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from core.text import validate_single_line
from reviewcycle import services
from reviewcycle.apis.serializers import ReviewDetailSerializer, reason_field, review_response
from reviewcycle.models import (
    Review,
)
from reviewcycle.selectors import (
    reviews_visible_to,
)

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
    "reopen_plan": {"reason": reason_field()},
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
    "skip_self_assessment": {"reason": reason_field()},
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
    "return_to_manager": {"reason": reason_field()},
    "finalise": {},
    "decide_objection": {
        "decision": serializers.ChoiceField(choices=Review.ObjectionDecision.choices),
        "reason": reason_field(),
    },
    "reopen": {"reason": reason_field()},
    "cancel": {"reason": reason_field()},
    "exempt": {"reason": reason_field()},
}


TRANSITION_VIEWS = {name: _transition_view(name, fields) for name, fields in TRANSITION_INPUTS.items()}
