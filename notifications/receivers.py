"""Turn reviewcycle's announcements into notifications, inside the same transaction."""

from collections import Counter
from datetime import date

from django.conf import settings
from django.dispatch import receiver

from notifications import messages
from notifications.models import Notification, ScheduledTalk
from notifications.password_reset import account_invite
from notifications.services import notifications_mark_handled, notify, talk_mark_held
from people.signals import employees_provisioned
from reviewcycle import talk_reports
from reviewcycle.models import Review, ReviewEvent
from reviewcycle.signals import (
    cycle_opened,
    informant_requested,
    review_reassigned,
    review_second_reviewer_changed,
    review_transitioned,
    reviews_erasing,
)

# The steps that send an appraisal back to the manager's scoring with a reason the manager must read:
# the second reviewer's return, HR upholding an objection, HR reopening a final appraisal.
BACK_TO_SCORING = {"return_to_manager", "decide_objection", "reopen"}

# The step that records each kind of talk: once it is recorded, the talk took place.
TALK_RECORDED_BY = {
    ReviewEvent.Kind.PLANNING_TALK_RECORDED: ScheduledTalk.Kind.PLANNING,
    ReviewEvent.Kind.PROGRESS_TALK_RECORDED: ScheduledTalk.Kind.PROGRESS,
    ReviewEvent.Kind.APPRAISAL_TALK_RECORDED: ScheduledTalk.Kind.APPRAISAL,
}


@receiver(review_transitioned)
def tell_whose_turn_it_is(sender, review, transition, actor, from_state, **kwargs):
    if review.state == from_state:
        return  # a progress talk: nobody new has to act
    # The step is taken (on the page, by the API or a task): what asked for it needs no action any more.
    notifications_mark_handled(review=review)
    event, payload = (
        ReviewEvent.objects.filter(review=review).order_by("-id").values_list("id", "payload").first()
    ) or (None, {})
    if transition == "decide_objection":
        notify(
            recipients=[review.employee.user],
            review=review,
            kind=Notification.Kind.OBJECTION_DECIDED,
            key=f"objection_decided:{review.pk}:{event}",
            text_for=lambda user: messages.objection_decided(review, user),
        )
        if review.state == Review.State.FINAL:  # the decision's message says the appraisal is final
            return
    if review.state == Review.State.FINAL:
        notify(
            recipients=[review.employee.user],
            review=review,
            kind=Notification.Kind.FINAL,
            key=f"final:{review.pk}:{event}",
            text_for=lambda user: messages.final(review, user),
        )
        return
    if transition == "object":
        notify(
            recipients=[review.employee.user],
            review=review,
            kind=Notification.Kind.OBJECTION,
            key=f"objection:{review.pk}:{event}",
            text_for=lambda user: messages.objection_received(review, user),
            due_date=review.due_date,
        )
    returned = {}
    if transition in BACK_TO_SCORING and review.state == Review.State.SCORING:
        returned = {"returned_by": _name(actor), "reason": payload.get("reason", "")}
    recipients = [user for user in messages.owners_of(review) if actor is None or user.pk != actor.pk]
    notify(
        recipients=recipients,
        review=review,
        kind=Notification.Kind.YOUR_TURN,
        key=f"turn:{review.pk}:{event}",
        text_for=lambda user: messages.your_turn(review, user, **returned),
        due_date=review.due_date,
    )


@receiver(review_transitioned)
def tell_the_employee_a_report_waits(sender, review, transition, **kwargs):
    """A progress talk recorded on a regeling whose reports the employee signs: they are told it waits,
    until when (``reviewcycle.talk_reports``). Handled once they sign it (``acknowledge_talk``)."""
    if transition == ReviewEvent.Kind.TALK_REPORT_ACKNOWLEDGED:
        payload = (
            ReviewEvent.objects.filter(review=review)
            .order_by("-id")
            .values_list("payload", flat=True)
            .first()
        )
        signed = payload.get("occurrence")  # the service marks its talk once the step is recorded
        if not [r for r in talk_reports.reports_to_sign(review) if r.occurrence != signed]:
            notifications_mark_handled(review=review, recipient_ids=[review.employee.user_id])
        return
    if transition != ReviewEvent.Kind.PROGRESS_TALK_RECORDED:
        return
    reports = talk_reports.reports_to_sign(review)
    if not reports or review.employee.user is None:
        return
    report = reports[-1]  # the talk just recorded
    notify(
        recipients=[review.employee.user],
        review=review,
        kind=Notification.Kind.YOUR_TURN,
        key=f"talk_report:{review.pk}:{report.id}",
        text_for=lambda user: messages.talk_report_to_sign(
            review, user, occurrence=report.occurrence, talk_date=report.talk_date, sign_by=report.sign_by
        ),
        due_date=report.sign_by,
    )


