"""What each notification says, in the recipient's language, and who receives it."""

import functools
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.dates import long_date, long_datetime
from core.text import lower_first
from notifications.signing import final_texts, signing_explained
from people.models import Employee
from people.selectors import org_unit_ancestors
from reviewcycle.conditions import OBJECTION_TERM_OVER
from reviewcycle.models import Review
from reviewcycle.next_steps import next_step
from reviewcycle.rules import Role, objection_decider_role
from reviewcycle.workflow import next_action, objection_decider, owner_of, owner_role_of

User = get_user_model()


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


def language_of(user) -> str:
    employee = getattr(user, "employee", None)
    return employee.preferred_language if employee is not None else settings.LANGUAGE_CODE


def review_link(review_id: int) -> str:
    return f"{settings.SITE_URL}/reviews/{review_id}/"


def hr_users_for(org_unit) -> list:
    """HR users whose scope covers this unit (it or a unit above it)."""
    unit_ids = [org_unit.pk, *(unit.pk for unit in org_unit_ancestors(org_unit=org_unit))]
    return list(
        User.objects.filter(hr_scopes__org_unit_id__in=unit_ids, is_active=True)
        .select_related("employee")
        .distinct()
    )


def owners_of(review) -> list:
    """The people who must act next on this review (HR: everyone with the unit in scope)."""
    role, person = owner_role_of(review), owner_of(review)
    if role == Role.COMMITTEE:
        group = review.cycle.template_version.objection_committee
        return list(group.user_set.filter(is_active=True)) if group is not None else []
    if role == Role.HR or (role == Role.SECOND_REVIEWER and person is None):
        return hr_users_for(review.org_unit)
    return [person.user] if isinstance(person, Employee) else []


def _action(state: str, version=None) -> str:
    """The owner's step on regeling ``version`` (None: the default shape), to set after a colon or inside
    a sentence (lower case: docs/glossary.md)."""
    action = next_action(state, version)
    return lower_first(action) if action else ""


def your_turn(review, recipient, *, returned_by: str = "", reason: str = "") -> Text:
    """It is ``recipient``'s turn; a review the second reviewer returned (``returned_by``, their name)
    says so and gives their ``reason``."""
    with translation.override(language_of(recipient)):
        action = _action(review.state, review.cycle.template_version)
        if returned_by:
            subject = _("%(employee)s: returned to you by %(person)s") % {
                "employee": review.employee.name,
                "person": returned_by,
            }
            opening = _("%(person)s returned the appraisal of %(employee)s (%(cycle)s) with this reason:") % {
                "person": returned_by,
                "employee": review.employee.name,
                "cycle": review.cycle.name,
            }
            opening = f"{opening}\n{reason}"
        elif review.employee.user_id == recipient.pk:
            subject = _("Your review: %(action)s") % {"action": action}
            opening = _("It is your turn in your review of %(cycle)s.") % {"cycle": review.cycle.name}
        else:
            subject = _("%(employee)s: %(action)s") % {"employee": review.employee.name, "action": action}
            opening = _("It is your turn in the review of %(employee)s (%(cycle)s).") % {
                "employee": review.employee.name,
                "cycle": review.cycle.name,
            }
        if review.state == Review.State.EMPLOYEE_RESPONSE and review.employee.user_id == recipient.pk:
            # What signing means and the term's last day (the due date): said once, in full.
            parts = [
                opening,
                *signing_explained(review.response_due or review.due_date, review.cycle.template_version),
            ]
        else:
            # The step as the recipient reads it on the page, with its due date written out.
            parts = [opening, next_step(review, recipient)]
        if not OBJECTION_TERM_OVER(review):
            # Signed "voor gezien": finalising waits for the end of the employee's term to object.
            parts += OBJECTION_TERM_OVER.messages(review)
        return Text(subject, "\n\n".join(parts))


def objection_received(review, recipient) -> Text:
    """To the employee who objected: who decides (as the regeling says) and by when (the review's due date)."""
    with translation.override(language_of(recipient)):
        return Text(
            _("Your objection has been received"),
            "\n\n".join(
                [
                    _("You objected to your appraisal for %(cycle)s.") % {"cycle": review.cycle.name},
                    (
                        _("HR decides on your objection by %(date)s and gives the reasons for the decision.")
                        if objection_decider_role(review) == Role.HR
                        else _(
                            "%(who)s decides on your objection by %(date)s and gives the reasons for the decision."
                        )
                    )
                    % {"date": long_date(review.due_date), "who": objection_decider(review)},
                    _("Until then your appraisal is not final. You will receive the decision here."),
                ]
            ),
        )


