from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django_fsm import TransitionNotAllowed

from reviewcycle.models import (
    CYCLE_SETTINGS,
    REMINDER_SETTINGS,
    CycleEvent,
    CycleTemplate,
    CycleTemplateVersion,
    Review,
    ReviewCycle,
    ReviewEvent,
    TalkForm,
    TalkFormSection,
    TalkQuestion,
    TemplateConsequence,
    TemplateConsequenceDefault,
)
from reviewcycle.services import cycle_open
from reviewcycle.shapes.services import cycle_template_version_publish


class CycleEventInline(admin.TabularInline):
    model = CycleEvent
    fields = ["created_at", "actor", "action", "payload"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReviewCycle)
class ReviewCycleAdmin(admin.ModelAdmin):
    list_display = ["name", "period_start", "period_end", "state", "opened_at"]
    list_filter = ["state"]
    autocomplete_fields = ["scope"]  # found by typing: an organisation has thousands of units
    fields = [*CYCLE_SETTINGS, "state", "opened_at", "closed_at", "force_close_reason"]
    inlines = [CycleEventInline]
    actions = ["open_cycles"]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["state", "opened_at", "closed_at", "force_close_reason"]
        if obj is not None and obj.state != ReviewCycle.State.DRAFT:
            # An open cycle's reviews were built from these settings; when it reminds may still change.
            return [*fixed, *(name for name in CYCLE_SETTINGS if name not in REMINDER_SETTINGS)]
        return fixed

    def has_delete_permission(self, request, obj=None):
        # A draft is deleted on its page (/cycles/{id}/delete/): kept, state "deleted", for its audit trail
        # (its events protect it from a real delete).
        return False

    @admin.action(description=_("Open the selected cycles (one review per employee in scope)"))
    def open_cycles(self, request, queryset):
        for cycle in queryset:
            try:
                report = cycle_open(cycle=cycle, actor=request.user)
            except (PermissionDenied, TransitionNotAllowed, ValidationError) as error:
                self.message_user(
                    request, f"{cycle}: {' '.join(getattr(error, 'messages', [str(error)]))}", messages.ERROR
                )
                continue
            self.message_user(
                request,
                _("%(cycle)s is open: %(count)s reviews created; without a manager (no review): %(missing)s.")
                % {
                    "cycle": cycle,
                    "count": report["created"],
                    "missing": ", ".join(report["without_manager"]) or "—",
                },
                messages.SUCCESS,
            )


@admin.register(CycleTemplate)
class CycleTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "builtin"]
    readonly_fields = ["builtin"]

    def has_delete_permission(self, request, obj=None):
        return False  # its versions are the rules cycles ran on


class DraftOnlyInline(admin.TabularInline):
    """Part of a regeling version: edited with its draft, never once published."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or obj.is_editable)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable)


class TemplateConsequenceInline(DraftOnlyInline):
    """The consequences an overall rating may carry under this version (checked at publish)."""

    model = TemplateConsequence


class TemplateConsequenceDefaultInline(DraftOnlyInline):
    """The consequences the manager proposes by default for an overall rating (its value on the scale)."""

    model = TemplateConsequenceDefault


@admin.register(CycleTemplateVersion)
class CycleTemplateVersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "published_at"]
    list_filter = ["status", "template"]
    readonly_fields = ["status", "published_at"]
    actions = ["publish"]
    inlines = [TemplateConsequenceInline, TemplateConsequenceDefaultInline]

    def has_change_permission(self, request, obj=None):
        # A published version never changes: cycles ran on it. A draft is edited until it is published.
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Publish the selected draft versions"))
    def publish(self, request, queryset):
        for version in queryset:
            try:
                cycle_template_version_publish(version=version, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{version}: {' '.join(error.messages)}", messages.ERROR)
                continue
            self.message_user(
                request, _("%(version)s was published.") % {"version": version}, messages.SUCCESS
            )


def _form_is_editable(form) -> bool:
    """A talk form changes only with its regeling version's draft: a published one is what cycles run on."""
    return form is None or form.template_version.is_editable


class TalkFormSectionInline(admin.TabularInline):
    model = TalkFormSection
    extra = 0
    show_change_link = True


@admin.register(TalkForm)
class TalkFormAdmin(admin.ModelAdmin):
    """The questions of each talk per regeling version (HR edits them on the regeling pages too:
    ``views.regeling_forms``).
    The answers are not here: a preparation is its author's until the talk (``talk_forms.selectors``)."""

    list_display = ["__str__", "talk", "template_version"]
    list_filter = ["talk", "template_version__template"]
    inlines = [TalkFormSectionInline]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _form_is_editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _form_is_editable(obj)


class TalkQuestionInline(admin.StackedInline):
    model = TalkQuestion
    extra = 0


@admin.register(TalkFormSection)
class TalkFormSectionAdmin(admin.ModelAdmin):
    list_display = ["title", "form", "order"]
    inlines = [TalkQuestionInline]

    def has_module_permission(self, request):
        return False  # reached from its form

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _form_is_editable(obj and obj.form)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _form_is_editable(obj and obj.form)


class ReviewEventInline(admin.TabularInline):
    model = ReviewEvent
    fields = [
        "created_at",
        "actor",
        "transition",
        "from_state",
        "to_state",
        "payload",
        "old_value",
        "new_value",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Read-only: reviews change through their transitions (the pages and the API), never by hand."""

    list_display = ["employee", "cycle", "state", "manager", "second_reviewer", "due_date"]
    list_filter = ["cycle", "state", "needs_rebaseline"]
    search_fields = ["employee__name", "employee__employee_number"]
    list_select_related = ["employee", "cycle", "manager", "second_reviewer"]
    inlines = [ReviewEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
