"""``/api/v1/people/``: import (CSV/XLSX, run by a Celery task), its progress, export and template."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from core.downloads import FILE_PARAMETERS, FILE_RESPONSES, file_response, format_and_language
from core.text import validate_single_line
from core.uploads import upload_too_large
from people.importers import ImportFileError, check_upload, export_rows, exportable_employees, template_rows
from people.importers.export import SHEET
from people.importers.read import too_large_message
from people.selectors import can_import_people, hr_org_units, imports_visible_to, people_import_progress
from people.services import people_import_start


class CanImportPeople(BasePermission):
    """Checked before the request body is read: nobody else gets the upload parsed at all."""

    message = gettext_lazy("Only HR for the whole organisation can import employees.")

    def has_permission(self, request, view) -> bool:
        return can_import_people(user=request.user)


class ImportProgressSerializer(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField(help_text="The stage in words, in the caller's language.")
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()


def _numbers(help_text: str) -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(), required=False, help_text=help_text)


class ImportIssueSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    """``people.importers.Report.as_dict()`` with its ``summary``; empty while the import waits or runs,
    only ``file_error`` and ``errors`` when the file could not be read. Every key is optional."""

    dry_run = serializers.BooleanField(required=False)
    rows = serializers.IntegerField(required=False)
    created = _numbers("Employee numbers created.")
    updated = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Employee number → the fields that changed.",
    )
    unchanged = serializers.IntegerField(required=False)
    deactivated = _numbers("Employee numbers deactivated (missing from the file).")
    units_created = _numbers("Organisation units created.")
    movers = _numbers("Employees who moved to another unit or manager.")
    role_changes = _numbers("Employees whose role changed.")
    leavers = _numbers("Employees with an end date.")
    not_reactivated = _numbers("Departed employees the file shows as working here: they stay departed.")
    errors = ImportIssueSerializer(many=True, required=False, help_text="Any error: nothing was changed.")
    summary = serializers.CharField(required=False, help_text="In one sentence, in the caller's language.")
    file_error = serializers.CharField(required=False, help_text="Why the file could not be read.")


@extend_schema_field(ImportReportSerializer)
class ImportReportField(serializers.JSONField):
    """The stored report as it is; the schema describes its keys (``ImportReportSerializer``)."""


class ImportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    filename = serializers.CharField()
    status = serializers.CharField()
    dry_run = serializers.BooleanField()
    deactivate_missing = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    progress = serializers.SerializerMethodField()
    report = ImportReportField()

    @extend_schema_field(ImportProgressSerializer)
    def get_progress(self, upload) -> dict:
        return people_import_progress(upload=upload)


class ImportStartView(APIView):
    # Stores the upload and answers 202; the worker reads it (``GET …/import/{id}/`` shows how it
    # went). 403 before the body is read for anyone but HR of the whole organisation; 400 for a
    # file over ``IMPORT_MAX_UPLOAD_BYTES`` (stopped while it arrives), of another type, or no
    # CSV/XLSX by its first bytes; 409 while another import waits or runs. (A comment, not a
    # docstring: the docstring would become the operation's description in docs/openapi.yaml.)

    parser_classes = [MultiPartParser, FormParser]
    permission_classes = [CanImportPeople]

    class ImportInputSerializer(serializers.Serializer):
        file = serializers.FileField()
        dry_run = serializers.BooleanField(required=False, default=False)
        deactivate_missing = serializers.BooleanField(required=False, default=False)
        framework = serializers.CharField(
            max_length=80, required=False, allow_blank=True, default="", validators=[validate_single_line]
        )

        def validate_file(self, file):
            try:
                check_upload(file=file)
            except ImportFileError as error:
                raise serializers.ValidationError(str(error)) from error
            return file

    @extend_schema(request={"multipart/form-data": ImportInputSerializer}, responses={202: ImportSerializer})
    def post(self, request):
        if upload_too_large(request):
            raise serializers.ValidationError({"file": [too_large_message()]})
        serializer = self.ImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            upload = people_import_start(
                actor=request.user,
                content=data["file"].read(),
                filename=data["file"].name,
                dry_run=data["dry_run"],
                deactivate_missing=data["deactivate_missing"],
                framework=data["framework"],
            )
        except DjangoValidationError as error:
            if error.code != "import_running":
                raise
            return Response(
                {"detail": " ".join(error.messages), "code": "import_running"},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(ImportSerializer(upload).data, status=status.HTTP_202_ACCEPTED)


class ImportDetailView(APIView):
    @extend_schema(responses=ImportSerializer)
    def get(self, request, pk):
        upload = get_object_or_404(imports_visible_to(user=request.user), pk=pk)
        return Response(ImportSerializer(upload).data)


class ExportView(APIView):
    """Employees of the caller's HR scope in the import's columns (round trip)."""

    @extend_schema(parameters=FILE_PARAMETERS, responses=FILE_RESPONSES)
    def get(self, request):
        file_format, language = format_and_language(request)
        units = hr_org_units(user=request.user)
        if not units.exists():
            raise PermissionDenied(gettext("Only HR can export employees."))
        employees = exportable_employees().filter(org_unit__in=units)
        return file_response(*export_rows(employees, language), file_format, "medewerkers", sheet_title=SHEET)


class TemplateView(APIView):
    @extend_schema(parameters=FILE_PARAMETERS, responses=FILE_RESPONSES)
    def get(self, request):
        file_format, language = format_and_language(request)
        return file_response(*template_rows(language), file_format, "importsjabloon", sheet_title=SHEET)
