"""What happens to running reviews when people change: another manager, another role, leaving."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import TransitionNotAllowed

from frameworks.selectors import expected_profile
from people.models import Employee
from people.selectors import people_hr_may_name
from reviewcycle import rules
from reviewcycle.models import CompetencyAssessment, IndicatorMark, Review, ReviewEvent
from reviewcycle.services.transitions import HR_WITH_OWN_ROLE, lock_review
from reviewcycle.signals import review_reassigned, review_second_reviewer_changed

State = Review.State
OTHER_THAN_PARTICIPANTS = gettext_lazy(
    "The second reviewer must be someone other than the employee and the manager."
)
REBASELINE_STATES = [State.PLANNING, State.PLAN_SIGNOFF, State.IN_PROGRESS, State.SELF_ASSESSMENT]


def _require_hr(review: Review, actor, *, personnel_data: bool = False) -> None:
    """HR for the unit without another role on the review (403 otherwise); when the change only follows
    the personnel data (``personnel_data``), HR for the unit is enough: the data names whom it names."""
    if actor is None:
        return
    if not rules.is_hr_for(review, actor):
        raise PermissionDenied(_("Only HR for the employee's unit can do this."))
    if not personnel_data and not rules.is_hr_without_own_role(review, actor):
        raise PermissionDenied(str(HR_WITH_OWN_ROLE))


def _require_open(review: Review) -> None:
    if not review.is_open:
        raise TransitionNotAllowed(
            _("The review is %(state)s; it no longer changes.")
            % {"state": review.get_state_display().lower()}
        )


def _require_still_here(person: Employee, field: str) -> None:
    if not Employee.objects.filter(pk=person.pk, active=True).exists():
        raise ValidationError(
            {
                field: _("%(name)s has left the organisation; choose someone who still works here.")
                % {"name": person.name}
            }
        )


def _require_nameable(actor, person: Employee, field: str) -> None:
    """HR names only whom they may name (``people_hr_may_name``: the pages offer no one else), 400."""
    if actor is None or people_hr_may_name(user=actor).filter(pk=person.pk).exists():
        return
    if not person.user.is_active:
        message = _("%(name)s cannot log in (the account is switched off); choose someone who can.")
    else:
        message = _("%(name)s does not work in the units you are HR for; choose someone who does.")
    raise ValidationError({field: message % {"name": person.name}})


def _refuse_own_role(
    actor, *, manager: Employee | None = None, second_reviewer: Employee | None = None
) -> None:
    """HR handles the review; they do not also become its manager or second reviewer (403)."""
    if actor is None:
        return
    if manager is not None and manager.user_id == actor.pk:
        raise PermissionDenied(
            _("You cannot make yourself the manager of a review you handle as HR: ask a colleague in HR.")
        )
    if second_reviewer is not None and second_reviewer.user_id == actor.pk:
        raise PermissionDenied(
            _(
                "You cannot make yourself the second reviewer of a review you handle as HR: ask a colleague in HR."
            )
        )


@transaction.atomic
def review_reassign_manager(
    *,
    review: Review,
    actor,
    manager: Employee,
    second_reviewer: Employee | None = None,
    reason: str = "",
    personnel_data: bool = False,
) -> Review:
    """Move an open review to another manager (history stays; both managers are told).

    ``second_reviewer`` defaults to the new manager's manager (none when that one has left). Clears
    the review's ``hr_attention``. Raises PermissionDenied (403) for anyone but HR of the unit; unless
    ``personnel_data`` (the move follows the HR data, which names whom it names) also for HR who is the
    review's manager or second reviewer and when HR would make themselves either; ValidationError (400) for the employee themselves,
    a named ``second_reviewer`` who is the employee or the new manager, someone who has left and, unless ``personnel_data``, anyone HR may not name (``people_hr_may_name``:
    outside their units, or whose login is off); TransitionNotAllowed (409) once the review is closed.
    """
    review = lock_review(review)
    _require_hr(review, actor, personnel_data=personnel_data)
    _require_open(review)
    if manager.pk == review.employee_id:
        raise ValidationError({"manager": _("An employee cannot be their own manager.")})
    _require_still_here(manager, "manager")
    explicit = second_reviewer is not None
    if explicit:
        _require_still_here(second_reviewer, "second_reviewer")
        if second_reviewer.pk in (review.employee_id, manager.pk):  # named: refused, never dropped
            raise ValidationError({"second_reviewer": str(OTHER_THAN_PARTICIPANTS)})
    else:
        second_reviewer = Employee.objects.filter(pk=manager.manager_id, active=True).first()
        if second_reviewer is not None and second_reviewer.pk in (review.employee_id, manager.pk):
            second_reviewer = None
    if not personnel_data:
        _refuse_own_role(actor, manager=manager)
        if (
            not explicit
            and second_reviewer is not None
            and second_reviewer.user_id == getattr(actor, "pk", None)
        ):
            raise PermissionDenied(
                _(
                    "The new manager's manager is you, so you would become the second reviewer: "
                    "name another second reviewer."
                )
            )
        _refuse_own_role(actor, second_reviewer=second_reviewer)
        _require_nameable(actor, manager, "manager")
        if explicit:
            _require_nameable(actor, second_reviewer, "second_reviewer")
    old_manager = review.manager
    old = {"manager": old_manager.pk, "second_reviewer": review.second_reviewer_id}
    new = {"manager": manager.pk, "second_reviewer": getattr(second_reviewer, "pk", None)}
    if old == new:
        return review
    review.manager = manager
    review.second_reviewer = second_reviewer
    review.hr_attention, review.hr_attention_since = "", None  # HR has dealt with it
    review.save(
        update_fields=["manager", "second_reviewer", "hr_attention", "hr_attention_since", "updated_at"]
    )
    ReviewEvent.record(
        review=review,
        actor=actor,
        kind=ReviewEvent.Kind.MANAGER_REASSIGNED,
        payload={"reason": reason},
        old=old,
        new=new,
    )
    review_reassigned.send(
        sender=Review, review=review, actor=actor, old_manager=old_manager, new_manager=manager
    )
    return review


@transaction.atomic
def review_set_second_reviewer(
    *, review: Review, actor, second_reviewer: Employee, reason: str = ""
) -> Review:
    """Name another second reviewer for an open review; clears a flag that the previous one left.

    Raises PermissionDenied (403) for anyone but HR of the unit, for HR who is the review's manager or
    second reviewer, and for HR naming themselves,
    ValidationError (400) for the employee, the manager, someone who has left or anyone HR may not name
    (``people_hr_may_name``), and
    TransitionNotAllowed (409) once the review is closed.
    """
    review = lock_review(review)
    _require_hr(review, actor)
    _require_open(review)
    _refuse_own_role(actor, second_reviewer=second_reviewer)
    _require_still_here(second_reviewer, "second_reviewer")
    if second_reviewer.pk in (review.employee_id, review.manager_id):
        raise ValidationError({"second_reviewer": str(OTHER_THAN_PARTICIPANTS)})
    _require_nameable(actor, second_reviewer, "second_reviewer")
    previous = review.second_reviewer_id
    review.second_reviewer = second_reviewer
    if review.hr_attention == Review.Attention.SECOND_REVIEWER_LEFT:
        review.hr_attention, review.hr_attention_since = "", None
    review.save(update_fields=["second_reviewer", "hr_attention", "hr_attention_since", "updated_at"])
    ReviewEvent.record(
        review=review,
        actor=actor,
        kind=ReviewEvent.Kind.SECOND_REVIEWER_CHANGED,
        payload={"reason": reason},
        old={"second_reviewer": previous},
        new={"second_reviewer": second_reviewer.pk},
    )
    review_second_reviewer_changed.send(sender=Review, review=review, actor=actor)
    return review


@transaction.atomic
def reviews_flag_for_hr(*, leaver: Employee, actor) -> int:
    """The open reviews ``leaver`` manages or second-reviews wait for HR (sent when they leave).

    Each gets ``hr_attention`` (why: their manager, or else their second reviewer, left) and the
    local date since when; the dashboard lists them and HR reassigns them, which clears the flag.
    One audit event per review. Returns the number flagged; a review already flagged keeps its date.
    """
    today = timezone.localdate()
    reviews = (
        Review.objects.select_for_update(of=("self",))
        .filter(Q(manager=leaver) | Q(second_reviewer=leaver), state__in=Review.OPEN_STATES)
        .exclude(employee=leaver)
        .order_by("pk")
    )
    flagged = 0
    for review in reviews:
        reason = (
            Review.Attention.MANAGER_LEFT
            if review.manager_id == leaver.pk
            else Review.Attention.SECOND_REVIEWER_LEFT
        )
        if review.hr_attention == reason or review.hr_attention == Review.Attention.MANAGER_LEFT:
            continue
        review.hr_attention, review.hr_attention_since = reason, today
        review.save(update_fields=["hr_attention", "hr_attention_since", "updated_at"])
        ReviewEvent.record(
            review=review,
            actor=actor,
            kind=ReviewEvent.Kind.FLAGGED_FOR_HR,
            payload={"reason": reason, "leaver": leaver.pk},
        )
        flagged += 1
    return flagged


@transaction.atomic
def review_flag_role_change(*, review: Review, actor) -> Review:
    """The employee's role changed after opening: keep the snapshot, flag it for HR."""
    review = lock_review(review)
    if not review.is_open or review.needs_rebaseline:
        return review
    review.needs_rebaseline = True
    review.save(update_fields=["needs_rebaseline", "updated_at"])
    ReviewEvent.record(review=review, actor=actor, kind=ReviewEvent.Kind.ROLE_CHANGE_FLAGGED)
    return review


