"""Read API: ``GET /api/v1/frameworks/`` and ``GET /api/v1/frameworks/{slug}/`` (current published version),
``GET /api/v1/framework-versions/`` (with the ids of competencies, role-type cells and job profiles) and
``GET /api/v1/rating-scales/``: every id or code ``POST /api/v1/cycles/`` takes is listed here."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from frameworks.models import Framework
from frameworks.selectors import (
    current_version,
    expected_level,
    rating_scales,
    version_contents,
    version_document,
    versions_published,
)


class VersionSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="What a cycle's `framework_version` takes.")
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
        "current_version": {"id": version.pk, "number": version.number, "published_at": version.published_at},
    }


class FrameworkViewSet(viewsets.ViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[-a-z0-9]+"

    @extend_schema(responses=FrameworkListSerializer(many=True))
    def list(self, request):
        rows = [
            _summary(version.framework, version) for version in versions_published().filter(is_current=True)
        ]
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


# --- framework versions and rating scales, by id and code --------------------------------------


class FrameworkVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="What a cycle's `framework_version` takes.")
    framework = serializers.SlugField(source="framework.slug", help_text="The framework's code.")
    framework_name = serializers.CharField(source="framework.name")
    number = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    is_current = serializers.BooleanField(
        help_text="The newest published version of its framework: what a new cycle uses by default."
    )


class CompetencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="A review's assessment names it as `competency`.")
    key = serializers.SlugField()
    name = serializers.CharField()


class RoleTypeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="An employee's `role_type` (`GET /api/v1/employees/`).")
    name = serializers.CharField(help_text="Family and grade, e.g. `Dienstverlener B`: the import's column.")
    family = serializers.CharField()
    grade = serializers.CharField()
    default_level = serializers.IntegerField()


class JobProfileRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="An employee's `job_profile` (`GET /api/v1/employees/`).")
    key = serializers.SlugField()
    title = serializers.CharField()
    family = serializers.CharField()
    levels = serializers.SerializerMethodField(help_text="The profile's levels (1 is the heaviest).")

    def get_levels(self, profile) -> list[int]:
        return sorted(level.level for level in profile.levels.all())


class FrameworkVersionDetailSerializer(FrameworkVersionSerializer):
    competencies = CompetencyRefSerializer(many=True)
    role_types = RoleTypeRefSerializer(many=True)
    job_profiles = JobProfileRefSerializer(many=True)


class FrameworkVersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Published framework versions with their ids (`framework_version` of `POST /api/v1/cycles/`); one
    version's detail lists the ids of its competencies, role-type cells and job profiles. Anyone logged
    in; drafts are never listed."""

    lookup_value_regex = "[0-9]{1,18}"  # an absurd id is a 404, not a database overflow
    serializer_class = FrameworkVersionSerializer

    def get_queryset(self):
        return versions_published()

    @extend_schema(responses=FrameworkVersionDetailSerializer)
    def retrieve(self, request, pk=None):
        version = self.get_object()
        contents = version_contents(version=version)
        return Response(
            {
                **FrameworkVersionSerializer(version).data,
                "competencies": CompetencyRefSerializer(contents["competencies"], many=True).data,
                "role_types": RoleTypeRefSerializer(contents["role_types"], many=True).data,
                "job_profiles": JobProfileRefSerializer(contents["job_profiles"], many=True).data,
            }
        )


class RatingOptionSerializer(serializers.Serializer):
    value = serializers.IntegerField(
        help_text="What a rating takes (`rating` of the score and self-assessment writes); 1 is the lowest."
    )
    label = serializers.CharField()
    meets_norm = serializers.BooleanField()


class RatingScaleSerializer(serializers.Serializer):
    code = serializers.SlugField(source="slug", help_text="What a cycle's `rating_scale` takes.")
    name = serializers.CharField()
    options = RatingOptionSerializer(many=True)


class RatingScaleViewSet(viewsets.ReadOnlyModelViewSet):
    """The rating scales, each with its options lowest first: a cycle takes one by `code`, and every rating
    of a review in that cycle is one of its options' `value`. Anyone logged in; not paged (a handful)."""

    lookup_field = "slug"
    lookup_url_kwarg = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    serializer_class = RatingScaleSerializer
    pagination_class = None

    def get_queryset(self):
        return rating_scales()