def talk_report_to_sign(review, recipient, *, occurrence: int, talk_date: date, sign_by: date) -> Text:
    """To the employee, once a progress talk is recorded on a regeling whose reports they sign
    (``reviewcycle.talk_reports``): which report waits, until when, and what signing for seen means."""
    with translation.override(language_of(recipient)):
        return Text(
            _("A talk report waits for your signature"),
            "\n\n".join(
                [
                    _(
                        "Your manager recorded the report of progress talk %(number)s (held on %(date)s) "
                        "in %(cycle)s."
                    )
                    % {"number": occurrence, "date": long_date(talk_date), "cycle": review.cycle.name},
                    _(
                        "Read it and sign it for seen (voor gezien) by %(date)s: you have received and read "
                        "it; that does not mean you agree with it. After that date the cycle goes on without "
                        "your signature."
                    )
                    % {"date": long_date(sign_by)},
                ]
            ),
        )


def _decided_by(review) -> tuple[str, str]:
    """Who decided the objection on ``review``, as its regeling's route says (``objection_decider_role``):
    the subject and the opening sentence of the message to the employee."""
    role = objection_decider_role(review)
    cycle = {"cycle": review.cycle.name}
    if role == Role.SECOND_REVIEWER:
        return (
            _("Your second reviewer has decided on your objection"),
            _("Your second reviewer has decided on your objection to your appraisal for %(cycle)s.") % cycle,
        )
    if role == Role.COMMITTEE:
        return (
            _("The objection committee has decided on your objection"),
            _("The objection committee has decided on your objection to your appraisal for %(cycle)s.")
            % cycle,
        )
    return (
        _("HR has decided on your objection"),
        _("HR has decided on your objection to your appraisal for %(cycle)s.") % cycle,
    )


def _after_decision(review) -> str:
    """What happens next, from where the decision took the review (``Review.decide_objection``)."""
    if review.state == Review.State.SCORING:
        return _(
            "Your manager scores your appraisal again. After a new appraisal talk you can sign it or "
            "object again."
        )
    if review.state == Review.State.APPRAISAL_TALK:
        return _(
            "Your manager holds the appraisal talk again. After it you can sign your appraisal or object again."
        )
    if review.state == Review.State.SECOND_REVIEW:
        return _("Your appraisal goes on to your second reviewer, who finalises it.")
    return _("Your appraisal is final.")


def objection_decided(review, recipient) -> Text:
    """To the employee who objected: who decided (HR, the second reviewer or the committee, as the
    regeling's route says), the decision (the model's label), its reasons and what happens next."""
    with translation.override(language_of(recipient)):
        subject, opening = _decided_by(review)
        return Text(
            subject,
            "\n\n".join(
                [
                    opening,
                    _("Decision: %(decision)s")
                    % {"decision": lower_first(review.get_objection_decision_display())},
                    _("Reasons: %(reasons)s") % {"reasons": review.objection_decision_reason},
                    _after_decision(review),
                ]
            ),
        )


def final(review, recipient) -> Text:
    with translation.override(language_of(recipient)):
        return Text(*final_texts(review))


# Where the employee's name goes in a reminder made once for many: a sweep can remind 100,000 people
# of the same step on the same day, and translating that text for each of them took most of its time.
_NAME = "\x00employee\x00"  # never in a name: the database refuses NUL in text


def _named(text: Text, employee_name: str) -> Text:
    return Text(text.subject.replace(_NAME, employee_name), text.body.replace(_NAME, employee_name))


def reminder(
    *, recipient, employee_name: str, cycle_name: str, state: str, due: date, own: bool, version=None
) -> Text:
    """``version``: the cycle's regeling (``CycleTemplateVersion``; None: the default shape), which names
    the step (the same for every review of the cycle: part of the cached text's key)."""
    return _named(_reminder(language_of(recipient), cycle_name, state, due, own, version), employee_name)


@functools.lru_cache(maxsize=1024)
def _reminder(language: str, cycle_name: str, state: str, due: date, own: bool, version) -> Text:
    with translation.override(language):
        action = _action(state, version)
        whose = _("your review") if own else _("the review of %(employee)s") % {"employee": _NAME}
        body = _("In %(whose)s (%(cycle)s) this is due on %(date)s: %(action)s.") % {
            "whose": whose,
            "cycle": cycle_name,
            "date": long_date(due),
            "action": action,
        }
        if own and state == Review.State.EMPLOYEE_RESPONSE:
            body = "\n\n".join([body, *signing_explained(due, version)])
        return Text(
            _("Reminder: %(action)s before %(date)s") % {"action": action, "date": long_date(due)},
            body,
        )


def overdue(
    *, recipient, employee_name: str, cycle_name: str, state: str, due: date, own: bool, version=None
) -> Text:
    return _named(_overdue(language_of(recipient), cycle_name, state, due, own, version), employee_name)


@functools.lru_cache(maxsize=1024)
def _overdue(language: str, cycle_name: str, state: str, due: date, own: bool, version) -> Text:
    with translation.override(language):
        action = _action(state, version)
        whose = _("your review") if own else _("the review of %(employee)s") % {"employee": _NAME}
        return Text(
            _("Overdue since %(date)s: %(action)s") % {"action": action, "date": long_date(due)},
            _("In %(whose)s (%(cycle)s) this was due on %(date)s and has not been done yet: %(action)s.")
            % {"whose": whose, "cycle": cycle_name, "date": long_date(due), "action": action},
        )


