"""The answers on a review's talk forms as the reader may see them, for the review's detail."""

from rest_framework import serializers


class TalkAnswerSerializer(serializers.Serializer):
    answered_by = serializers.CharField()
    author = serializers.CharField()
    value = serializers.CharField()
    shared_at = serializers.DateTimeField(allow_null=True)
    talk_recorded_at = serializers.DateTimeField(allow_null=True)


class TalkQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    section = serializers.CharField()
    text = serializers.CharField()
    kind = serializers.CharField()
    answered_by = serializers.CharField()
    required = serializers.BooleanField()
    answers = TalkAnswerSerializer(many=True)


class TalkAnswersSerializer(serializers.Serializer):
    """One talk's answers on its form as the reader may see them (``talk_forms.selectors.talk_records``)."""

    talk = serializers.CharField()
    occurrence = serializers.IntegerField()
    title = serializers.CharField()
    recorded = serializers.BooleanField()
    questions = TalkQuestionSerializer(many=True)
