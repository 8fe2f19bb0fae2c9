"""The review's steps: one POST endpoint per step of ``reviewcycle.steps``, run through its service.

Each step has a named input serializer (``<Step>Input``) and a named view (``<Step>View``);
``config/api_router.py`` routes every step of ``steps.STEPS`` to its view by ``Step.view_name``.
"""

from django.shortcuts import get_object_or_404
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from core.text import validate_single_line
from reviewcycle import steps
from reviewcycle.apis import ids
from reviewcycle.apis.serializers import ReviewDetailSerializer, reason_field, review_response
from reviewcycle.models import ConsequenceKind, Review
from reviewcycle.selectors import reviews_visible_to

# --- what each step takes --------------------------------------------------------------------------


def _text_field(**kwargs) -> serializers.CharField:
    return serializers.CharField(max_length=10_000, **kwargs)


class NoInput(serializers.Serializer):
    pass


class ReasonInput(serializers.Serializer):
    reason = reason_field()


class SignatureInput(serializers.Serializer):
    signature = serializers.ChoiceField(choices=[Review.Signature.SEEN, Review.Signature.AGREED])
    response = _text_field(allow_blank=True, required=False)


class GoalChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=ids.GOAL)
    title = serializers.CharField(max_length=300, required=False, validators=[validate_single_line])
    description = serializers.CharField(allow_blank=True, required=False)
    measure = serializers.CharField(allow_blank=True, required=False)
    weight = serializers.IntegerField(min_value=0, max_value=100, allow_null=True, required=False)
    deadline = serializers.DateField(allow_null=True, required=False)
    withdraw = serializers.BooleanField(required=False)


class SelfRatingEntrySerializer(serializers.Serializer):
    assessment = serializers.IntegerField(required=False, help_text=ids.ASSESSMENT)
    goal = serializers.IntegerField(required=False, help_text=ids.GOAL)
    rating = serializers.IntegerField(help_text=ids.RATING)
    remark = serializers.CharField(allow_blank=True, required=False, max_length=10_000)

    def validate(self, attrs):
        if bool(attrs.get("assessment")) == bool(attrs.get("goal")):
            raise serializers.ValidationError(_("Give either an assessment or a goal."))
        return attrs


class RecordPlanningTalkInput(serializers.Serializer):
    talk_date = serializers.DateField()


class ReopenPlanInput(ReasonInput):
    pass


class SignPlanInput(SignatureInput):
    pass


class RecordProgressTalkInput(serializers.Serializer):
    talk_date = serializers.DateField()
    notes = _text_field()
    goal_changes = GoalChangeSerializer(many=True, required=False)


class AcknowledgeTalkInput(serializers.Serializer):
    occurrence = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=100,
        help_text="Which progress talk's report (1 for the first recorded); left out: the oldest unsigned one.",
    )


class StartAppraisalInput(NoInput):
    pass


class CompleteTalksInput(NoInput):
    pass


class SubmitSelfAssessmentInput(serializers.Serializer):
    ratings = SelfRatingEntrySerializer(many=True, required=False)


class SkipSelfAssessmentInput(ReasonInput):
    pass


class ConsequenceInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ConsequenceKind.choices)
    amount = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        help_text="Only for a one-off bonus: the amount in euros (optional).",
    )
    note = serializers.CharField(max_length=500, allow_blank=True, required=False)


def _consequences_field(help_text: str) -> ConsequenceInput:
    return ConsequenceInput(many=True, required=False, allow_null=True, help_text=help_text)


class SubmitScoresInput(serializers.Serializer):
    overall_rating = serializers.IntegerField(
        required=False, allow_null=True, help_text=f"{ids.RATING} Null or left out: the proposal."
    )
    override_reason = _text_field(allow_blank=True, required=False)
    consequences = _consequences_field(
        "The consequences the manager proposes, of the kinds the cycle's regeling allows. Null or left "
        "out: the regeling's default for the overall rating (or what an upheld objection decided)."
    )
    consequences_reason = _text_field(
        allow_blank=True,
        required=False,
        help_text="Required when `consequences` differ from the default: 400 on this field otherwise.",
    )


