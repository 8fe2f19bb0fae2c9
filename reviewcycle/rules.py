"""Who may act on a review, as ``(review, user) -> bool`` predicates.

They feed ``@transition(permission=…)``, the API's permission checks and the buttons a
page shows. Nobody acts on their own review in any role but the employee's.
"""

from enum import StrEnum

from people.selectors import hr_org_units, hr_sees_whole_organisation


class Role(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    SECOND_REVIEWER = "second_reviewer"
    HR = "hr"


def _user_id(user) -> int | None:
    return user.pk if user is not None and getattr(user, "is_authenticated", False) else None


def _employee_user_id(employee) -> int | None:
    return employee.user_id if employee is not None else None


def is_reviewee(review, user) -> bool:
    uid = _user_id(user)
    return uid is not None and review.employee.user_id == uid


def is_manager(review, user) -> bool:
    uid = _user_id(user)
    return uid is not None and _employee_user_id(review.manager) == uid and not is_reviewee(review, user)


def is_second_reviewer(review, user) -> bool:
    uid = _user_id(user)
    return (
        uid is not None and _employee_user_id(review.second_reviewer) == uid and not is_reviewee(review, user)
    )


def is_hr_for(review, user) -> bool:
    """HR whose scope covers the employee's unit (never for their own review)."""
    if _user_id(user) is None or is_reviewee(review, user):
        return False
    if hr_sees_whole_organisation(user=user):
        return True
    # Once per user object (a list asks for every row): the units, empty for anyone who is not HR.
    cache = getattr(user, "_hr_unit_ids", None)
    if cache is None:
        cache = user._hr_unit_ids = set(hr_org_units(user=user).values_list("id", flat=True))
    return review.employee.org_unit_id in cache


def is_hr_without_own_role(review, user) -> bool:
    """HR for the employee's unit who holds no other role on this review: not its employee, manager or
    second reviewer. The one rule for every HR-only action on a review (cancel, exempt, reopen, decide
    an objection, reassign, name a second reviewer, re-baseline): HR who takes part in a review (the
    people import may legitimately make them someone's manager) does not also steer or close it; a
    colleague in HR does."""
    return is_hr_for(review, user) and not is_manager(review, user) and not is_second_reviewer(review, user)


def is_hr_with_own_role(review, user) -> bool:
    """HR for the employee's unit who is refused an HR-only action because they hold another role here."""
    return is_hr_for(review, user) and not is_hr_without_own_role(review, user)


def is_system(review, user) -> bool:
    """Time-driven transitions run by beat, with no user."""
    return user is None


def is_manager_or_system(review, user) -> bool:
    return is_system(review, user) or is_manager(review, user)


def is_hr_without_own_role_or_system(review, user) -> bool:
    """HR without another role on the review, or the system acting on an HR data feed (a leaver's
    review is cancelled)."""
    return is_system(review, user) or is_hr_without_own_role(review, user)


def roles_of(review, user) -> set[Role]:
    """The roles ``user`` holds on this review; on their own review only the employee's."""
    if is_reviewee(review, user):
        return {Role.EMPLOYEE}
    checks = {Role.MANAGER: is_manager, Role.SECOND_REVIEWER: is_second_reviewer, Role.HR: is_hr_for}
    return {role for role, check in checks.items() if check(review, user)}


def manager_scores_released(review) -> bool:
    """The manager's scores are the employee's to see: submitted, and not being scored again: neither back
    in scoring (an upheld objection, a return by the second reviewer, a reopening by HR) nor cancelled or
    exempted while there (the redraft was never submitted)."""
    if review.scores_submitted_at is None or review.state == review.State.SCORING:
        return False
    if review.state in (review.State.CANCELLED, review.State.EXEMPT):
        return _closed_from(review) != review.State.SCORING
    return True


def _closed_from(review) -> str:
    """The state a cancelled or exempted review was closed from (its events: prefetched by the detail)."""
    closing = [
        event
        for event in review.events.all()
        if event.to_state == review.state and event.from_state != review.state
    ]
    return closing[-1].from_state if closing else ""


def can_see_manager_scores(review, user) -> bool:
    """The employee sees the manager's scores once they are submitted (from the appraisal talk on)."""
    if not is_reviewee(review, user):
        return True
    return manager_scores_released(review)
