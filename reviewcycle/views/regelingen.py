"""HR's regeling pages: the list, a new regeling, a version's shape (a draft changed, a published one
read), a new draft of a published version, and publishing. Thin: every change is a service's
(``shapes.editing``, ``shapes.services``); who may is ``rules.can_edit_regelingen``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.pages import post_only
from reviewcycle.forms.regelingen import ConsequencesForm, RegelingForm, ShapeForm, TalkFormAddForm
from reviewcycle.models import CycleTemplateVersion, TalkForm
from reviewcycle.rules import can_edit_regelingen
from reviewcycle.shapes.editing import (
    PublishedIsImmutableError,
    cycle_template_create,
    cycle_template_draft_create,
    cycle_template_version_update,
    require_draft,
    template_consequences_update,
)
from reviewcycle.shapes.rules import shape_problems
from reviewcycle.shapes.selectors import regelingen_overview, template_version_detail
from reviewcycle.shapes.services import cycle_template_version_publish, require_publishable
from reviewcycle.talk_forms.editing import talk_form_add
from reviewcycle.views.common import SERVICE_ERRORS, show_service_error


def require_regeling_editor(request) -> None:
    """403 unless the user makes the organisation's regelingen (``rules.can_edit_regelingen``)."""
    if not can_edit_regelingen(request.user):
        raise PermissionDenied


def version_or_404(pk) -> CycleTemplateVersion:
    try:
        return template_version_detail(pk=pk)
    except CycleTemplateVersion.DoesNotExist:
        raise Http404(_("No such regeling version.")) from None


def refuse_published(request, version: CycleTemplateVersion):
    """The answer to a change of a published version: 409, with what to do instead (the service's words)."""
    try:
        require_draft(version)
        message = ""
    except PublishedIsImmutableError as error:
        message = error.messages[0]
    return render(
        request, "reviewcycle/regelingen/refused.html", {"version": version, "message": message}, status=409
    )


@login_required
def regeling_list(request):
    """Every regeling with its versions: status, publication date and how many cycles run on each."""
    require_regeling_editor(request)
    return render(request, "reviewcycle/regelingen/list.html", {"templates": regelingen_overview()})


@login_required
def regeling_new(request):
    """A regeling of the organisation's own: its name and code; version 1 is a draft to shape."""
    require_regeling_editor(request)
    form = RegelingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = cycle_template_create(actor=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                _("The regeling %(name)s was created as a draft; give it its shape and talk forms.")
                % {"name": version.template.name},
            )
            return redirect("reviewcycle:regeling-version", pk=version.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "reviewcycle/regelingen/new.html", {"form": form}, status=status)


@login_required
def regeling_version(request, pk):
    """GET: the version's shape and talk forms (a form to change on a draft, read-only when published).
    POST: change a draft's shape; 409 for a published one."""
    require_regeling_editor(request)
    version = version_or_404(pk)
    form = ShapeForm(request.POST or None, instance=version)
    if request.method == "POST":
        if not version.is_editable:
            return refuse_published(request, version)
        if form.is_valid():
            try:
                cycle_template_version_update(version=version, actor=request.user, **form.shape())
            except PublishedIsImmutableError:
                return refuse_published(request, version)
            except SERVICE_ERRORS as error:
                show_service_error(form, error)
            else:
                _saved_message(request, version)
                return redirect("reviewcycle:regeling-version", pk=pk)
    if request.method == "GET" and request.session.pop(REFUSED_KEY, None) == str(version.pk):
        return _refused_page(request, version)
    return _version_page(request, version, form, status=400 if request.method == "POST" else 200)


REFUSED_KEY = "regeling_publish_refused"


def _saved_message(request, version: CycleTemplateVersion) -> None:
    """Saved; when the shape cannot be published yet (``shape_problems``, the rule publish applies), a
    warning, and the page shows each reason beside its field (as after a refused publish)."""
    problems = shape_problems(template_version_detail(pk=version.pk))
    if not problems:
        messages.success(request, _("The shape of the draft was saved."))
        return
    request.session[REFUSED_KEY] = str(version.pk)
    messages.warning(
        request, _("Saved; the regeling cannot be published like this yet: correct what is marked below.")
    )


def _refused_page(request, version: CycleTemplateVersion):
    """The version's page after a refused publish: the saved shape, each reason beside its field."""
    try:
        require_publishable(version)
    except SERVICE_ERRORS as error:
        form = ShapeForm.as_saved(version)
        form.is_valid()
        consequences_form = ConsequencesForm.as_saved(version)
        shape_error, consequence_error = _split_consequences(error)
        if shape_error is not None:
            show_service_error(form, shape_error)
        if consequence_error is not None:
            show_service_error(consequences_form, consequence_error)
        return _version_page(request, version, form, consequences_form=consequences_form)
    return _version_page(request, version, ShapeForm(instance=version))


