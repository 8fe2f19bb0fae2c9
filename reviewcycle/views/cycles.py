"""HR runs cycles: a new cycle, opening, adding the missing, closing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.pages import post_only
from reviewcycle import services
from reviewcycle.forms import (
    CloseCycleForm,
    CycleForm,
)
from reviewcycle.models import ReviewCycle
from reviewcycle.selectors import cycle_for_hr
from reviewcycle.views.common import SERVICE_ERRORS, require_hr, show_service_error


@login_required
def cycle_new(request):
    """A new cycle for the units HR works for; it opens from its dashboard."""
    require_hr(request)
    form = CycleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cycle_settings()
        try:
            cycle = services.cycle_create(actor=request.user, scope=list(data.pop("scope")), **data)
        except SERVICE_ERRORS as error:
            show_service_error(form, error)
        else:
            messages.success(
                request, _("The cycle %(name)s is ready; open it when you are.") % {"name": cycle.name}
            )
            return redirect("reports:dashboard", pk=cycle.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "reviewcycle/cycle_form.html", {"form": form}, status=status)


def _hr_cycle(request, pk) -> ReviewCycle:
    try:
        return cycle_for_hr(user=request.user, pk=pk)
    except ReviewCycle.DoesNotExist:
        raise Http404(_("No such cycle.")) from None


@login_required
@post_only("reports:dashboard")
def cycle_open_view(request, pk):
    """Open the cycle; a large one opens in the background and its dashboard shows the progress."""
    cycle = _hr_cycle(request, pk)
    try:
        started = services.cycle_open_start(cycle=cycle, actor=request.user)
    except SERVICE_ERRORS as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        if started["status"] == "done":
            messages.success(
                request,
                _("The cycle is open: %(created)s reviews created.")
                % {"created": started["report"]["created"]},
            )
        else:
            messages.info(request, _("The cycle is being opened; this page shows how far it is."))
    return redirect("reports:dashboard", pk=pk)


@login_required
@post_only("reports:dashboard")
def cycle_add_missing_view(request, pk):
    """After HR gave the missing employees a manager (or new people joined): their reviews."""
    cycle = _hr_cycle(request, pk)
    try:
        report = services.cycle_add_missing(cycle=cycle, actor=request.user)
    except SERVICE_ERRORS as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            ngettext("%(count)s review added.", "%(count)s reviews added.", report["created"])
            % {"count": report["created"]},
        )
    return redirect("reports:dashboard", pk=pk)


@login_required
def cycle_opening(request, pk):
    """How far opening in the background is, for the dashboard's progress bar."""
    cycle = _hr_cycle(request, pk)
    return JsonResponse(services.cycle_open_progress(cycle=cycle))


@login_required
@post_only("reports:dashboard")
def cycle_close_view(request, pk):
    cycle = _hr_cycle(request, pk)
    form = CloseCycleForm(request.POST)
    if form.is_valid():
        try:
            services.cycle_close(
                cycle=cycle, actor=request.user, force_reason=form.cleaned_data["force_reason"]
            )
        except SERVICE_ERRORS as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The cycle is closed."))
    return redirect("reports:dashboard", pk=pk)
