"""REST endpoints of the reports app: review PDFs, the cycle dashboard, review exports, bulk PDF exports."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from core.downloads import FILE_PARAMETERS, FILE_RESPONSES, file_response, format_and_language
from core.filenames import file_name_part
from core.files import stored_file_response
from core.query import ChoiceField, filter_parameters, filtered, validated_query
from people.models import Employee, OrgUnit
from reports.dashboard import cycle_dashboard
from reports.exports import review_export_rows
from reports.models import ReviewFormExport
from reports.payroll import payroll_rows
from reports.pdf import render_review_form
from reports.privacy import employee_for_data_request, personal_data_export
from reports.selectors import exports_visible_to
from reports.serializers import DashboardSerializer
from reports.services import form_export_start
from reports.talk_reports import talk_report_rows
from reviewcycle.apis import ids
from reviewcycle.filters import ReviewFilter
from reviewcycle.models import Review, ReviewCycle
from reviewcycle.record import FORM_KINDS, build_review_form
from reviewcycle.selectors import cycle_for_hr, cycles_visible_to, review_detail, review_list
from reviewcycle.services import review_log_access

FORM_PARAMETER = OpenApiParameter(
    "form",
    str,
    enum=list(FORM_KINDS),
    description="Which form (default: the one that belongs to the review's state).",
)


def _error(request, message: str, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class FormQuery(serializers.Serializer):
    form = ChoiceField(choices=FORM_KINDS, required=False, allow_blank=True)


def review_pdf_response(request, pk) -> HttpResponse:
    """The PDF of a review the user may see, for the page and the API alike (404 for anything else).

    A bad ``?form=`` is a 400: in the API's error shape under /api/, as plain text on the page.
    """
    try:
        kind = validated_query(request=request, serializer_class=FormQuery).get("form") or None
    except serializers.ValidationError as error:
        if request.path.startswith("/api/"):
            raise
        return _error(request, " ".join(error.detail["form"]), 400)
    try:
        review = review_detail(user=request.user, pk=pk)
    except (Review.DoesNotExist, ValueError):
        return _error(request, "Not found.", 404)
    review_log_access(review=review, user=request.user, via="pdf")
    form = build_review_form(review, user=request.user, kind=kind)
    response = HttpResponse(render_review_form(form), content_type="application/pdf")
    filename = f"{file_name_part(form.reference, lowercase=False)}-{form.kind}-{file_name_part(form.employee_name)}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class ReviewPdfView(APIView):
    @extend_schema(parameters=[FORM_PARAMETER], responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        return review_pdf_response(request, pk)


class CycleDashboardView(APIView):
    class QuerySerializer(serializers.Serializer):
        today = serializers.DateField(required=False)
        unit = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)

    @extend_schema(
        parameters=[
            OpenApiParameter("today", OpenApiTypes.DATE, description="Count as of this date."),
            OpenApiParameter(
                "unit",
                OpenApiTypes.INT,
                description="An organisation unit's id: count only its reviews (with the units below it) "
                "and list its direct sub-units; without it the top of the tree.",
            ),
        ],
        responses=DashboardSerializer,
    )
    def get(self, request, pk):
        try:
            cycle = cycle_for_hr(user=request.user, pk=pk)
        except ReviewCycle.DoesNotExist:
            raise NotFound from None
        query = validated_query(request=request, serializer_class=self.QuerySerializer)  # 400 naming it
        dashboard = cycle_dashboard(
            cycle=cycle, user=request.user, today=query.get("today"), unit=query.get("unit")
        )
        return Response(DashboardSerializer(dashboard).data)


class ReviewExportView(APIView):
    """The reviews the caller may see, filtered like the list, as CSV or XLSX."""

    @extend_schema(
        parameters=[
            *FILE_PARAMETERS,
            *filter_parameters(ReviewFilter),
        ],
        responses=FILE_RESPONSES,
    )
    def get(self, request):
        file_format, language = format_and_language(request)
        reviews = filtered(
            request=request, queryset=review_list(user=request.user), filterset_class=ReviewFilter
        )
        header, rows = review_export_rows(
            reviews, user=request.user, language=language
        )  # the header's queries
        # The sheet has been called "Medewerkers" since the people export's writer made every XLSX.
        return file_response(header, rows, file_format, "beoordelingen", sheet_title="Medewerkers")


class CyclePayrollExportView(APIView):
    """The payroll export of a cycle (``reports.payroll``): the confirmed consequences of its final
    appraisals in the caller's HR scope, one row each, as CSV or XLSX. 404 for a cycle the caller cannot
    see, 403 for someone who sees it but is not HR, 400 for a bad ``format`` or ``language``."""

    @extend_schema(parameters=FILE_PARAMETERS, responses=FILE_RESPONSES)
    def get(self, request, pk):
        try:
            cycle = cycle_for_hr(user=request.user, pk=pk)
        except ReviewCycle.DoesNotExist:
            raise NotFound from None
        file_format, language = format_and_language(request)
        header, rows = payroll_rows(cycle=cycle, user=request.user, language=language)
        name = "salarisadministratie" if language == "nl" else "payroll"
        return file_response(header, rows, file_format, f"{name}-{cycle.pk}", sheet_title="Gevolgen")


class CycleTalkReportExportView(APIView):
    """The talk reports of a cycle (``reports.talk_reports``): every answer on its talk forms that is part
    of the record (no preparation still private to its author), one row each, for the reviews of the
    caller's HR scope, as CSV or XLSX. 404 for a cycle the caller cannot see, 403 for someone who sees
    it but is not HR, 400 for a bad ``format`` or ``language``."""

    @extend_schema(parameters=FILE_PARAMETERS, responses=FILE_RESPONSES)
    def get(self, request, pk):
        try:
            cycle = cycle_for_hr(user=request.user, pk=pk)
        except ReviewCycle.DoesNotExist:
            raise NotFound from None
        file_format, language = format_and_language(request)
        header, rows = talk_report_rows(cycle=cycle, user=request.user, language=language)
        name = "gespreksverslagen" if language == "nl" else "talk-reports"
        return file_response(header, rows, file_format, f"{name}-{cycle.pk}", sheet_title="Gespreksverslagen")


class FormExportSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = ReviewFormExport
        fields = [
            "id",
            "cycle",
            "org_unit",
            "status",
            "total",
            "done",
            "percent",
            "error",
            "created_at",
            "download",
        ]
        read_only_fields = ["status", "total", "done", "error", "created_at"]

    def get_download(self, export) -> str | None:
        if export.status != ReviewFormExport.Status.DONE:
            return None
        return reverse("api:form-export-download", args=[export.pk])


class FormExportInputSerializer(serializers.Serializer):
    cycle = serializers.IntegerField(help_text=ids.CYCLE)
    org_unit = serializers.IntegerField(help_text=f"{ids.ORG_UNIT} Its reviews, with the units below it.")


class FormExportListView(APIView):
    @extend_schema(request=FormExportInputSerializer, responses={202: FormExportSerializer})
    def post(self, request):
        data = FormExportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cycle = get_object_or_404(cycles_visible_to(user=request.user), pk=data.validated_data["cycle"])
        org_unit = get_object_or_404(OrgUnit, pk=data.validated_data["org_unit"])
        export = form_export_start(actor=request.user, cycle=cycle, org_unit=org_unit)
        return Response(FormExportSerializer(export).data, status=status.HTTP_202_ACCEPTED)


class FormExportDetailView(APIView):
    @extend_schema(responses=FormExportSerializer)
    def get(self, request, pk):
        export = get_object_or_404(exports_visible_to(user=request.user), pk=pk)
        return Response(FormExportSerializer(export).data)


class FormExportDownloadView(APIView):
    @extend_schema(
        responses={
            (200, "application/zip"): OpenApiTypes.BINARY,
            409: OpenApiResponse(
                description=(
                    "No file: `code` is `export_failed` (start a new export), `export_not_ready` or "
                    "`export_file_gone` (no longer kept: start a new export)."
                )
            ),
        }
    )
    def get(self, request, pk):
        export = get_object_or_404(exports_visible_to(user=request.user), pk=pk)
        refusal = export.download_refusal()
        if refusal is not None:
            code, message = refusal
            return Response({"detail": message, "code": code}, status=status.HTTP_409_CONFLICT)
        return stored_file_response(export.file, filename=export.file.name.rsplit("/", 1)[-1])


class PersonalDataView(APIView):
    @extend_schema(
        responses={(200, "application/zip"): OpenApiTypes.BINARY},
        description=(
            "AVG right of access: everything stored about one employee (gegevens.json) and the PDF of "
            "each of their reviews, as a zip. For HR of the employee's unit; every review read is logged."
        ),
    )
    def get(self, request, pk):
        try:
            employee = employee_for_data_request(actor=request.user, pk=pk)
        except Employee.DoesNotExist:
            raise NotFound from None
        content, filename = personal_data_export(employee=employee, actor=request.user)
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
