"""Cycles: create, open (at once or in the background), close, progress."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.query import validated_query
from frameworks.models import FrameworkVersion, RatingScale
from people.models import Employee, OrgUnit
from reviewcycle import services
from reviewcycle.apis import ids
from reviewcycle.apis.figures import CycleProgressSerializer
from reviewcycle.apis.serializers import PersonSerializer
from reviewcycle.completion import cycle_progress
from reviewcycle.models import CYCLE_SETTINGS, DUE_DATE_FIELDS, CycleTemplateVersion, ReviewCycle
from reviewcycle.selectors import (
    cycle_open_preview,
    cycle_to_run,
    cycles_visible_to,
)

# --- cycles -------------------------------------------------------------------------------


class CycleSerializer(serializers.ModelSerializer):
    scope = serializers.PrimaryKeyRelatedField(
        many=True, queryset=OrgUnit.objects.all(), help_text=ids.ORG_UNITS
    )
    framework_version = serializers.PrimaryKeyRelatedField(
        queryset=FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED),
        help_text=ids.FRAMEWORK_VERSION,
    )
    rating_scale = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=RatingScale.objects.all(),
        required=False,
        help_text=f"{ids.RATING_SCALE} Left out: the regeling's (see `template_version`).",
    )
    template_version = serializers.PrimaryKeyRelatedField(
        queryset=CycleTemplateVersion.objects.filter(status=CycleTemplateVersion.Status.PUBLISHED),
        required=False,
        help_text=ids.CYCLE_TEMPLATE_VERSION,
    )
    excluded = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Employees HR excluded when opening: no review in this cycle."
    )
    reminder_offsets = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Days before each due date on which to remind (0–90), e.g. [14, 7, 1]; stored most first.",
    )

    class Meta:
        model = ReviewCycle
        fields = [
            "id",
            *CYCLE_SETTINGS,
            "state",
            "opened_at",
            "closed_at",
            "force_close_reason",
            "excluded",
        ]
        read_only_fields = ["state", "opened_at", "closed_at", "force_close_reason", "excluded"]
        # Left out: the regeling's date (``template_version``), or the phase before's where it lacks the phase.
        extra_kwargs = {name: {"required": False} for name in DUE_DATE_FIELDS}
        validators = []  # the service validates (one place), including the constraints


class CycleViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]{1,18}"  # an absurd id is a 404, not a database overflow
    serializer_class = CycleSerializer

    def get_queryset(self):
        return cycles_visible_to(user=self.request.user).prefetch_related("scope", "excluded")

    @extend_schema(request=CycleSerializer, responses={201: CycleSerializer})
    def create(self, request):
        serializer = CycleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        cycle = services.cycle_create(actor=request.user, **data)
        return Response(CycleSerializer(cycle).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CycleSerializer,
        responses=CycleSerializer,
        description=(
            "Changes a draft cycle's settings. Of an open cycle only the due dates (`planning_due`, "
            "`progress_due`, `self_assessment_due`, `scoring_due`, `appraisal_due`) and the response term "
            "(`response_term_days`) can change: open reviews due on a moved date follow it, and so do "
            "their reminders; a new response term applies to the terms that start from now on, and a longer "
            "one lengthens the terms still running (a term that ended stays ended; a running term is never "
            'shortened). Audited as "Due dates moved". A moved date before today is 400; any other setting '
            "of an open cycle (a rule that decides a running review's outcome: weights, minimum period, "
            "scale…), or a closed cycle, is 409 saying so."
        ),
    )
    def partial_update(self, request, pk=None):
        cycle = self.get_object()
        serializer = CycleSerializer(cycle, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if cycle.state == ReviewCycle.State.OPEN:
            cycle = services.cycle_change_due_dates(
                cycle=cycle, actor=request.user, **serializer.validated_data
            )
        else:
            cycle = services.cycle_update(cycle=cycle, actor=request.user, **serializer.validated_data)
        return Response(CycleSerializer(cycle).data)

    @extend_schema(responses={204: None}, description="Deletes a draft cycle; 409 once it is open.")
    def destroy(self, request, pk=None):
        services.cycle_delete(cycle=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=None,
        responses={201: CycleSerializer},
        description=(
            "A draft for the next year with this cycle's settings, scope and reminder policy: period, "
            "due dates and the year in the name a year later, the newest published version of its framework."
        ),
    )
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        cycle = services.cycle_copy(cycle=self.get_object(), actor=request.user)
        return Response(CycleSerializer(cycle).data, status=status.HTTP_201_CREATED)


class CycleOpenReportSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    without_manager = serializers.ListField(child=serializers.CharField())
    without_expected_profile = serializers.ListField(child=serializers.CharField())
    without_second_reviewer = serializers.ListField(child=serializers.CharField())
    excluded = serializers.ListField(child=serializers.CharField(), help_text="Employee numbers HR excluded.")


class CycleOpeningSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["idle", "queued", "running", "failed", "done"])
    done = serializers.IntegerField(required=False)
    total = serializers.IntegerField(required=False)
    error = serializers.CharField(required=False)
    report = CycleOpenReportSerializer(required=False)


class CycleOpenPreviewSerializer(serializers.Serializer):
    reviews = serializers.IntegerField(help_text="Reviews opening creates.")
    emails = serializers.IntegerField(help_text="Managers told that the cycle is open, one message each.")
    without_manager = PersonSerializer(many=True, help_text="In scope, no review for want of a manager.")
    overlapping = PersonSerializer(
        many=True, help_text="Another open cycle covers them for the same period: exclude them to open."
    )
    excluded = PersonSerializer(many=True, help_text="Excluded by HR: no review in this cycle.")
    not_starting = serializers.IntegerField(
        help_text=(
            "On a cycle for individuals (start and probation talks): employees in scope left out because "
            "their start date does not lie in the cycle's period; 0 on any other cycle."
        )
    )


class CycleOpenInputSerializer(serializers.Serializer):
    exclude = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Employee.objects.all(),
        required=False,
        help_text=f"Employees in scope who get no review in this cycle (audited). {ids.EMPLOYEE}",
    )


class CycleOpenView(APIView):
    @extend_schema(
        responses=CycleOpenPreviewSerializer,
        description="What opening would create, changing nothing (for a confirmation).",
    )
    def get(self, request, pk):
        try:
            cycle = cycle_to_run(user=request.user, pk=pk)
        except ReviewCycle.DoesNotExist:
            raise Http404 from None
        return Response(CycleOpenPreviewSerializer(cycle_open_preview(cycle=cycle)).data)

    @extend_schema(
        request=CycleOpenInputSerializer,
        responses={200: CycleOpenReportSerializer, 202: CycleOpeningSerializer},
        description=(
            "Opens a small cycle at once (200, the report). A cycle with many employees in scope "
            "opens in the background (202); follow it at `/cycles/{id}/opening/`. Refused (409) while "
            "another open cycle covers people in scope for the same period, naming them: exclude them "
            "with `exclude`."
        ),
    )
    def post(self, request, pk):
        cycle = get_object_or_404(cycles_visible_to(user=request.user), pk=pk)
        serializer = CycleOpenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        started = services.cycle_open_start(
            cycle=cycle, actor=request.user, exclude=serializer.validated_data.get("exclude", [])
        )
        if started["status"] == "done":
            return Response(started["report"])
        return Response(started, status=status.HTTP_202_ACCEPTED)


class CycleOpeningView(APIView):
    @extend_schema(responses=CycleOpeningSerializer)
    def get(self, request, pk):
        try:
            cycle = cycle_to_run(user=request.user, pk=pk)  # its report names employees in scope
        except ReviewCycle.DoesNotExist:
            raise Http404 from None
        return Response(services.cycle_open_progress(cycle=cycle))


class CycleCloseInputSerializer(serializers.Serializer):
    force_reason = serializers.CharField(allow_blank=True, required=False, max_length=10_000)


class CycleCloseView(APIView):
    @extend_schema(request=CycleCloseInputSerializer, responses=CycleSerializer)
    def post(self, request, pk):
        cycle = get_object_or_404(cycles_visible_to(user=request.user), pk=pk)
        serializer = CycleCloseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cycle = services.cycle_close(cycle=cycle, actor=request.user, **serializer.validated_data)
        return Response(CycleSerializer(cycle).data)


class ProgressQuery(serializers.Serializer):
    unit = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text="An organisation unit's id: count its reviews (with the units below it), list its sub-units.",
    )


class CycleProgressView(APIView):
    @extend_schema(parameters=[ProgressQuery], responses=CycleProgressSerializer)
    def get(self, request, pk):
        cycle = get_object_or_404(cycles_visible_to(user=request.user), pk=pk)
        unit = validated_query(request=request, serializer_class=ProgressQuery).get("unit")  # 400 naming it
        progress = cycle_progress(cycle=cycle, user=request.user, unit=unit)
        return Response(CycleProgressSerializer(progress).data)
