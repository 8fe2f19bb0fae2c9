"""Read API: ``GET /api/v1/frameworks/`` and ``GET /api/v1/frameworks/{slug}/`` (current published version)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from frameworks.models import Framework
from frameworks.selectors import current_version, expected_level, frameworks_published, version_document


class VersionSummarySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    published_at = serializers.DateTimeField()


class FrameworkListSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()
    current_version = VersionSummarySerializer()


class LevelSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    summary = serializers.CharField()
    indicators = serializers.ListField(child=serializers.CharField())


class CompetencySerializer(serializers.Serializer):
    key = serializers.SlugField()
    name = serializers.CharField()
    definition = serializers.CharField()
    explanation = serializers.CharField()
    base_behaviour = serializers.CharField()
    levels = LevelSerializer(many=True)
    indicators = serializers.ListField(child=serializers.CharField(), help_text="Indicators without a level.")
    interview_questions = serializers.ListField(child=serializers.CharField())
    development_tips = serializers.ListField(child=serializers.CharField())


class RoleTypeSerializer(serializers.Serializer):
    name = serializers.CharField()
    family = serializers.CharField()
    grade = serializers.CharField()
    default_level = serializers.IntegerField()
    expected_levels = serializers.DictField(
        child=serializers.IntegerField(), help_text="Expected level for every levelled competency, by key."
    )


class ResultAreaSerializer(serializers.Serializer):
    title = serializers.CharField()
    frame = serializers.CharField()
    result = serializers.CharField()
    activities = serializers.ListField(child=serializers.CharField())


class ProfileLevelSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    salary_scale = serializers.IntegerField()


class JobProfileSerializer(serializers.Serializer):
    key = serializers.SlugField()
    title = serializers.CharField()
    family = serializers.CharField()
    description = serializers.CharField()
    purpose = serializers.CharField()
    work_and_thinking_level = serializers.CharField()
    knowledge = serializers.ListField(child=serializers.CharField())
    result_areas = ResultAreaSerializer(many=True)
    competencies = serializers.ListField(child=serializers.SlugField(), help_text="Competency keys.")
    levels = ProfileLevelSerializer(many=True)


class FrameworkDetailSerializer(FrameworkListSerializer):
    source = serializers.CharField()
    competencies = CompetencySerializer(many=True)
    role_types = RoleTypeSerializer(many=True)
    job_profiles = JobProfileSerializer(many=True)


def _summary(framework: Framework, version) -> dict:
    return {
        "slug": framework.slug,
        "name": framework.name,
        "description": framework.description,
        "current_version": {"number": version.number, "published_at": version.published_at},
    }


class FrameworkViewSet(viewsets.ViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[-a-z0-9]+"

    @extend_schema(responses=FrameworkListSerializer(many=True))
    def list(self, request):
        rows = []
        for framework in frameworks_published().order_by("name"):
            rows.append(_summary(framework, current_version(framework=framework)))
        return Response(FrameworkListSerializer(rows, many=True).data)

    @extend_schema(responses=FrameworkDetailSerializer)
    def retrieve(self, request, slug=None):
        framework = Framework.objects.filter(slug=slug).first()
        version = current_version(framework=framework) if framework else None
        if version is None:
            raise Http404
        document = version_document(version=version)
        level_counts = {c["key"]: len(c["levels"]) for c in document["competencies"] if c["levels"]}
        for cell in document["role_types"]:
            cell["name"] = f"{cell['family']} {cell['grade']}"
            cell["expected_levels"] = {
                key: expected_level(
                    default_level=cell["default_level"],
                    override=cell["expected_levels"].get(key),
                    level_count=count,
                )
                for key, count in level_counts.items()
            }
        data = {**_summary(framework, version), **document}
        return Response(FrameworkDetailSerializer(data).data)
