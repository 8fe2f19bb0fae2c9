"""The talk form page: the employee and the manager prepare the talk (and the manager writes its report)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reviewcycle.forms.talk_forms import TalkAnswersForm
from reviewcycle.talk_forms.selectors import talk_form_now, talk_form_to_fill
from reviewcycle.talk_forms.services import talk_answers_save, talk_answers_share
from reviewcycle.views.common import SERVICE_ERRORS, show_service_error, visible_review


@login_required
def talk_form(request, pk):
    """GET: the form of the talk prepared now with the reader's answers. POST: save them (``share``:
    and share the preparation with the other side before the talk)."""
    review = visible_review(request, pk)
    if not talk_form_to_fill(review, request.user):
        messages.info(request, _("There is no talk form for you to fill in now."))
        return redirect("reviewcycle:review", pk=pk)
    open_form = talk_form_now(review=review, user=request.user)
    form = TalkAnswersForm(request.POST or None, open_form=open_form)
    if request.method == "POST" and form.is_valid():
        try:
            talk_answers_save(review=review, actor=request.user, answers=form.answers())
            if "share" in request.POST:
                talk_answers_share(review=review, actor=request.user)
                messages.success(
                    request, _("Saved and shared: the other side can read your preparation now.")
                )
            else:
                messages.success(
                    request,
                    _("Saved. Your preparation stays yours until the talk is recorded or you share it."),
                )
            return redirect("reviewcycle:talk-form", pk=pk)
        except SERVICE_ERRORS as error:
            show_service_error(form, error)
    return render(
        request,
        "reviewcycle/talk_form.html",
        {"review": review, "open_form": open_form, "form": form},
        status=400 if request.method == "POST" else 200,
    )
