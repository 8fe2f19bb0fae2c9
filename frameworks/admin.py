"""HR edits frameworks here: drafts are editable, published versions are read-only (start a new draft)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from frameworks.models import (
    Competency,
    DevelopmentTip,
    ExpectedLevel,
    Framework,
    FrameworkEvent,
    FrameworkVersion,
    Indicator,
    InterviewQuestion,
    JobProfile,
    JobProfileCompetency,
    JobProfileLevel,
    ProficiencyLevel,
    RatingOption,
    RatingScale,
    ResultArea,
    RoleType,
)
from frameworks.services import framework_version_new_draft, framework_version_publish


class DraftOnlyMixin:
    """Content of a published version cannot be changed or deleted, only viewed."""

    def _version_of(self, obj):
        raise NotImplementedError

    def _editable(self, obj) -> bool:
        return obj is None or self._version_of(obj).is_editable

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(obj)


class ParentDraftInlineMixin:
    """Inline rows follow their parent: read-only when the parent's version is published."""

    def _editable(self, obj) -> bool:
        return obj is None or self.version_of_parent(obj).is_editable

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(obj)


class CompetencyChildInline(ParentDraftInlineMixin, admin.TabularInline):
    extra = 0

    def version_of_parent(self, competency):
        return competency.version


class ProficiencyLevelInline(CompetencyChildInline):
    model = ProficiencyLevel


class IndicatorInline(CompetencyChildInline):
    model = Indicator
    fields = ["level", "text", "order"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "level" and request.resolver_match.kwargs.get("object_id"):
            kwargs["queryset"] = ProficiencyLevel.objects.filter(
                competency_id=request.resolver_match.kwargs["object_id"]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class InterviewQuestionInline(CompetencyChildInline):
    model = InterviewQuestion


class DevelopmentTipInline(CompetencyChildInline):
    model = DevelopmentTip


@admin.register(Competency)
class CompetencyAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "version", "order"]
    list_filter = ["version__framework", "version__status"]
    search_fields = ["name", "definition"]
    inlines = [ProficiencyLevelInline, IndicatorInline, InterviewQuestionInline, DevelopmentTipInline]
    list_select_related = ["version__framework"]

    def _version_of(self, obj):
        return obj.version

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["queryset"] = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ExpectedLevelInline(ParentDraftInlineMixin, admin.TabularInline):
    model = ExpectedLevel
    extra = 0

    def version_of_parent(self, role_type):
        return role_type.version


@admin.register(RoleType)
class RoleTypeAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "version", "default_level"]
    list_filter = ["version__framework", "family", "default_level"]
    inlines = [ExpectedLevelInline]
    list_select_related = ["version__framework"]

    def _version_of(self, obj):
        return obj.version


class ProfileChildInline(ParentDraftInlineMixin, admin.TabularInline):
    extra = 0

    def version_of_parent(self, profile):
        return profile.version


class ResultAreaInline(ProfileChildInline):
    model = ResultArea


class JobProfileCompetencyInline(ProfileChildInline):
    model = JobProfileCompetency


class JobProfileLevelInline(ProfileChildInline):
    model = JobProfileLevel


@admin.register(JobProfile)
class JobProfileAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "family", "version"]
    list_filter = ["version__framework"]
    search_fields = ["title", "purpose"]
    inlines = [ResultAreaInline, JobProfileCompetencyInline, JobProfileLevelInline]
    list_select_related = ["version__framework"]

    def _version_of(self, obj):
        return obj.version


class FrameworkEventInline(admin.TabularInline):
    """The version's audit trail: read-only."""

    model = FrameworkEvent
    fields = ["created_at", "actor", "kind", "payload"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["framework", "number", "status", "published_at"]
    list_filter = ["framework", "status"]
    readonly_fields = ["framework", "number", "status", "published_at"]
    fields = ["framework", "number", "status", "published_at", "source", "notes"]
    actions = ["publish"]
    inlines = [FrameworkEventInline]

    def _version_of(self, obj):
        return obj

    def has_add_permission(self, request):
        return False  # new versions come from an import or from "start a new draft"

    @admin.action(description=_("Publish the selected drafts"))
    def publish(self, request, queryset):
        for version in queryset:
            try:
                framework_version_publish(version=version, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{version}: {'; '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(
                    request, _("Published: %(version)s") % {"version": version}, messages.SUCCESS
                )


class FrameworkVersionInline(admin.TabularInline):
    model = FrameworkVersion
    fields = ["number", "status", "published_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    inlines = [FrameworkVersionInline]
    actions = ["start_new_draft"]

    @admin.action(description=_("Start a new draft (copy of the published version)"))
    def start_new_draft(self, request, queryset):
        for framework in queryset:
            draft = framework_version_new_draft(framework=framework)
            self.message_user(request, _("Draft ready: %(version)s") % {"version": draft}, messages.SUCCESS)


class RatingOptionInline(admin.TabularInline):
    model = RatingOption
    extra = 0


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    inlines = [RatingOptionInline]
