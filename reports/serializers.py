"""The shape of the cycle dashboard (``reports.dashboard.count_dashboard``), section by section: the API
answers the dashboard through these serializers, so what it sends is what the schema says."""

from rest_framework import serializers

from reviewcycle.apis.figures import (
    CompletionSerializer,
    CycleNameSerializer,
    UnitLevelSerializer,
)
from reviewcycle.models import Review


class PhaseSerializer(serializers.Serializer):
    phase = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="Reviews in the phase's states.")
    percent = serializers.FloatField(help_text="Of every review, in %.")


class ManagerCompletionSerializer(CompletionSerializer):
    manager = serializers.IntegerField(help_text="The manager's employee id.")
    name = serializers.CharField()
    overdue = serializers.IntegerField()


class OverdueReviewSerializer(serializers.Serializer):
    review = serializers.IntegerField()
    employee = serializers.CharField()
    org_unit = serializers.CharField()
    state = serializers.ChoiceField(choices=Review.State.choices)
    waiting_for = serializers.CharField(help_text="The role that acts next.")
    who = serializers.CharField(allow_blank=True, help_text='Their name ("HR" on HR\'s turn).')
    due_date = serializers.DateField()
    days_overdue = serializers.IntegerField()


class HrAttentionSerializer(serializers.Serializer):
    review = serializers.IntegerField()
    employee = serializers.CharField()
    org_unit = serializers.CharField()
    state = serializers.ChoiceField(choices=Review.State.choices)
    reason = serializers.ChoiceField(choices=Review.Attention.choices)
    reason_label = serializers.CharField()
    since = serializers.DateField(allow_null=True)
    manager = serializers.CharField()
    second_reviewer = serializers.CharField(allow_blank=True)


class BurndownPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    not_done = serializers.IntegerField()


class ScalePointSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    label = serializers.CharField()
    meets_norm = serializers.BooleanField()


class DistributionSerializer(serializers.Serializer):
    rated = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Per scale label: reviews.")
    percent = serializers.DictField(child=serializers.FloatField(), help_text="Per scale label: % of rated.")
    mean = serializers.FloatField(allow_null=True, help_text="In scale points; null when none is rated.")


class UnitDistributionSerializer(DistributionSerializer):
    org_unit = serializers.IntegerField()
    name = serializers.CharField()
    parent = serializers.IntegerField(allow_null=True)
    has_units = serializers.BooleanField()


class ManagerDistributionSerializer(DistributionSerializer):
    manager = serializers.IntegerField()
    name = serializers.CharField()
    deviation = serializers.FloatField(
        allow_null=True, help_text="Their mean minus the organisation's, in scale points."
    )


class CalibrationSerializer(serializers.Serializer):
    scale = ScalePointSerializer(many=True)
    organisation = DistributionSerializer()
    org_units = UnitDistributionSerializer(many=True)
    managers = ManagerDistributionSerializer(
        many=True, help_text="The first ones: the furthest from the mean."
    )
    managers_total = serializers.IntegerField()


class CompetencyGapSerializer(serializers.Serializer):
    competency = serializers.CharField()
    family = serializers.CharField()
    rated = serializers.IntegerField()
    at_or_above = serializers.IntegerField()
    percent = serializers.FloatField()


class InformantCountsSerializer(serializers.Serializer):
    reviews = serializers.IntegerField(help_text="Reviews with at least one request for input.")
    requests = serializers.IntegerField(help_text="Requests for input, withdrawn ones left out.")
    answered = serializers.IntegerField()
    open = serializers.IntegerField(help_text="Waiting for an answer.")
    expired = serializers.IntegerField()
    not_shown = serializers.IntegerField(
        help_text="Requests in an anonymous group that is not shown on its review yet (fewer than the "
        "regeling's minimum answered, or some still open): whether they were answered is not told."
    )
    withdrawn = serializers.IntegerField()
    percent_answered = serializers.FloatField(
        allow_null=True, help_text="Answered, of the requests whose status is shown; null when none is."
    )


class RegelingShapeSerializer(serializers.Serializer):
    name = serializers.CharField()
    version = serializers.IntegerField()
    has_scores = serializers.BooleanField(
        help_text="Without scores, calibration and the competency gap are empty."
    )
    has_self_assessment = serializers.BooleanField()
    has_second_review = serializers.BooleanField()
    has_objection = serializers.BooleanField()
    has_closing_talk = serializers.BooleanField()
    has_advice = serializers.BooleanField(
        help_text="An advice on the contract with the closing talk (probation)."
    )


class AdvisedReviewSerializer(serializers.Serializer):
    review = serializers.IntegerField()
    employee = serializers.CharField()
    org_unit = serializers.CharField()
    manager = serializers.CharField()
    advice = serializers.CharField(help_text="continue, extend or end.")
    advice_label = serializers.CharField()
    explanation = serializers.CharField(allow_blank=True)
    talk_date = serializers.DateField(allow_null=True)


class ContractAdviceSerializer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="The number of each advice.")
    total = serializers.IntegerField()
    reviews = AdvisedReviewSerializer(many=True, help_text="The latest evaluations first; at most a page.")


class DashboardSerializer(CompletionSerializer, UnitLevelSerializer):
    cycle = CycleNameSerializer()
    regeling = RegelingShapeSerializer(help_text="The cycle's regeling, its version and the parts it has.")
    today = serializers.DateField()
    phases = PhaseSerializer(many=True)
    managers = ManagerCompletionSerializer(many=True, help_text="The first ones: the most overdue.")
    managers_total = serializers.IntegerField()
    overdue_total = serializers.IntegerField()
    overdue = OverdueReviewSerializer(many=True, help_text="The oldest first; at most a page.")
    hr_attention = HrAttentionSerializer(
        many=True, help_text="Waiting for HR since a manager or reviewer left."
    )
    burndown = BurndownPointSerializer(many=True, help_text="Reviews not done, one point a day.")
    calibration = CalibrationSerializer()
    competency_gap = CompetencyGapSerializer(many=True)
    informants = InformantCountsSerializer(help_text="Informants' input in the cycle: totals only.")
    advice = ContractAdviceSerializer(
        allow_null=True, help_text="The advice on the contract where the regeling has one; else null."
    )
    as_of = serializers.DateTimeField(help_text="When these figures were counted.")
