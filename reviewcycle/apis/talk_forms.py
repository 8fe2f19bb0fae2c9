"""The talk forms in the API: the form of the talk prepared now with the reader's own answers, saving
them, and sharing a preparation before the talk. The answers others may see are in the review's detail
(``talk_answers``), from the record."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from reviewcycle.apis.serializers import visible_review
from reviewcycle.models import Review
from reviewcycle.talk_forms.selectors import talk_form_now
from reviewcycle.talk_forms.services import talk_answers_save, talk_answers_share

TEXT = 10_000


class OpenQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    section = serializers.CharField()
    text = serializers.CharField()
    help_text = serializers.CharField()
    kind = serializers.ChoiceField(choices=["text", "scale", "choice", "yes_no"])
    choices = serializers.ListField(
        child=serializers.CharField(), help_text="The answers allowed; empty: free text."
    )
    answered_by = serializers.ChoiceField(choices=["employee", "manager", "report"])
    required = serializers.BooleanField()
    yours = serializers.BooleanField(help_text="Whether the reader answers this question.")
    answer = serializers.CharField(allow_null=True, help_text="The reader's own answer (null: none yet).")
    shared = serializers.BooleanField(help_text="The reader shared this answer before the talk.")


class TalkFormSerializer(serializers.Serializer):
    talk = serializers.CharField(
        allow_null=True, help_text="planning, progress or appraisal; null: none now."
    )
    occurrence = serializers.IntegerField(
        allow_null=True, help_text="Which talk of its kind (progress: 1, 2, …)."
    )
    title = serializers.CharField()
    introduction = serializers.CharField()
    answerable = serializers.BooleanField(
        help_text="Whether the reader has questions to answer on this form now (false: nothing to fill in)."
    )
    questions = OpenQuestionSerializer(many=True)


class AnswerInputSerializer(serializers.Serializer):
    question = serializers.IntegerField(help_text="The id of a question on the form.")
    value = serializers.CharField(allow_blank=True, max_length=TEXT, help_text="Empty: clears the answer.")


class TalkAnswersInputSerializer(serializers.Serializer):
    answers = AnswerInputSerializer(many=True)


def _form_response(request, review: Review) -> Response:
    review = visible_review(request, review.pk)
    return Response(TalkFormSerializer(talk_form_now(review=review, user=request.user)).data)


class TalkFormView(APIView):
    @extend_schema(
        responses=TalkFormSerializer,
        description="The form of the talk prepared now, with the reader's own answers and which questions "
        "are theirs. A preparation is its author's alone until the talk is recorded or it is shared.",
    )
    def get(self, request, pk):
        return _form_response(request, visible_review(request, pk))

    @extend_schema(
        request=TalkAnswersInputSerializer,
        responses=TalkFormSerializer,
        description="Save the reader's answers to the form of the talk prepared now (the employee their "
        "preparation, the manager theirs and the report). 403 for a question that is not theirs, 409 "
        "once the talk is recorded. All or nothing.",
    )
    def put(self, request, pk):
        review = visible_review(request, pk)
        serializer = TalkAnswersInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        talk_answers_save(review=review, actor=request.user, **serializer.validated_data)
        return _form_response(request, review)


class TalkFormShareView(APIView):
    @extend_schema(
        request=None,
        responses=inline_serializer("TalkFormShared", {"shared": serializers.IntegerField()}),
        description="Share the reader's preparation of the talk prepared now with the other side before "
        "the talk. 409 when no talk is prepared now.",
    )
    def post(self, request, pk):
        review = visible_review(request, pk)
        return Response({"shared": talk_answers_share(review=review, actor=request.user)})
