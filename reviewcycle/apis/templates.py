"""The regelingen (cycle templates) a cycle can run on, read-only: what ``template_version`` of a cycle takes."""

from django.db.models import Prefetch
from rest_framework import serializers, viewsets

from reviewcycle.models import SHAPE_FIELDS, CycleTemplate, CycleTemplateVersion


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
    objection_route = serializers.ChoiceField(
        choices=CycleTemplateVersion.ObjectionRoute.choices,
        read_only=True,
        help_text="Who decides an objection: HR, the second reviewer, a committee, or none (no objection).",
    )
    objection_committee = serializers.SlugRelatedField(
        slug_field="name",
        read_only=True,
        allow_null=True,
        help_text="The name of the group whose members decide objections (route `committee`), else null.",
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
        fields = ["id", "number", "status", "published_at", *SHAPE_FIELDS]


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
        # A regeling HR is still making (only a draft) is nobody's business yet: not listed, 404.
        return (
            CycleTemplate.objects.filter(versions__status=CycleTemplateVersion.Status.PUBLISHED)
            .distinct()
            .prefetch_related(
                Prefetch(
                    "versions",
                    queryset=published.select_related("rating_scale", "objection_committee").order_by(
                        "-number"
                    ),
                )
            )
            .order_by("name")
        )


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
    talk_reports_signed = serializers.BooleanField(
        help_text="The employee signs each progress talk's report for seen (`acknowledge-talk/`)."
    )
    objection_route = serializers.ChoiceField(choices=CycleTemplateVersion.ObjectionRoute.choices)
