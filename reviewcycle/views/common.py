"""What every review page shares: finding a visible review, showing a service's refusal on a form, lists of rows."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from core.jobs import JobNotQueuedError
from people.selectors import is_hr
from reviewcycle.models import Review, ReviewCycle
from reviewcycle.next_steps import next_step_for
from reviewcycle.record import visible_overall_rating
from reviewcycle.rules import Role
from reviewcycle.selectors import review_detail
from reviewcycle.services.errors import TransitionBlocked
from reviewcycle.workflow import (
    PHASE_LABEL,
    PHASE_OF_STATE,
    ObjectionStatus,
    is_overdue,
    objection_status,
    owner_label,
    owner_role_of,
)


def open_reviews(queryset):
    return queryset.filter(cycle__state=ReviewCycle.State.OPEN).order_by("employee__name", "id")


def review_rows(reviews, *, reader: Role | None = None, user=None) -> list[dict]:
    """One dict per review for the lists' tables, the next step as ``reader`` (the role the list is
    for) reads it; with ``user``, the overall rating as they may see it."""
    today = timezone.localdate()
    return [
        {
            "review": review,
            "phase": PHASE_LABEL[PHASE_OF_STATE[review.state]],
            "next_action": next_step_for(review, reader, dated=False),
            "waiting_for": owner_role_of(review),
            "whose_turn": owner_label(review),
            "overdue": is_overdue(review, today),
            "objection": ObjectionStatus.LABEL[objection_status(review)],
            "rating": visible_overall_rating(review=review, user=user) if user is not None else None,
        }
        for review in reviews
    ]


def visible_review(request, pk) -> Review:
    try:
        return review_detail(user=request.user, pk=pk)
    except (Review.DoesNotExist, ValueError):
        # 404, not 403: whether a review exists is not for others to learn.
        raise Http404(_("No such review.")) from None


def show_service_error(form, error: Exception) -> None:
    """Put what the service refused on the form: next to its field where it names one, else above the form."""
    if isinstance(error, TransitionBlocked):
        problems = list(zip(error.fields, error.messages, strict=True))
    elif isinstance(error, ConcurrentTransition):
        problems = [(None, _("Someone else changed this review at the same moment; reload and try again."))]
    elif isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        # A field the form lacks goes above it, unless the form maps it onto its own (``_fields_for``).
        problems = [
            (field, message) for field, messages_ in error.message_dict.items() for message in messages_
        ]
    elif isinstance(error, ValidationError):
        problems = [(None, message) for message in error.messages]
    else:
        problems = [(None, _("This step is not possible now."))]
    for field, message in problems:
        for target in _fields_for(form, field) or [None]:
            form.add_error(target, message)


def _fields_for(form, name: str | None) -> list[str]:
    """The form's fields a message about ``name`` belongs next to (a form may map a name of the
    service's onto its own fields with ``fields_for``); none: above the form."""
    if name is None:
        return []
    if hasattr(form, "fields_for"):
        return form.fields_for(name)
    return [name] if name in form.fields else []


SERVICE_ERRORS = (
    ValidationError,
    TransitionNotAllowed,
    ConcurrentTransition,
    PermissionDenied,
    JobNotQueuedError,
)


def require_hr(request) -> None:
    if not is_hr(user=request.user):
        raise PermissionDenied
