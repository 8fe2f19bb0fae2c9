"""The consequences of the appraisal on a review, as the API answers them (read; they are written with
the steps ``submit-scores`` and ``decide-objection``, ``apis.steps``)."""

from rest_framework import serializers

from reviewcycle.models import ConsequenceKind, Review


class ConsequenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ConsequenceKind.choices)
    label = serializers.CharField(help_text="The kind in the reader's language.")
    amount = serializers.DecimalField(
        max_digits=9, decimal_places=2, allow_null=True, help_text="A one-off bonus's amount in euros."
    )
    note = serializers.CharField(allow_blank=True)


class ConsequencesSerializer(serializers.Serializer):
    """The consequences of the appraisal as the reader sees them (``reviewcycle.record.consequences``):
    null when none were proposed, or while the reader may not see the manager's scores."""

    items = ConsequenceSerializer(many=True)
    reason = serializers.CharField(
        allow_blank=True, help_text="Why they differ from the regeling's default for the rating."
    )
    status = serializers.ChoiceField(choices=["proposed", "changed", "confirmed"])
    status_label = serializers.CharField()
    effective_date = serializers.DateField(
        allow_null=True, help_text="Once confirmed: the first day of the month after the finalisation."
    )


class AdviceSerializer(serializers.Serializer):
    """The closing talk's advice on the contract (``record.advice``)."""

    value = serializers.ChoiceField(choices=Review.ContractAdvice.choices)
    label = serializers.CharField()
    explanation = serializers.CharField(allow_blank=True)
