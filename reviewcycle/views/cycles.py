"""HR runs cycles: a new cycle (or a copy of last year's), changing or deleting a draft, opening
(after a confirmation), adding the missing, closing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.pages import post_only
from reviewcycle import services
from reviewcycle.forms import (
    CloseCycleForm,
    CycleDueDatesForm,
    CycleForm,
    OpenCycleForm,
    regeling_of,
    regelingen_to_choose,
)
from reviewcycle.models import ReviewCycle
from reviewcycle.selectors import (
    cycle_defaults,
    cycle_open_preview,
    cycle_to_run,
    cycles_visible_to,
)
from reviewcycle.views.common import SERVICE_ERRORS, require_hr, show_service_error


def _warn_past_dates(request, form) -> None:
    past = form.past_dates(timezone.localdate())
    if past:
        messages.warning(
            request,
            _("Check these dates, they lie in the past: %(dates)s.") % {"dates": ", ".join(past)},
        )


@login_required
def cycle_new(request):
    """A new cycle for the units HR works for; it opens from its dashboard."""
    require_hr(request)
    # The regeling first (``?template_version=``, a form of its own on the page): the form then asks what
    # its shape needs, filled in with its own dates and numbers.
    version = regeling_of(request.POST.get("template_version") or request.GET.get("template_version"))
    form = CycleForm(
        request.POST or None,
        user=request.user,
        version=version,
        initial=cycle_defaults(today=timezone.localdate(), version=version),
    )
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
            _warn_past_dates(request, form)
            return redirect("reports:dashboard", pk=cycle.pk)
    status = 400 if request.method == "POST" else 200
    earlier = cycles_visible_to(user=request.user).order_by("-period_start", "name")[:3]
    context = {"form": form, "earlier": earlier, "version": version, "regelingen": regelingen_to_choose()}
    return render(request, "reviewcycle/cycle_form.html", context, status=status)


@login_required
def cycle_edit(request, pk):
    """Change a draft cycle's settings."""
    cycle = _hr_cycle(request, pk)
    if cycle.state != ReviewCycle.State.DRAFT:
        messages.error(request, _("Only a draft cycle can be changed."))
        return redirect("reports:dashboard", pk=pk)
    version = regeling_of(request.POST.get("template_version"), cycle=cycle)
    form = CycleForm(request.POST or None, user=request.user, instance=cycle, version=version)
    if request.method == "POST" and form.is_valid():
        data = form.cycle_settings()
        try:
            saved = services.cycle_update(cycle=cycle, actor=request.user, **data)
        except SERVICE_ERRORS as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The cycle is saved."))
            if saved.settings_from_regeling:
                labels = [
                    str(ReviewCycle._meta.get_field(name).verbose_name)
                    for name in saved.settings_from_regeling
                ]
                messages.info(
                    request,
                    _("These settings you had not changed now follow the regeling: %(settings)s.")
                    % {"settings": ", ".join(labels)},
                )
            _warn_past_dates(request, form)
            return redirect("reports:dashboard", pk=pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "cycle": cycle, "version": version}
    return render(request, "reviewcycle/cycle_form.html", context, status=status)


@login_required
def cycle_delete_view(request, pk):
    """Delete a draft cycle, after a confirmation (GET shows it, POST deletes)."""
    cycle = _hr_cycle(request, pk)
    if cycle.state != ReviewCycle.State.DRAFT:
        messages.error(request, _("Only a draft cycle can be deleted; this one is open or closed."))
        return redirect("reports:dashboard", pk=pk)
    if request.method == "POST":
        try:
            services.cycle_delete(cycle=cycle, actor=request.user)
        except SERVICE_ERRORS as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("reports:dashboard", pk=pk)
        messages.success(request, _("The draft cycle %(name)s is deleted.") % {"name": cycle.name})
        return redirect("reports:cycles")
    return render(request, "reviewcycle/cycle_delete.html", {"cycle": cycle})


@login_required
@post_only("reports:dashboard")
def cycle_copy_view(request, pk):
    """A draft for the next year with this cycle's settings; HR checks it on its form."""
    cycle = _hr_cycle(request, pk)
    try:
        copy = services.cycle_copy(cycle=cycle, actor=request.user)
    except SERVICE_ERRORS as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("reports:dashboard", pk=pk)
    messages.success(
        request, _("The cycle %(name)s is a copy; check it and open it when you are.") % {"name": copy.name}
    )
    return redirect("reviewcycle:cycle-edit", pk=copy.pk)


def _hr_cycle(request, pk) -> ReviewCycle:
    """The cycle to run (``cycle_to_run``): 404 when the user cannot see it, 403 unless HR of its
    whole scope."""
    try:
        return cycle_to_run(user=request.user, pk=pk)
    except ReviewCycle.DoesNotExist:
        raise Http404(_("No such cycle.")) from None


@login_required
def cycle_open_view(request, pk):
    """GET: what opening will do (reviews, e-mails, whom another open cycle covers already, to exclude);
    POST: open the cycle; a large one opens in the background and its dashboard shows the progress."""
    cycle = _hr_cycle(request, pk)
    if cycle.state != ReviewCycle.State.DRAFT:
        messages.error(request, _("This cycle is already open or closed."))
        return redirect("reports:dashboard", pk=pk)
    preview = cycle_open_preview(cycle=cycle)
    form = OpenCycleForm(
        request.POST if request.method == "POST" else None, overlapping=preview["overlapping"]
    )
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        context = {"cycle": cycle, "preview": preview, "form": form, "refusal": _refusal(cycle)}
        return render(request, "reviewcycle/cycle_open.html", context, status=status)
    try:
        started = services.cycle_open_start(
            cycle=cycle, actor=request.user, exclude=form.cleaned_data["exclude"]
        )
    except SERVICE_ERRORS as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("reviewcycle:cycle-open", pk=pk)
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


def _refusal(cycle: ReviewCycle) -> str:
    try:
        services.refuse_overlap(cycle)
    except SERVICE_ERRORS as error:
        return str(error)
    return ""


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


@login_required
def cycle_due_dates_view(request, pk):
    """Move an open cycle's due dates (GET shows them, POST moves them)."""
    cycle = _hr_cycle(request, pk)
    if cycle.state != ReviewCycle.State.OPEN:
        messages.error(
            request, _("Only an open cycle's due dates are moved here; change a draft cycle as a whole.")
        )
        return redirect("reports:dashboard", pk=pk)
    form = CycleDueDatesForm(request.POST or None, instance=ReviewCycle.objects.get(pk=cycle.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_change_due_dates(cycle=cycle, actor=request.user, **form.due_dates())
        except SERVICE_ERRORS as error:
            show_service_error(form, error)
        else:
            messages.success(
                request, _("The due dates were moved; the open reviews and their reminders follow them.")
            )
            return redirect("reports:dashboard", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "reviewcycle/cycle_due_dates.html", {"form": form, "cycle": cycle}, status=status)
