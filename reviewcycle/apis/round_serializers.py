"""The closed rounds of a review's appraisal in the API, as the reader may see them
(``reviewcycle.record.rounds``): part of the review detail (``ReviewDetailSerializer.earlier_rounds``)."""

from rest_framework import serializers

from reviewcycle.models import ReviewEvent


class RoundMarkSerializer(serializers.Serializer):  # a RoundMark
    text = serializers.CharField()
    is_next_level = serializers.BooleanField()
    mark = serializers.CharField(allow_blank=True)


class RoundScoreSerializer(serializers.Serializer):  # a RoundScore: one competency's or goal's
    name = serializers.CharField()
    rating = serializers.CharField(allow_null=True)
    justification = serializers.CharField(allow_blank=True)
    result_note = serializers.CharField(allow_blank=True)
    weight = serializers.IntegerField(allow_null=True)
    indicators = RoundMarkSerializer(source="marks", many=True)


class RoundObjectionSerializer(serializers.Serializer):  # the round's objection, with HR's decision
    at = serializers.DateTimeField()
    who = serializers.CharField()
    grounds = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decided_by = serializers.CharField(allow_blank=True)
    decision = serializers.CharField(allow_blank=True)
    reasons = serializers.CharField(allow_blank=True)
    upheld = serializers.BooleanField()


class EarlierRoundSerializer(serializers.Serializer):
    """One closed round of the appraisal as the reader may see it (``reviewcycle.record.rounds``):
    ``ending`` is the kind of the event that closed it, ``reason`` its reason ("" when hidden)."""

    number = serializers.IntegerField()
    title = serializers.CharField()
    ending = serializers.ChoiceField(
        choices=[
            ReviewEvent.Kind.RETURNED_TO_MANAGER,
            ReviewEvent.Kind.OBJECTION_DECIDED,
            ReviewEvent.Kind.REOPENED,
        ]
    )
    ended_at = serializers.DateTimeField()
    ended_by = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)
    scores_visible = serializers.BooleanField()
    scored_by = serializers.CharField(allow_blank=True)
    scored_at = serializers.DateTimeField(allow_null=True)
    overall_rating = serializers.CharField(allow_null=True)
    proposed_overall_rating = serializers.CharField(allow_null=True)
    override_reason = serializers.CharField(allow_blank=True)
    competencies = RoundScoreSerializer(many=True)
    goals = RoundScoreSerializer(many=True)
    appraisal_talk_date = serializers.DateField(allow_null=True)
    appraisal_summary = serializers.CharField(allow_blank=True)
    signature = serializers.CharField(allow_blank=True)
    signed_at = serializers.DateTimeField(allow_null=True)
    employee_response = serializers.CharField(allow_blank=True)
    objection = RoundObjectionSerializer(allow_null=True)
