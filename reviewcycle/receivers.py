"""Running reviews follow what happens to people (sent by people's services and importers); a cycle's kept
figures are out of date once one of its reviews or the cycle itself is saved (``figures``)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from people.signals import (
    employee_contract_dates_changed,
    employee_left,
    employee_manager_changed,
    employee_role_changed,
    employees_provisioned,
)
from reviewcycle import rules
from reviewcycle.figures import figures_changed
from reviewcycle.models import Review, ReviewCycle
from reviewcycle.signals import review_transitioned

LEAVER_REASON = "uit dienst"


def _open_reviews(employee):
    return Review.objects.filter(employee=employee, state__in=Review.OPEN_STATES)


@receiver(employee_manager_changed)
def move_open_reviews(sender, employee, old_manager, new_manager, actor, **kwargs):
    from reviewcycle.services import review_reassign_manager

    if new_manager is None:
        return
    for review in _open_reviews(employee):
        review_reassign_manager(
            review=review,
            actor=actor,
            manager=new_manager,
            reason=_("Manager changed in the personnel data"),
            personnel_data=True,
        )


@receiver(employees_provisioned)
def open_reviews_for_arrivals(sender, employees, **kwargs):
    """A new hire with a start date gets a review in the standing cycles for individuals (probation)."""
    from reviewcycle.services.individual import reviews_add_for_arrivals

    reviews_add_for_arrivals(employees=employees)


@receiver(employee_contract_dates_changed)
def redate_reviews_for_individuals(sender, employee, **kwargs):
    """A start or probation review follows the employee's new start date or contract end while ahead."""
    from reviewcycle.services.individual import reviews_redate_for_employee

    reviews_redate_for_employee(employee=employee)


@receiver(employee_role_changed)
def flag_open_reviews(sender, employee, actor, **kwargs):
    from reviewcycle.services import review_flag_role_change

    for review in _open_reviews(employee):
        review_flag_role_change(review=review, actor=actor)


@receiver(employee_left)
def cancel_open_reviews(sender, employee, actor, **kwargs):
    from reviewcycle.services import review_cancel

    for review in _open_reviews(employee):
        # HR cancels in their own name; anyone else who records the leaving (an admin, HR of another
        # unit or who holds another role in this review, the leaver themselves in an import) may not
        # cancel this review: then the system does, as the leaving follows the personnel data.
        by = actor if actor is not None and rules.is_hr_without_own_role(review, actor) else None
        review_cancel(review=review, actor=by, reason=LEAVER_REASON)


@receiver(employee_left)
def hand_managed_reviews_to_hr(sender, employee, actor, **kwargs):
    from reviewcycle.services import reviews_flag_for_hr

    reviews_flag_for_hr(leaver=employee, actor=actor)


@receiver(post_save, sender=Review)
@receiver(post_delete, sender=Review)
def review_figures_changed(sender, instance, **kwargs):
    figures_changed(cycle_id=instance.cycle_id)


@receiver(post_save, sender=ReviewCycle)
def cycle_figures_changed(sender, instance, **kwargs):
    figures_changed(cycle_id=instance.pk)


@receiver(review_transitioned)
def record_talk_answers(sender, review, transition, **kwargs):
    """A talk recorded: its preparations and report become part of the review's record (``talk_forms``)."""
    from reviewcycle.talk_forms.selectors import RECORDED_BY
    from reviewcycle.talk_forms.services import talk_answers_record

    talk = RECORDED_BY.get(transition)
    if talk is not None:
        occurrence = review.progress_talk_count if talk == "progress" else 1
        talk_answers_record(review=review, talk=talk, occurrence=occurrence)


@receiver(review_transitioned)
def close_informant_requests(sender, review, transition, **kwargs):
    """A review closed: the informants still asked about it are not any more (``informants_close``)."""
    from reviewcycle.informants.services import informants_close

    if review.state in Review.DONE_STATES:
        informants_close(review=review)
