"""The regelingen (cycle templates) a cycle can run on, read-only: what ``template_version`` of a cycle takes."""

from django.db.models import Prefetch
from rest_framework import serializers, viewsets

from reviewcycle.models import CycleTemplate, CycleTemplateVersion

SHAPE_FIELDS = [
    "period",
    "has_planning_talk",
    "min_progress_talks",
    "has_self_assessment",
    "has_scores",
    "has_appraisal_talk",
    "has_advice",
    "has_second_review",
    "signature_options",
    "objection_route",
    "goal_weight",
    "competency_weight",
    "response_term_days",
    "due_offsets",
    "start_talk_within_days",
    "evaluation_before_end_days",
]
# Informants (360° feedback): when input may be asked, by whom, which groups stay anonymous and how big.
INFORMANT_FIELDS = [
    "informant_phases",
    "informants_by_employee",
    "informant_anonymous_relations",
    "informant_min_group",
    "informant_merge_small_groups",
]


class CycleTemplateVersionSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(read_only=True, help_text="The version's number, 1 for the first.")
    rating_scale = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The rating scale's `code` (null: no scores).",
    )
    signature_options = serializers.ListField(
        child=serializers.ChoiceField(choices=["seen", "agreed"]), help_text="How the employee may sign."
    )
    due_offsets = serializers.DictField(
        child=serializers.IntegerField(), help_text="Per phase's due date: months after the period start."
    )
    informant_phases = serializers.ListField(
        child=serializers.ChoiceField(choices=["progress", "appraisal"]),
        help_text="The phases in which informants may be asked (appraisal: its preparation).",
    )
    informant_anonymous_relations = serializers.ListField(
        child=serializers.ChoiceField(choices=["manager", "colleague", "report", "external"]),
        help_text="The relations whose answers are shown only as a group's aggregate.",
    )
    informant_min_group = serializers.IntegerField(
        help_text="An anonymous group is shown only when at least this many answered."
    )

    class Meta:
        model = CycleTemplateVersion
        fields = ["id", "number", "status", "published_at", "rating_scale", *SHAPE_FIELDS, *INFORMANT_FIELDS]


class CycleTemplateSerializer(serializers.ModelSerializer):
    code = serializers.SlugField(source="slug")
    versions = CycleTemplateVersionSerializer(many=True, help_text="The published versions, newest first.")

    class Meta:
        model = CycleTemplate
        fields = ["id", "code", "name", "description", "builtin", "versions"]


class CycleTemplateViewSet(viewsets.ReadOnlyModelViewSet):
    """The regelingen with their published versions, newest first: a cycle's `template_version` takes a
    version's `id`, and the version's shape says which talks, scores, second reviewer and signatures the
    cycle's reviews have. Anyone logged in; not paged (a handful)."""

    lookup_value_regex = "[0-9]{1,18}"
    serializer_class = CycleTemplateSerializer
    pagination_class = None

    def get_queryset(self):
        published = CycleTemplateVersion.objects.filter(status=CycleTemplateVersion.Status.PUBLISHED)
        return CycleTemplate.objects.prefetch_related(
            Prefetch("versions", queryset=published.select_related("rating_scale").order_by("-number"))
        ).order_by("name")


class ReviewShapeSerializer(serializers.Serializer):
    """The review's regeling: which of the steps are on its path (``GET /api/v1/cycle-templates/``)."""

    regeling = serializers.CharField(source="template.name")
    template_version = serializers.IntegerField(source="id")
    has_planning_talk = serializers.BooleanField()
    min_progress_talks = serializers.IntegerField()
    has_self_assessment = serializers.BooleanField()
    has_scores = serializers.BooleanField()
    has_appraisal_talk = serializers.BooleanField()
    has_second_review = serializers.BooleanField()
    signature_options = serializers.ListField(child=serializers.ChoiceField(choices=["seen", "agreed"]))
    objection_route = serializers.CharField()
