"""HR's pages for a regeling version's talk forms: the form with its sections and questions (changed on
a draft: a section added, a question added, reworded, moved or deleted), and the preview as the
employee and the manager will see it. Every change is a service's (``talk_forms.editing``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.pages import post_only
from reviewcycle.forms.regelingen import QuestionForm, SectionForm, SectionTitleForm, TalkFormTitleForm
from reviewcycle.forms.talk_forms import TalkAnswersForm
from reviewcycle.models import TalkForm, TalkFormSection, TalkQuestion
from reviewcycle.shapes.editing import PublishedIsImmutableError
from reviewcycle.talk_forms.editing import (
    talk_form_section_add,
    talk_form_section_delete,
    talk_form_section_move,
    talk_form_section_rename,
    talk_form_update,
    talk_question_delete,
    talk_question_move,
    talk_question_save,
)
from reviewcycle.talk_forms.selectors import PREVIEW_READERS, talk_form_preview
from reviewcycle.views.common import SERVICE_ERRORS, show_service_error
from reviewcycle.views.regelingen import refuse_published, require_regeling_editor, version_or_404


def _talk_form(pk) -> TalkForm:
    try:
        return TalkForm.objects.select_related("template_version__template").get(pk=pk)
    except TalkForm.DoesNotExist:
        raise Http404(_("No such talk form.")) from None


def _question(pk) -> TalkQuestion:
    try:
        return TalkQuestion.objects.select_related("section__form__template_version__template").get(pk=pk)
    except TalkQuestion.DoesNotExist:
        raise Http404(_("No such question.")) from None


def _form_page(
    request, talk_form: TalkForm, *, title_form=None, section_form=None, rename_form=None, status=200
):
    """The form's page; ``rename_form`` a section's refused new title (that section's form shown open)."""
    version = version_or_404(talk_form.template_version_id)
    talk_form = next(form for form in version.talk_forms.all() if form.pk == talk_form.pk)
    if version.is_editable:
        for section in talk_form.sections.all():
            prefix = f"rename-{section.pk}"
            if rename_form is not None and rename_form.prefix == prefix:
                section.rename_form = rename_form
            else:
                section.rename_form = SectionTitleForm(prefix=prefix, initial={"title": section.title})
    context = {
        "version": version,
        "talk_form": talk_form,
        "title_form": title_form
        or TalkFormTitleForm(initial={"title": talk_form.title, "introduction": talk_form.introduction}),
        "section_form": section_form or SectionForm(prefix="section"),
        "readers": PREVIEW_READERS,
    }
    return render(request, "reviewcycle/regelingen/talk_form.html", context, status=status)


@login_required
def regeling_talk_form(request, pk):
    """GET: the form's sections and questions. POST: its title and introduction changed (a draft's)."""
    require_regeling_editor(request)
    talk_form = _talk_form(pk)
    if request.method != "POST":
        return _form_page(request, talk_form)
    version = talk_form.template_version
    if not version.is_editable:
        return refuse_published(request, version)
    form = TalkFormTitleForm(request.POST)
    if form.is_valid():
        try:
            talk_form_update(form=talk_form, actor=request.user, **form.cleaned_data)
        except PublishedIsImmutableError:
            return refuse_published(request, version)
        except SERVICE_ERRORS as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The form's title and introduction were saved."))
            return redirect("reviewcycle:regeling-talk-form", pk=pk)
    return _form_page(request, talk_form, title_form=form, status=400)


@login_required
@post_only("reviewcycle:regeling-talk-form")
def regeling_section_add(request, pk):
    require_regeling_editor(request)
    talk_form = _talk_form(pk)
    if not talk_form.template_version.is_editable:
        return refuse_published(request, talk_form.template_version)
    form = SectionForm(request.POST, prefix="section")
    if form.is_valid():
        try:
            section = talk_form_section_add(
                form=talk_form, actor=request.user, title=form.cleaned_data["title"]
            )
        except SERVICE_ERRORS as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The section was added."))
            return redirect(
                reverse("reviewcycle:regeling-talk-form", kwargs={"pk": pk}) + f"#section-{section.pk}"
            )
    return _form_page(request, talk_form, section_form=form, status=400)


def _section(pk) -> TalkFormSection:
    try:
        return TalkFormSection.objects.select_related("form__template_version__template").get(pk=pk)
    except TalkFormSection.DoesNotExist:
        raise Http404(_("No such section.")) from None


def _section_form_url(request, pk) -> str:
    """Where a GET on a section's button lands: its form's page."""
    return reverse("reviewcycle:regeling-talk-form", kwargs={"pk": _section(pk).form_id})


@login_required
@post_only(_section_form_url)
def regeling_section_move(request, pk):
    """One place up (``direction=up``) or down on its form, with its questions."""
    require_regeling_editor(request)
    section = _section(pk)
    try:
        talk_form_section_move(section=section, actor=request.user, up=request.POST.get("direction") == "up")
    except PublishedIsImmutableError:
        return refuse_published(request, section.form.template_version)
    form_url = reverse("reviewcycle:regeling-talk-form", kwargs={"pk": section.form_id})
    return redirect(f"{form_url}#section-{section.pk}")


@login_required
@post_only(_section_form_url)
def regeling_section_rename(request, pk):
    """A new title for the section; an empty or too long one refused beside its field (400)."""
    require_regeling_editor(request)
    section = _section(pk)
    if not section.form.template_version.is_editable:
        return refuse_published(request, section.form.template_version)
    form = SectionTitleForm(request.POST, prefix=f"rename-{section.pk}")
    if form.is_valid():
        try:
            talk_form_section_rename(section=section, actor=request.user, title=form.cleaned_data["title"])
        except PublishedIsImmutableError:
            return refuse_published(request, section.form.template_version)
        except SERVICE_ERRORS as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The section was renamed."))
            form_url = reverse("reviewcycle:regeling-talk-form", kwargs={"pk": section.form_id})
            return redirect(f"{form_url}#section-{section.pk}")
    return _form_page(request, section.form, rename_form=form, status=400)


@login_required
@post_only(_section_form_url)
def regeling_section_delete(request, pk):
    """An empty section deleted; one with questions is refused with the reason (its questions first)."""
    require_regeling_editor(request)
    section = _section(pk)
    try:
        talk_form_section_delete(section=section, actor=request.user)
    except PublishedIsImmutableError:
        return refuse_published(request, section.form.template_version)
    except SERVICE_ERRORS as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The section %(title)s was deleted.") % {"title": section.title})
    return redirect("reviewcycle:regeling-talk-form", pk=section.form_id)


def _question_page(request, section: TalkFormSection, form: QuestionForm, question=None, status=200):
    context = {
        "version": section.form.template_version,
        "talk_form": section.form,
        "section": section,
        "question": question,
        "form": form,
    }
    return render(request, "reviewcycle/regelingen/question.html", context, status=status)


def _save_question(request, section: TalkFormSection, question: TalkQuestion | None):
    version = section.form.template_version
    if not version.is_editable:  # a published version's questions are read on its form's page
        if request.method == "POST":
            return refuse_published(request, version)
        return redirect("reviewcycle:regeling-talk-form", pk=section.form_id)
    form = QuestionForm(request.POST) if request.method == "POST" else None
    if form is None:
        form = QuestionForm.of(question) if question else QuestionForm(initial={"answered_by": "employee"})
        return _question_page(request, section, form, question)
    if form.is_valid():
        try:
            saved = talk_question_save(
                section=section, actor=request.user, question=question, **form.question()
            )
        except PublishedIsImmutableError:
            return refuse_published(request, version)
        except SERVICE_ERRORS as error:
            show_service_error(form, error)
        else:
            done = _("The question was changed.") if question else _("The question was added.")
            messages.success(request, done)
            return redirect(f"{_form_url(saved)}#question-{saved.pk}")
    return _question_page(request, section, form, question, status=400)


@login_required
def regeling_question_new(request, pk):
    """A new question at the end of a section."""
    require_regeling_editor(request)
    return _save_question(request, _section(pk), None)


@login_required
def regeling_question(request, pk):
    """A question reworded: its text, help, kind, options, who answers and whether it is required."""
    require_regeling_editor(request)
    question = _question(pk)
    return _save_question(request, question.section, question)


@login_required
@post_only("reviewcycle:regeling-question")
def regeling_question_move(request, pk):
    """One place up (``direction=up``) or down in its section."""
    require_regeling_editor(request)
    question = _question(pk)
    try:
        talk_question_move(question=question, actor=request.user, up=request.POST.get("direction") == "up")
    except PublishedIsImmutableError:
        return refuse_published(request, question.section.form.template_version)
    return redirect(f"{_form_url(question)}#question-{question.pk}")


@login_required
def regeling_question_delete(request, pk):
    """GET: asks whether to delete the question (a page, so it works without JavaScript). POST with
    ``confirm=yes`` (that page's button): deleted; without it, back to that page, nothing deleted."""
    require_regeling_editor(request)
    question = _question(pk)
    version = question.section.form.template_version
    if not version.is_editable:
        if request.method == "POST":
            return refuse_published(request, version)
        return redirect("reviewcycle:regeling-talk-form", pk=question.section.form_id)
    if request.method != "POST":
        context = {"version": version, "talk_form": question.section.form, "question": question}
        return render(request, "reviewcycle/regelingen/question_delete.html", context)
    if request.POST.get("confirm") != "yes":
        return redirect("reviewcycle:regeling-question-delete", pk=pk)
    try:
        talk_question_delete(question=question, actor=request.user)
    except PublishedIsImmutableError:
        return refuse_published(request, version)
    messages.success(
        request, _("The question “%(text)s” was deleted.") % {"text": Truncator(question.text).words(12)}
    )
    return redirect(f"{_form_url(question)}#section-{question.section_id}")


def _form_url(question: TalkQuestion) -> str:
    return reverse("reviewcycle:regeling-talk-form", kwargs={"pk": question.section.form_id})


@login_required
def regeling_talk_form_preview(request, pk, reader):
    """The form as ``reader`` (employee or manager) fills it in before the talk, and the report as the
    review's record shows it afterwards; read-only, nothing can be sent."""
    require_regeling_editor(request)
    if reader not in PREVIEW_READERS:
        raise Http404(_("No such preview."))
    version = version_or_404(_talk_form(pk).template_version_id)
    talk_form = next(form for form in version.talk_forms.all() if form.pk == int(pk))
    open_form = talk_form_preview(form=talk_form, reader=reader)
    answers_form = TalkAnswersForm(open_form=open_form)
    for field in answers_form.fields.values():
        field.disabled = True
    context = {
        "version": version,
        "talk_form": talk_form,
        "open_form": open_form,
        "form": answers_form,
        "reader": reader,
        "readers": PREVIEW_READERS,
    }
    return render(request, "reviewcycle/regelingen/preview.html", context)