@receiver(review_transitioned)
def take_the_held_talk_off_the_agenda(sender, review, transition, **kwargs):
    """A recorded talk took place: the planned talk of its kind leaves the participants' agendas."""
    kind = TALK_RECORDED_BY.get(transition)
    if kind is None:
        return
    payload = (
        ReviewEvent.objects.filter(review=review).order_by("-id").values_list("payload", flat=True).first()
    )
    talk_mark_held(review=review, kind=kind, held_on=date.fromisoformat(payload["talk_date"]))


def _name(user) -> str:
    employee = getattr(user, "employee", None) if user is not None else None
    return employee.name if employee is not None else (user.get_username() if user is not None else "")


@receiver(review_reassigned)
def tell_both_managers(sender, review, actor, old_manager, new_manager, **kwargs):
    if old_manager is not None and old_manager.user_id is not None:
        # The review is no longer theirs: what asked them to act on it needs nothing more from them.
        notifications_mark_handled(review=review, recipient_ids=[old_manager.user_id])
    event = ReviewEvent.objects.filter(review=review).order_by("-id").values_list("id", flat=True).first()
    notify(
        recipients=[person.user for person in (new_manager, old_manager) if person is not None],
        review=review,
        kind=Notification.Kind.REASSIGNED,
        key=f"reassigned:{review.pk}:{event}",
        text_for=lambda user: messages.reassigned(
            review, user, new_manager=new_manager, old_manager=old_manager
        ),
    )


@receiver(review_second_reviewer_changed)
def tell_a_new_second_reviewer_whose_turn_it_is(sender, review, actor, **kwargs):
    if review.state != Review.State.SECOND_REVIEW:
        return  # told when the appraisal reaches them, like anyone else
    event = ReviewEvent.objects.filter(review=review).order_by("-id").values_list("id", flat=True).first()
    notify(
        recipients=[user for user in [review.second_reviewer.user] if user is not None],
        review=review,
        kind=Notification.Kind.YOUR_TURN,
        key=f"turn:{review.pk}:{event}",
        text_for=lambda user: messages.your_turn(review, user),
        due_date=review.due_date,
    )


@receiver(cycle_opened)
def tell_managers_the_cycle_is_open(sender, cycle, actor, **kwargs):
    from django.contrib.auth import get_user_model

    reports = Counter(Review.objects.filter(cycle=cycle).values_list("manager__user_id", flat=True))
    managers = (
        get_user_model().objects.filter(pk__in=reports).select_related("employee", "notification_preference")
    )
    notify(
        recipients=managers,
        review=None,
        kind=Notification.Kind.CYCLE_OPENED,
        key=f"opened:{cycle.pk}",
        link=f"{settings.SITE_URL}/",
        text_for=lambda user: messages.cycle_opened(cycle, user, reports=reports[user.pk]),
    )


@receiver(reviews_erasing)
def forget_the_erased_reviews(sender, review_ids, **kwargs):
    """Retention erases reviews: their notifications and planned talks go with them."""
    Notification.objects.filter(review_id__in=review_ids).delete()
    ScheduledTalk.objects.filter(review_id__in=review_ids).delete()


@receiver(employees_provisioned)
def invite_new_people(sender, employees, **kwargs):
    """With ``INVITE_NEW_PEOPLE`` on, everyone just added gets the invitation to choose a password, in the
    transaction that added them (a dry run rolls it back with the rest). ``account_invite`` skips whoever has
    a password already (given by hand) or no e-mail address."""
    if settings.INVITE_NEW_PEOPLE:
        account_invite(users=[employee.user for employee in employees])


@receiver(informant_requested)
def ask_the_informant(sender, request, **kwargs):
    """Someone was asked for input: their mail (and inbox message) in the same transaction."""
    from notifications.informants import informant_request_mail

    informant_request_mail(request)