class RecordAppraisalTalkInput(serializers.Serializer):
    talk_date = serializers.DateField()
    summary = _text_field()
    advice = serializers.ChoiceField(
        choices=Review.ContractAdvice.choices,
        required=False,
        allow_blank=True,
        help_text="The advice on the contract: required where the review's regeling has one (`has_advice`, "
        "probation), refused elsewhere (400).",
    )
    advice_explanation = _text_field(
        required=False, allow_blank=True, help_text="Why this advice (optional; only with `advice`)."
    )


class SignInput(SignatureInput):
    pass


class ObjectInput(serializers.Serializer):
    grounds = _text_field()


class ExpireResponseInput(NoInput):
    pass


class ReturnToManagerInput(ReasonInput):
    pass


class FinaliseInput(NoInput):
    pass


class DecideObjectionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Review.ObjectionDecision.choices)
    reason = reason_field()
    consequences = _consequences_field(
        "Only with `upheld`: the consequences as the decision changes them (the manager's next proposal "
        "starts from them). Left out: unchanged."
    )


class ReopenInput(ReasonInput):
    pass


class CancelInput(ReasonInput):
    pass


class ExemptInput(ReasonInput):
    pass


# --- one view per step --------------------------------------------------------------------------------


class StepView(APIView):
    """POST /api/v1/reviews/{id}/<transition>/ — runs one transition through its service."""

    step: steps.Step

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        step = cls.step

        # A function of each view's own: the schema's annotations are kept on it.
        @extend_schema(
            responses=ReviewDetailSerializer,
            operation_id=step.operation_id,
            summary=f"Transition {step.name}",
            description=format_lazy(
                "{label}. {refused} Answers the review after the step; 409 when the step is not possible "
                "now, naming each condition that is not met.",
                label=step.label,
                refused=step.refused,
            ),
        )
        def post(self, request, pk):
            return self.take_step(request, pk)

        cls.post = post

    def take_step(self, request, pk):
        review = get_object_or_404(reviews_visible_to(user=request.user), pk=pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = self.step.service(review=review, actor=request.user, **serializer.validated_data)
        return review_response(request, review)

    def get_serializer(self, *args, **kwargs):  # the step's input; the schema generator reads it too
        return self.step.input(*args, **kwargs)


class RecordPlanningTalkView(StepView):
    step = steps.RECORD_PLANNING_TALK


class ReopenPlanView(StepView):
    step = steps.REOPEN_PLAN


class SignPlanView(StepView):
    step = steps.SIGN_PLAN


class RecordProgressTalkView(StepView):
    step = steps.RECORD_PROGRESS_TALK


class AcknowledgeTalkView(StepView):
    step = steps.ACKNOWLEDGE_TALK


class StartAppraisalView(StepView):
    step = steps.START_APPRAISAL


class CompleteTalksView(StepView):
    step = steps.COMPLETE_TALKS


class SubmitSelfAssessmentView(StepView):
    step = steps.SUBMIT_SELF_ASSESSMENT


class SkipSelfAssessmentView(StepView):
    step = steps.SKIP_SELF_ASSESSMENT


class SubmitScoresView(StepView):
    step = steps.SUBMIT_SCORES


class RecordAppraisalTalkView(StepView):
    step = steps.RECORD_APPRAISAL_TALK


class SignView(StepView):
    step = steps.SIGN


class ObjectView(StepView):
    step = steps.OBJECT


class ExpireResponseView(StepView):
    step = steps.EXPIRE_RESPONSE


class ReturnToManagerView(StepView):
    step = steps.RETURN_TO_MANAGER


class FinaliseView(StepView):
    step = steps.FINALISE


class DecideObjectionView(StepView):
    step = steps.DECIDE_OBJECTION


class ReopenView(StepView):
    step = steps.REOPEN


class CancelView(StepView):
    step = steps.CANCEL


class ExemptView(StepView):
    step = steps.EXEMPT


def step_view(step: steps.Step) -> type[StepView]:
    """The view that takes ``step``; ``LookupError`` when a step has none (a route must not go missing)."""
    view = globals().get(step.view_name)
    if not (isinstance(view, type) and issubclass(view, StepView) and view.step is step):
        raise LookupError(f"No view {step.view_name} takes the step {step.name}.")
    return view