@transaction.atomic
def review_rebaseline(*, review: Review, actor, reason: str) -> Review:
    """Take the expected levels again from the employee's current cell or profile (before scoring starts).

    Raises PermissionDenied (403) for anyone but HR of the unit and for HR who is the review's manager
    or second reviewer; TransitionNotAllowed (409) once scoring started; ValidationError (400) without
    a reason."""
    review = lock_review(review)
    _require_hr(review, actor)
    if review.state not in REBASELINE_STATES:
        raise TransitionNotAllowed(_("Expected levels can only be re-baselined before scoring starts."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("This field is required.")})
    employee = Employee.objects.select_related("role_type", "job_profile").get(pk=review.employee_id)
    profile = expected_profile(employee=employee, framework_version=review.cycle.framework_version)
    existing = {item.competency_id: item for item in review.assessments.all()}
    before = {item.name: item.expected_level for item in existing.values() if item.in_focus}
    wanted = set()
    for order, expected in enumerate(profile):
        wanted.add(expected.competency.pk)
        assessment = existing.get(expected.competency.pk) or CompetencyAssessment(
            review=review, competency=expected.competency
        )
        assessment.name = expected.competency.name
        assessment.definition = expected.competency.definition
        assessment.expected_level = expected.expected_level
        assessment.level_summary = expected.level_summary
        assessment.order = order
        assessment.in_focus = True
        assessment.save()
        assessment.marks.all().delete()  # unmarked snapshots: scoring has not started
        IndicatorMark.objects.bulk_create(
            [
                IndicatorMark(assessment=assessment, text=indicator.text, is_next_level=is_next, order=n)
                for is_next, indicators in (
                    (False, expected.indicators),
                    (True, expected.next_level_indicators),
                )
                for n, indicator in enumerate(indicators)
            ]
        )
    for competency_id, assessment in existing.items():
        if competency_id not in wanted and assessment.in_focus:
            assessment.in_focus = False
            assessment.save(update_fields=["in_focus"])
    from reviewcycle.services.opening import _role_label

    old = {"expected_levels": before, "role_label": review.role_label}
    review.role_label = _role_label(employee)
    review.needs_rebaseline = False
    review.save(update_fields=["role_label", "needs_rebaseline", "updated_at"])
    after = {item.competency.name: item.expected_level for item in profile}
    ReviewEvent.record(
        review=review,
        actor=actor,
        kind=ReviewEvent.Kind.REBASELINED,
        payload={"reason": reason},
        old=old,
        new={"expected_levels": after, "role_label": review.role_label},
    )
    return review
