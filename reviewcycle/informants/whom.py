"""Who may be asked for input on a review: the rules on the person (a user) or the address (an external)
that ``services.informant_request`` applies; the page's list of candidates leaves out whom they refuse."""

from django.db.models import Q
from django.utils.translation import gettext as _

from people.models import Employee
from people.selectors import organisation_of
from reviewcycle import rules
from reviewcycle.informants import selectors
from reviewcycle.models import InformantRequest, Review
from reviewcycle.selectors import reviews_visible_to


def person_refusal(review: Review, actor, relation: str, informant) -> str | None:
    """Why ``informant`` (a user) cannot be asked for input on ``review`` under ``relation`` (None: they
    can). Never the employee, the asker or the review's manager (who judges; asked by the employee, they
    would read an aggregate holding their own answer); only someone of the employee's organisation; in an
    anonymous group nobody who may read the review (second reviewer, HR of the unit): knowing their own
    answer, they could take it out of the group's aggregate and narrow down the others'. Asked as a direct
    report, only someone whose manager the employee is: the group's name says who is in it."""
    if not informant.is_active:
        return _("This person can no longer log in.")
    if informant.pk == review.employee.user_id:
        return _("The employee cannot be an informant on their own review.")
    if informant.pk == actor.pk:
        return _("You cannot ask yourself for input.")
    if rules.is_manager(review, informant):
        return _("The review's manager cannot be an informant on it.")
    employee = getattr(informant, "employee", None)
    if (
        employee is None
        or not employee.active
        or (organisation_of(org_unit=employee.org_unit) != organisation_of(org_unit=review.employee.org_unit))
    ):
        return _("Only someone of the employee's organisation can be asked as a person.")
    if relation == InformantRequest.Relation.REPORT and (employee.manager_id != review.employee_id):
        return _("%(name)s is not a direct report of %(employee)s: ask them as a colleague or a manager.") % {
            "name": employee.name,
            "employee": review.employee.name,
        }
    if relation in selectors.anonymous_relations(review) and (
        reviews_visible_to(user=informant).filter(pk=review.pk).exists()
    ):
        # Not saying why (that they may read the review): an HR scope is not the asker's business.
        return _(
            "%(name)s cannot answer in an anonymous group on this review: ask them as a named informant."
        ) % {"name": employee.name}
    return None


def address_refusal(review: Review, email: str) -> str | None:
    """An address of someone of the employee's organisation with an account: they are asked as a person
    (``person_refusal``), never around those rules as an external contact."""
    organisation = organisation_of(org_unit=review.employee.org_unit)
    for employee in Employee.objects.filter(
        Q(email__iexact=email) | Q(user__email__iexact=email), active=True
    ).select_related("org_unit"):
        if organisation_of(org_unit=employee.org_unit) == organisation:
            return _("This address belongs to %(name)s: ask them as a person of the organisation.") % {
                "name": employee.name
            }
    return None
