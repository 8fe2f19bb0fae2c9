"""Pages of the reports app: review PDFs, the HR dashboard, bulk PDF exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.downloads import file_response
from core.filenames import file_name_part
from core.jobs import JobNotQueuedError
from core.pages import post_only
from core.query import as_id
from core.widgets import NO_UNIT_FOUND, TYPE_A_UNIT, search_select_attrs
from people.selectors import can_import_people, is_hr, units_hr_may_choose
from reports.apis import review_pdf_response
from reports.charts import dashboard_charts
from reports.dashboard import cycle_dashboard
from reports.dashboard_pdf import render_dashboard_pdf
from reports.models import ReviewFormExport
from reports.objections import objection_rows
from reports.selectors import exports_visible_to
from reports.services import form_export_start
from reviewcycle import rules
from reviewcycle.filters import ReviewFilter
from reviewcycle.models import ReviewCycle
from reviewcycle.selectors import cycle_for_hr, cycles_visible_to, objection_register
from reviewcycle.services import cycle_open_progress


@login_required
def review_pdf(request, pk):
    return review_pdf_response(request, pk)


def _hr_cycle(request, pk):
    try:
        return cycle_for_hr(user=request.user, pk=pk)
    except ReviewCycle.DoesNotExist:
        raise Http404 from None


@login_required
def cycle_list(request):
    if not is_hr(user=request.user):
        raise PermissionDenied
    context = {
        "cycles": cycles_visible_to(user=request.user),
        # The imports hold for the whole organisation: offered to the HR who may run them.
        "can_import": can_import_people(user=request.user),
    }
    return render(request, "reports/cycles.html", context)


@login_required
def objections_export(request):
    """The register of objections (HR's scope) as CSV, filtered as on its page (``?objection=``,
    ``?search=``); ``?language=en`` for English column names. 403 for non-HR, 400 for a bad filter."""
    if not is_hr(user=request.user):
        raise PermissionDenied
    filterset = ReviewFilter(request.GET, queryset=objection_register(user=request.user), request=request)
    if not filterset.is_valid():
        return HttpResponseBadRequest(
            " ".join(str(e) for errors in filterset.errors.values() for e in errors)
        )
    language = "en" if request.GET.get("language") == "en" else "nl"
    return file_response(*objection_rows(filterset.qs, language=language), "csv", "bezwaren")


def _unit(request) -> int | None:
    """The unit the dashboard is opened at (``?unit=``); None for the whole cycle, also for a value that
    is no id (the page then shows the whole cycle, as the link without it does)."""
    return as_id(request.GET.get("unit", ""))


@login_required
def dashboard(request, pk):
    cycle = _hr_cycle(request, pk)
    data = cycle_dashboard(cycle=cycle, user=request.user, unit=_unit(request))
    opening = cycle_open_progress(cycle=cycle)
    return render(
        request,
        "reports/dashboard.html",
        {
            "cycle": cycle,
            "data": data,
            # No review yet (a draft cycle, a scope without staff): nothing to draw, and an empty chart
            # shows meaningless axes.
            "charts": dashboard_charts(data) if data["total"] else [],
            # A unit of thousands is found by typing, never listed whole (issue 17).
            "unit_search": {
                "attrs": search_select_attrs(
                    reverse("api:org-unit-search"), placeholder=TYPE_A_UNIT, no_results=NO_UNIT_FOUND
                )
            },
            "opening": opening,
            "opening_under_way": opening["status"] in ("queued", "running"),
            "can_run": rules.cycle_scope_refusal(cycle.scope.all(), request.user) is None,
        },
    )


@login_required
def dashboard_pdf(request, pk):
    cycle = _hr_cycle(request, pk)
    response = HttpResponse(
        render_dashboard_pdf(cycle_dashboard(cycle=cycle, user=request.user, unit=_unit(request))),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="dashboard-{file_name_part(cycle.name)}.pdf"'
    return response


@login_required
@post_only("reports:dashboard")
def form_export_create(request, pk):
    cycle = _hr_cycle(request, pk)
    # One of the units the field's search offers (a tampered id of another unit: as if none was chosen).
    unit_id = as_id(request.POST.get("org_unit", ""))
    unit = units_hr_may_choose(user=request.user).filter(pk=unit_id).first() if unit_id else None
    if unit is None:
        messages.error(request, _("Choose one of your organisation units for the zip of the forms."))
        return redirect(reverse("reports:dashboard", args=[cycle.pk]) + "#bulk")
    try:
        export = form_export_start(actor=request.user, cycle=cycle, org_unit=unit)
    except JobNotQueuedError as error:
        messages.error(request, str(error))
        return redirect("reports:dashboard", pk=cycle.pk)
    return redirect("reports:form-export", pk=export.pk)


@login_required
def form_export_status(request, pk):
    export = get_object_or_404(
        exports_visible_to(user=request.user).select_related("cycle", "org_unit"), pk=pk
    )
    refusal = export.download_refusal() if export.status == ReviewFormExport.Status.DONE else None
    return render(request, "reports/form_export.html", {"export": export, "refusal": refusal})