def _version_page(request, version, form, *, consequences_form=None, status=200):
    forms_by_talk = {talk_form.talk: talk_form for talk_form in version.talk_forms.all()}
    missing = [(value, label) for value, label in TalkForm.Talk.choices if value not in forms_by_talk]
    context = {
        "version": version,
        "form": form,
        "talk_forms": [forms_by_talk[value] for value in TalkForm.Talk.values if value in forms_by_talk],
        "add_form": TalkFormAddForm(prefix="add") if missing else None,
        "missing_talks": missing,
        "has_draft": version.template.versions.filter(status=CycleTemplateVersion.Status.DRAFT).exists(),
        "shape_rows": [] if version.is_editable else ShapeForm(instance=version).readable(),
        "consequences_form": consequences_form or ConsequencesForm(version=version),
    }
    return render(request, "reviewcycle/regelingen/version.html", context, status=status)


@login_required
@post_only("reviewcycle:regeling-version")
def regeling_draft_new(request, pk):
    """A new draft of this version's regeling, its shape and talk forms copied."""
    require_regeling_editor(request)
    version = version_or_404(pk)
    try:
        draft = cycle_template_draft_create(version=version, actor=request.user)
    except SERVICE_ERRORS as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("reviewcycle:regeling-version", pk=pk)
    messages.success(
        request,
        _("Version %(number)s of %(name)s was started as a draft from version %(source)s.")
        % {"number": draft.number, "name": version.template.name, "source": version.number},
    )
    return redirect("reviewcycle:regeling-version", pk=draft.pk)


@login_required
@post_only("reviewcycle:regeling-version")
def regeling_publish(request, pk):
    """Publish the draft: refused, with every reason by field, when its shape cannot finish."""
    require_regeling_editor(request)
    version = version_or_404(pk)
    if not version.is_editable:
        return refuse_published(request, version)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("The draft was not published: confirm first that it can no longer change."))
        return redirect("reviewcycle:regeling-version", pk=pk)
    try:
        cycle_template_version_publish(version=version, actor=request.user)
    except SERVICE_ERRORS:
        # Back on the version's own address, the saved shape shown with each reason beside its field.
        request.session[REFUSED_KEY] = str(version.pk)
        messages.error(request, _("The draft was not published: correct what is marked below."))
        return redirect("reviewcycle:regeling-version", pk=pk)
    messages.success(
        request,
        _("Version %(number)s of %(name)s was published: new cycles can run on it.")
        % {"number": version.number, "name": version.template.name},
    )
    return redirect("reviewcycle:regeling-version", pk=pk)


CONSEQUENCE_FIELDS = ("consequences", "consequence_defaults")


def _split_consequences(error):
    """A publish refusal split in (the shape's reasons, the consequences' reasons), each None if empty:
    each is shown on its own form of the page."""
    if not isinstance(error, ValidationError) or not hasattr(error, "error_dict"):
        return error, None
    shape = {field: errors for field, errors in error.error_dict.items() if field not in CONSEQUENCE_FIELDS}
    rest = {field: errors for field, errors in error.error_dict.items() if field in CONSEQUENCE_FIELDS}
    return (ValidationError(shape) if shape else None), (ValidationError(rest) if rest else None)


@login_required
@post_only("reviewcycle:regeling-version")
def regeling_consequences(request, pk):
    """The consequences of the appraisal a draft allows and its defaults per rating; 409 when published,
    400 with the reason beside the field (a default not allowed, defaults that exclude each other)."""
    require_regeling_editor(request)
    version = version_or_404(pk)
    if not version.is_editable:
        return refuse_published(request, version)
    form = ConsequencesForm(request.POST, version=version)
    if form.is_valid():
        try:
            template_consequences_update(version=version, actor=request.user, **form.consequences())
        except PublishedIsImmutableError:
            return refuse_published(request, version)
        except SERVICE_ERRORS as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The consequences of the appraisal were saved."))
            return redirect("reviewcycle:regeling-version", pk=pk)
    shape_form = ShapeForm(instance=version)
    return _version_page(request, version, shape_form, consequences_form=form, status=400)


@login_required
@post_only("reviewcycle:regeling-version")
def regeling_talk_form_add(request, pk):
    """A form for one more talk of the draft."""
    require_regeling_editor(request)
    version = version_or_404(pk)
    form = TalkFormAddForm(request.POST, prefix="add")
    if not form.is_valid():
        messages.error(request, _("Choose a talk."))
        return redirect("reviewcycle:regeling-version", pk=pk)
    try:
        talk_form = talk_form_add(version=version, talk=form.cleaned_data["talk"], actor=request.user)
    except PublishedIsImmutableError:
        return refuse_published(request, version)
    except SERVICE_ERRORS as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("reviewcycle:regeling-version", pk=pk)
    messages.success(request, _("The form %(title)s was added.") % {"title": talk_form.title})
    return redirect("reviewcycle:regeling-talk-form", pk=talk_form.pk)
