"""The review page's side forms, beside its steps: the manager plans a talk, HR names another manager
or another second reviewer. Bad input comes back on the review page (status 400) with the form open
and filled in as sent, each error next to its field; the change itself is the service's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.pages import post_only
from notifications import services as talk_services
from notifications.forms import TalkForm
from reviewcycle import rules, services
from reviewcycle.forms import ReassignForm, SecondReviewerForm
from reviewcycle.views.common import SERVICE_ERRORS, show_service_error, visible_review
from web.views.review import render_review


def _change(request, review, *, form, shown: bool, change) -> HttpResponse:
    """Run ``change(cleaned_data) -> success message`` from ``form``.

    Its errors, and the service's, go next to the form's fields on the review page (400) when the
    page shows the form to this user (``shown``); otherwise (the review closed meanwhile, a role
    changed) the page cannot show the form, so the refusal is a message at its top.
    """
    if form.is_valid():
        try:
            success = change(form.cleaned_data)
        except SERVICE_ERRORS as error:
            if not shown:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
                return redirect("reviewcycle:review", pk=review.pk)
            show_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect("reviewcycle:review", pk=review.pk)
    elif not shown:
        for problem in [error for errors in form.errors.values() for error in errors]:
            messages.error(request, problem)
        return redirect("reviewcycle:review", pk=review.pk)
    return render_review(request, visible_review(request, review.pk), side={form.prefix: form}, status=400)


@login_required
@post_only("reviewcycle:review")
def schedule_talk(request, pk):
    """The manager plans a talk from the review page; both participants get a calendar invitation."""
    review = visible_review(request, pk)

    def change(data):
        talk_services.talk_schedule(review=review, actor=request.user, **data)
        return _("The talk is planned; both of you received a calendar invitation.")

    form = TalkForm(request.POST, prefix="talk")
    return _change(
        request, review, form=form, shown=rules.can_schedule_talk(review, request.user), change=change
    )


def _hr_review(request, pk):
    review = visible_review(request, pk)
    if not rules.is_hr_for(review, request.user):
        raise Http404(_("No such review."))
    return review


def _change_person(request, pk, *, form_class, prefix: str, role: str, service, done) -> HttpResponse:
    """HR names another person in ``role`` ("manager" or "second_reviewer": the form's field and the
    service's argument) for the review, with a reason; ``done(person)`` is the success message."""
    review = _hr_review(request, pk)

    def change(data):
        person = data[role]
        service(review=review, actor=request.user, reason=data["reason"], **{role: person})
        return done(person)

    form = form_class(request.POST, user=request.user, review=review, prefix=prefix)
    return _change(
        request, review, form=form, shown=rules.can_change_people(review, request.user), change=change
    )


@login_required
@post_only("reviewcycle:review")
def reassign(request, pk):
    """HR moves the open review to another manager; history stays, both managers are told."""
    return _change_person(
        request,
        pk,
        form_class=ReassignForm,
        prefix="reassign",
        role="manager",
        service=services.review_reassign_manager,
        done=lambda manager: _("The review now lies with %(manager)s.") % {"manager": manager.name},
    )


@login_required
@post_only("reviewcycle:review")
def set_second_reviewer(request, pk):
    """HR names another second reviewer (the manager's manager is absent, or is the wrong person)."""
    return _change_person(
        request,
        pk,
        form_class=SecondReviewerForm,
        prefix="second",
        role="second_reviewer",
        service=services.review_set_second_reviewer,
        done=lambda person: _("%(name)s is now the second reviewer.") % {"name": person.name},
    )