def escalation(
    *,
    recipient,
    employee_name: str,
    owner_name: str,
    cycle_name: str,
    state: str,
    due: date,
    days_overdue: int,
    version=None,
) -> Text:
    with translation.override(language_of(recipient)):
        return Text(
            ngettext(
                "Overdue %(days)s day: the review of %(employee)s",
                "Overdue %(days)s days: the review of %(employee)s",
                days_overdue,
            )
            % {"days": days_overdue, "employee": employee_name},
            _(
                "In the review of %(employee)s (%(cycle)s) %(owner)s has not yet done what was due on %(date)s: "
                "%(action)s. Please follow it up."
            )
            % {
                "employee": employee_name,
                "cycle": cycle_name,
                "owner": owner_name or _("nobody"),
                "date": long_date(due),
                "action": _action(state, version),
            },
        )


def reassigned(review, recipient, *, new_manager, old_manager) -> Text:
    with translation.override(language_of(recipient)):
        if new_manager is not None and recipient.pk == new_manager.user_id:
            return Text(
                _("The review of %(employee)s is now yours") % {"employee": review.employee.name},
                _(
                    "HR moved the review of %(employee)s (%(cycle)s) to you; its history moved along. Next: %(action)s."
                )
                % {
                    "employee": review.employee.name,
                    "cycle": review.cycle.name,
                    "action": _action(review.state, review.cycle.template_version),
                },
            )
        return Text(
            _("The review of %(employee)s moved to %(manager)s")
            % {"employee": review.employee.name, "manager": new_manager.name if new_manager else "—"},
            _("You no longer hold the review of %(employee)s (%(cycle)s).")
            % {"employee": review.employee.name, "cycle": review.cycle.name},
        )


def cycle_opened(cycle, recipient, *, reports: int) -> Text:
    """To a manager with ``reports`` reviews in the cycle just opened: the first talk, as the cycle's regeling
    names it, and when it is due: the cycle's date, or on a regeling for individuals each review's own."""
    version = cycle.template_version
    with translation.override(language_of(recipient)):
        values = {"cycle": cycle.name, "count": reports, "date": long_date(cycle.planning_due)}
        if version is not None and version.is_for_individuals:
            body = _(
                "The cycle %(cycle)s is open for %(count)s of your reports. Each runs on the employee's own dates, "
                "counted from the start date: hold the %(talk)s by the date on their review."
            ) % {**values, "talk": version.talk_name("planning")}
        elif version is not None and not version.goals_required:
            body = _(
                "The cycle %(cycle)s is open for %(count)s of your reports. Hold the %(talk)s with each of "
                "them before %(date)s."
            ) % {**values, "talk": version.talk_name("planning")}
        else:
            body = (
                _(
                    "The cycle %(cycle)s is open for %(count)s of your reports. Hold the planning talks and record the "
                    "goals before %(date)s."
                )
                % values
            )
        return Text(_("%(cycle)s is open") % {"cycle": cycle.name}, body)


def _other_person(talk, recipient):
    """The other participant of a talk: the manager for the employee, the employee for anyone else."""
    review = talk.review
    return review.manager if review.employee.user_id == recipient.pk else review.employee


def talk_title(talk, recipient) -> str:
    """The calendar entry's title for ``recipient``: the talk and the other person ("Planning talk with …")."""
    with translation.override(language_of(recipient)):
        return _("%(talk)s with %(person)s") % {
            "talk": talk.get_kind_display(),
            "person": _other_person(talk, recipient).name,
        }


def invitation(talk, recipient, *, cancelled: bool, rescheduled: bool) -> Text:
    """The invitation's subject names the other person; the body gives the room and the video link, and
    for a talk cancelled because it was held earlier, the day it took place."""
    with translation.override(language_of(recipient)):
        when = long_datetime(talk.starts_at)  # "8 december 2026 om 10:00", as the review page says it
        what = talk.get_kind_display()
        names = {"talk": lower_first(what), "person": _other_person(talk, recipient).name, "when": when}
        if cancelled:
            subject = _("Cancelled: %(talk)s with %(person)s on %(when)s") % names
        elif rescheduled:
            subject = _("New time: %(talk)s with %(person)s on %(when)s") % names
        else:
            subject = _("Invitation: %(talk)s with %(person)s on %(when)s") % names
        if talk.review.employee.user_id == recipient.pk:  # the employee reads about their own review
            first = _("%(talk)s with %(person)s in your review: %(when)s.") % {**names, "talk": what}
        else:
            first = _("%(talk)s with %(person)s for the review of %(employee)s: %(when)s.") % {
                **names,
                "talk": what,
                "employee": talk.review.employee.name,
            }
        lines = [first]
        if cancelled and talk.held_on:
            lines.append(_("The talk took place earlier, on %(date)s.") % {"date": long_date(talk.held_on)})
        if talk.location:
            lines.append(_("Place: %(place)s") % {"place": talk.location})
        if talk.video_link:
            lines.append(_("Video link: %(link)s") % {"link": talk.video_link})
        return Text(subject, "\n".join(lines))
